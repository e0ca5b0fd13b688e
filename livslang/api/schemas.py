"""The API's request and response shapes (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema


def _iso_date(value: Any) -> Any:
    """Dates only as YYYY-MM-DD (pydantic would also read a number as a Unix time)."""
    if isinstance(value, dt.date) or (
        isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"
    ):
        return value
    raise ValueError("Enter a date as YYYY-MM-DD.")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _decimal_schema(digits: int, places: int, *, signed: bool = False) -> dict[str, Any]:
    """A decimal as a JSON number or a string, with its bounds in the schema (so a client,
    or schemathesis, knows 1e308 or a third decimal is refused before sending it)."""
    whole = digits - places
    largest = float("9" * whole + "." + "9" * places)
    number = {
        "type": "number",
        "minimum": -largest if signed else 0,
        "maximum": largest,
        "multipleOf": 10**-places,
    }
    sign = "-?" if signed else ""
    text = {"type": "string", "pattern": rf"^{sign}[0-9]{{1,{whole}}}(\.[0-9]{{1,{places}}})?$"}
    return {"anyOf": [number, text]}


Price = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2),
    WithJsonSchema(_decimal_schema(10, 2)),
]
Credits = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("99999.9"), max_digits=6, decimal_places=1),
    WithJsonSchema(_decimal_schema(6, 1)),
]
MeasuredValue = Annotated[
    Decimal,
    Field(
        ge=Decimal("-999999999999.99"),
        le=Decimal("999999999999.99"),
        max_digits=14,
        decimal_places=2,
    ),
    WithJsonSchema(_decimal_schema(14, 2, signed=True)),
]

# The default of an optional field that must not be null when given (left out: unchanged).
NOT_GIVEN: Any = None

Text200 = Annotated[str, Field(max_length=200)]
# An http(s) address, or empty for none.
WebAddress = Annotated[str, Field(max_length=500, pattern=r"^(https?://[^\s/$.?#][^\s]*)?$")]
Text2000 = Annotated[str, Field(max_length=2000)]


class Problem(Schema):
    """RFC 9457 problem details; ``errors`` points at the offending fields."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None
    dump: str | None = None


class StudyGroupOut(Schema):
    centre: str | None
    municipality: str | None
    room: str
    schedule_text: str
    contact_name: str
    contact_email: str


class CohortOut(Schema):
    id: str
    offering: str
    url: str
    status: str
    delivering_centre: str | None
    mode: str
    country: str
    municipality: str | None
    postcode: str
    venue_name: str
    latitude: float | None
    longitude: float | None
    start_date: str
    end_date: str | None
    schedule_kinds: list[str]
    schedule_text: str
    pace: str
    workload_text: str
    price: str | None
    currency: str
    seats: int | None
    minimum_participants: int | None
    guaranteed_start: bool
    application_deadline: str | None
    step_free_access: bool | None
    hearing_loop: bool | None
    enrolment_method: str
    application_url: str
    study_groups: list[StudyGroupOut]
    seats_left: int | None = None
    # Only for the owning organisation's tokens.
    confirmed_count: int | None = None
    source_identifier: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class OfferingOut(Schema):
    id: str
    slug: str
    url: str
    title: str
    description: str
    language: str
    provider: str | None
    owner: str | None
    delivering_centres: list[str]
    isced_field: str | None
    topics: list[str]
    level_framework: str
    level: int | None
    level_text: str
    credits_value: str | None
    credits_unit: str
    duration_text: str
    target_group: str
    prerequisites: str
    admission_requirements: str
    funding_employer: bool
    funding_public_grant: bool
    funding_loan: bool
    campaign_tags: list[str]
    external_url: str
    published_at: str | None
    cohorts: list[CohortOut] | None = None
    # Only for the owning organisation's tokens.
    status: str | None = None
    source_identifier: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Page(Schema):
    count: int
    page: int
    pages: int
    page_size: int


class OfferingPage(Page):
    results: list[OfferingOut]


class OrganisationOut(Schema):
    id: str
    slug: str
    name: str
    kind: str
    country: str
    home_municipality: str | None
    website: str
    description: str
    url: str


class OrganisationPage(Page):
    results: list[OrganisationOut]


class MunicipalityOut(Schema):
    country: str
    code: str
    name: str
    region: str
    region_name: str
    latitude: float
    longitude: float


class MunicipalityPage(Page):
    results: list[MunicipalityOut]


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    options: list[FacetOptionOut]


