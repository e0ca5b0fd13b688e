"""The matcher's records built from the catalogue (read through ``catalog.queries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from livslang.catalog import queries as catalog_queries
from livslang.matching import thesaurus
from livslang.matching.engine import CohortDoc, NeedSpec, OfferingDoc, need_concepts
from livslang.matching.text import analyse, generic_words
from livslang.search import queries as search_queries


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
    *,
    today: date | None,
    source_identifiers: list[str] | None = None,
    pks: list[int] | None = None,
    by_source: bool = False,
) -> list[OfferingDoc]:
    offerings = catalog_queries.offerings_for_matching(
        source_identifiers=source_identifiers, pks=pks
    )
    return [offering_doc(o, today=today, by_source=by_source) for o in offerings]


# A catalogue up to this size is ranked whole; a larger one through candidates: the offerings
# the search index finds for the need's words and its concepts' terms (best first).
CANDIDATES = 400


def candidate_stems(need: NeedSpec) -> list[str]:
    """The need's own word stems and the term stems of the concepts it speaks of, so that a
    course in another language or other words is found as a candidate."""
    words = need.text + " " + " ".join(need.topics)
    stems = set(analyse(words).stems) - generic_words()
    known = thesaurus.by_id()
    for cid in need_concepts(words):
        for p in known[cid].terms:
            for word in p:
                stems.update(s for s in word if not s.startswith("="))
    return sorted(stems)


def docs_for(need: NeedSpec, *, today: date | None) -> list[OfferingDoc]:
    """The offerings to rank for ``need``: all of them, or the candidates when there are many."""
    if catalog_queries.published_offering_count() <= CANDIDATES:
        return published_docs(today=today)
    pks = search_queries.offerings_with_any(candidate_stems(need), CANDIDATES)
    return published_docs(today=today, pks=pks)
