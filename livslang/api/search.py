"""The search operation: the search page's form validates, ``search.queries`` searches."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, QueryDict
from ninja import Field, Schema

from livslang.api import queries
from livslang.api.schemas import NOT_GIVEN, IsoDate
from livslang.catalog import queries as catalog_queries
from livslang.http import client_ip
from livslang.search import services as search_services
from livslang.search.forms import SearchForm
from livslang.search.queries import MAX_PAGE, PAGE_SIZE


class SearchFilters(Schema):
    q: str = Field("", max_length=200, description="Words, in any of the four languages.")
    place: str = Field("", max_length=100, description="A postcode or a municipality.")
    country: Literal["", "NO", "DK"] = ""
    radius: int = Field(NOT_GIVEN, ge=0, description="km around the place (clamped to 500).")
    exclude_online: bool = False
    sort: Literal["", "relevance", "start", "distance"] = ""
    subjects: list[str] = Field([], max_length=20, description="ISCED-F codes (2 digits).")
    levels: list[Literal["1", "2", "3", "4", "5", "6", "7", "8"]] = Field([], max_length=8)
    durations: list[Literal["short", "medium", "long", "open"]] = Field([], max_length=4)
    modes: list[Literal["on_site", "online", "blended"]] = Field([], max_length=3)
    schedules: list[Literal["daytime", "evening", "weekend", "self_paced"]] = Field(
        [], max_length=4
    )
    paces: list[Literal["full_time", "part_time"]] = Field([], max_length=2)
    funding: list[Literal["employer", "public_grant", "loan"]] = Field([], max_length=3)
    languages: list[Literal["nb", "nn", "da", "en", "se"]] = Field([], max_length=5)
    organisations: list[str] = Field([], max_length=20, description="Provider or centre slugs.")
    campaigns: list[str] = Field([], max_length=20)
    free: bool = False
    no_prerequisites: bool = False
    step_free: bool = False
    open_now: bool = False
    study_group: bool = False
    credits_min: float = Field(NOT_GIVEN, ge=0, le=1000)
    credits_max: float = Field(NOT_GIVEN, ge=0, le=1000)
    price_max: int = Field(NOT_GIVEN, ge=0)
    start_from: IsoDate = Field(NOT_GIVEN)
    start_to: IsoDate = Field(NOT_GIVEN)
    page: int = Field(1, ge=1, le=MAX_PAGE)


def _query_dict(filters: SearchFilters) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in filters.model_dump().items():
        if isinstance(value, list):
            if value:
                data.setlist(name, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None and value != "":
            data[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return data


def run_search(request: HttpRequest, filters: SearchFilters) -> dict[str, Any]:
    form = SearchForm(_query_dict(filters))
    criteria = form.criteria()
    ignored = [
        {"field": field, "message": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]
    result = search_services.run_search(
        criteria=criteria, settled=False, client_address=client_ip(request)
    )
    # The result rows hold what a results page shows; the API gives the whole records.
    offerings = catalog_queries.offerings_by_public_id([r.offering_public_id for r in result.rows])
    cohorts = catalog_queries.cohorts_by_public_id([r.cohort_public_id for r in result.rows])
    return {
        "count": result.total,
        "page": result.page,
        "pages": result.pages,
        "page_size": PAGE_SIZE,
        "fuzzy": result.fuzzy,
        "results": [
            {
                "offering": queries.offering_data(
                    offerings[str(row.offering_public_id)], cohorts=False
                ),
                "cohort": queries.cohort_data(cohorts[str(row.cohort_public_id)]),
                "distance_km": None if row.distance is None else round(row.distance, 1),
                "is_online": row.is_online,
            }
            for row in result.rows
            if str(row.offering_public_id) in offerings and str(row.cohort_public_id) in cohorts
        ],
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "options": [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in facet.options
                ],
            }
            for facet in [*result.facets, *result.toggles]
        ],
        "ignored": ignored,
    }
