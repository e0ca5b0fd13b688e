"""Small factories for tests, here and in other apps: offerings and cohorts. They write
directly (no audit, no change log), so a test can set up any state in one line."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from livslang.catalog.models import (
    SCHEDULE_FIELDS,
    Cohort,
    CohortStatus,
    Currency,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingStatus,
)
from livslang.catalog.services import make_slug
from livslang.organisations.models import Kind, Organisation
from livslang.organisations.testing import SENJA, ensure_municipality, make_organisation

_sequence = itertools.count(1)


def make_offering(
    owner: Organisation | None = None, status: str = OfferingStatus.PUBLISHED, **kw: Any
) -> Offering:
    """An offering of ``owner`` (a new centre if None); published unless ``status`` says not."""
    owner = owner or make_organisation(kind=Kind.CENTRE)
    centres = kw.pop("delivering_centres", None)
    title = kw.pop("title", None) or f"Kurs {next(_sequence)}"
    fields: dict[str, Any] = {
        "title": title,
        "slug": make_slug(title),
        "description": "Et kurs for voksne.",
        "language": "nb" if owner.country == "NO" else "da",
        "provider": owner,
        "owner": owner,
        "status": status,
        "published_at": timezone.now() if status == OfferingStatus.PUBLISHED else None,
    }
    fields.update(kw)
    offering = Offering.objects.create(**fields)
    if centres:
        offering.delivering_centres.set(centres)
    return offering


def make_cohort(offering: Offering, mode: str = Mode.ON_SITE, **kw: Any) -> Cohort:
    """A cohort of ``offering`` starting in 30 days, in Senja unless told otherwise."""
    schedule_kinds = kw.pop("schedule_kinds", None)
    study_groups = kw.pop("study_groups", None)
    start = kw.pop("start_date", None) or timezone.localdate() + timedelta(days=30)
    fields: dict[str, Any] = {
        "offering": offering,
        "mode": mode,
        "country": "NO",
        "start_date": start,
        "end_date": start + timedelta(days=60),
        "schedule_evening": True,
        "price": Decimal("1500.00"),
        "currency": Currency.NOK,
        "seats": 20,
        "status": CohortStatus.OPEN,
    }
    if mode != Mode.ONLINE and "municipality" not in kw:
        fields["municipality"] = ensure_municipality(SENJA)
    fields.update(kw)
    if fields["country"] == "DK" and "currency" not in kw:
        fields["currency"] = Currency.DKK
    if schedule_kinds is not None:
        for kind, field in SCHEDULE_FIELDS.items():
            fields[field] = kind in schedule_kinds
    cohort = Cohort.objects.create(**fields)
    for group in study_groups or []:
        LocalStudyGroup.objects.create(cohort=cohort, **group)
    return cohort


def make_postcode(
    code: str = "9300", municipality_code: str = SENJA, name: str = "Finnsnes"
) -> Any:
    """A postcode in the municipality with ``municipality_code`` (for tests without load_geo)."""
    from livslang.geo.models import Postcode

    municipality = ensure_municipality(municipality_code)
    existing = Postcode.objects.filter(country_id=municipality.country_id, code=code).first()
    if existing is not None:
        return existing
    postcode = Postcode.objects.create(
        country_id=municipality.country_id,
        code=code,
        name=name,
        lat=69.23,
        lon=17.98,
        coord_source=Postcode.CoordSource.GEONAMES,
        municipality=municipality,
    )
    postcode.municipalities.add(municipality)
    return postcode
