"""The matcher's records built from the catalogue (read through ``catalog.queries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from livslang.catalog import queries as catalog_queries
from livslang.matching.engine import CohortDoc, OfferingDoc


def cohort_doc(cohort: Any, *, key: str) -> CohortDoc:
    place = cohort.venue_name or (cohort.municipality.name if cohort.municipality else "")
    # Like the search: the cohort's own point, else its municipality's main settlement.
    lat, lon = cohort.latitude, cohort.longitude
    if (lat is None or lon is None) and cohort.municipality is not None:
        lat, lon = cohort.municipality.settlement_lat, cohort.municipality.settlement_lon
    return CohortDoc(
        key=key,
        mode=cohort.mode,
        start=cohort.start_date,
        end=cohort.end_date,
        kinds=frozenset(cohort.schedule_kind_list),
        price=cohort.price,
        currency=cohort.currency,
        seats=cohort.seats_left,
        lat=lat,
        lon=lon,
        place=place,
    )


def offering_doc(offering: Any, *, today: date | None, by_source: bool = False) -> OfferingDoc:
    """``offering`` as a matcher record; with ``today``, only cohorts one can still join."""
    cohorts = []
    for cohort in offering.cohorts.all():
        if today is not None and cohort.status in ("completed",):
            continue
        if today is not None and (cohort.end_date or cohort.start_date) < today:
            continue
        if today is not None and cohort.start_date < today and not cohort.schedule_self_paced:
            continue
        key = (
            (cohort.source_identifier or str(cohort.public_id))
            if by_source
            else str(cohort.public_id)
        )
        cohorts.append(cohort_doc(cohort, key=key))
    key = (
        (offering.source_identifier or str(offering.public_id))
        if by_source
        else str(offering.public_id)
    )
    return OfferingDoc(
        key=key,
        title=offering.title,
        description=offering.description,
        topics=tuple(offering.topic_list),
        language=offering.language,
        cohorts=tuple(cohorts),
        level_text=offering.level_text,
    )


def published_docs(
    *, today: date | None, source_identifiers: list[str] | None = None, by_source: bool = False
) -> list[OfferingDoc]:
    offerings = catalog_queries.offerings_for_matching(source_identifiers=source_identifiers)
    return [offering_doc(o, today=today, by_source=by_source) for o in offerings]