class SearchHit(Schema):
    offering: OfferingOut
    cohort: CohortOut
    distance_km: float | None
    is_online: bool


class FieldNote(Schema):
    field: str
    message: str


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    fuzzy: bool
    results: list[SearchHit]
    facets: list[FacetOut]
    ignored: list[FieldNote]


class ChangeOut(Schema):
    sequence: int
    kind: str
    id: str
    action: str
    occurred_at: str | None
    data: dict[str, Any] | None


class ChangesOut(Schema):
    changes: list[ChangeOut]
    next: int
    more: bool
    retention_days: int


class TokenOut(Schema):
    id: str
    name: str
    organisation: str
    scope: str


class MeasurementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    measured_on: IsoDate
    value: MeasuredValue | None = None
    comment: str = Field("", max_length=2000)


class MeasurementOut(Schema):
    goal: str
    measured_on: str
    value: str | None
    source: str
    comment: str


Mode = Literal["on_site", "online", "blended"]
ScheduleKind = Literal["daytime", "evening", "weekend", "self_paced"]


class CohortIn(Schema):
    """A cohort's fields. On create, what is left out takes its default; on update, only the
    fields given change. The municipality comes from the postcode."""

    model_config = ConfigDict(extra="forbid")

    mode: Mode = Field(NOT_GIVEN)
    country: Literal["NO", "DK"] = Field(NOT_GIVEN)
    postcode: str = Field(NOT_GIVEN, pattern=r"^[0-9]{4}$")
    venue_name: Text200 = Field(NOT_GIVEN)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    start_date: IsoDate = Field(NOT_GIVEN)
    end_date: IsoDate | None = None
    schedule_kinds: list[ScheduleKind] = Field(NOT_GIVEN, max_length=4)
    schedule_text: Annotated[str, Field(max_length=500)] = Field(NOT_GIVEN)
    pace: Literal["", "full_time", "part_time"] = Field(NOT_GIVEN)
    workload_text: Text200 = Field(NOT_GIVEN)
    price: Price | None = None
    currency: Literal["NOK", "DKK", "EUR"] = Field(NOT_GIVEN)
    seats: int | None = Field(None, ge=0, le=100000)
    minimum_participants: int | None = Field(None, ge=0, le=100000)
    guaranteed_start: bool = Field(NOT_GIVEN)
    application_deadline: IsoDate | None = None
    step_free_access: bool | None = None
    hearing_loop: bool | None = None
    enrolment_method: Literal["livslang", "external"] = Field(NOT_GIVEN)
    application_url: WebAddress = Field(NOT_GIVEN)


class CohortStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Literal["planned", "open", "will_run", "running", "completed", "cancelled"]


class OfferingIn(Schema):
    """An offering's fields (the provider is the token's organisation). On update, only the
    fields given change."""

    model_config = ConfigDict(extra="forbid")

    title: Text200 = Field(NOT_GIVEN)
    description: Annotated[str, Field(max_length=10000)] = Field(NOT_GIVEN)
    language: Literal["nb", "nn", "da", "en", "se"] = Field(NOT_GIVEN)
    topics: list[Annotated[str, Field(max_length=100)]] = Field(NOT_GIVEN, max_length=50)
    level_framework: Literal["", "nkr", "eqf"] = Field(NOT_GIVEN)
    level: int | None = Field(None, ge=1, le=8)
    level_text: Text200 = Field(NOT_GIVEN)
    credits_value: Credits | None = None
    credits_unit: Literal["", "ects", "fagskolepoeng", "amu_days", "other"] = Field(NOT_GIVEN)
    duration_text: Text200 = Field(NOT_GIVEN)
    target_group: Text2000 = Field(NOT_GIVEN)
    prerequisites: Text2000 = Field(NOT_GIVEN)
    admission_requirements: Text2000 = Field(NOT_GIVEN)
    funding_employer: bool = Field(NOT_GIVEN)
    funding_public_grant: bool = Field(NOT_GIVEN)
    funding_loan: bool = Field(NOT_GIVEN)
    campaign_tags: list[Annotated[str, Field(max_length=100)]] = Field(NOT_GIVEN, max_length=20)
    external_url: WebAddress = Field(NOT_GIVEN)


class CohortCreateIn(CohortIn):
    """A new cohort: it needs its start date (and, unless self-paced, its end date)."""

    start_date: IsoDate


class OfferingCreateIn(OfferingIn):
    """A new offering: it needs its title."""

    title: Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
