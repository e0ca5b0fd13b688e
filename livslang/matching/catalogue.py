"""The matcher's records built from the catalogue (read through ``catalog.queries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from livslang.catalog import queries as catalog_queries
from livslang.matching import thesaurus
from livslang.matching.engine import CohortDoc, NeedSpec, OfferingDoc, need_concepts
from livslang.matching.text import analyse, generic_words
from livslang.search import queries as search_queries


def _kinds(row: dict[str, Any]) -> frozenset[str]:
    flags = (
        ("daytime", "schedule_daytime"),
        ("evening", "schedule_evening"),
        ("weekend", "schedule_weekend"),
        ("self_paced", "schedule_self_paced"),
    )
    return frozenset(kind for kind, column in flags if row[column])


def cohort_doc(row: dict[str, Any]) -> CohortDoc:
    # Like the search: the cohort's own point, else its municipality's main settlement.
    lat, lon = row["latitude"], row["longitude"]
    if lat is None or lon is None:
        lat, lon = row["municipality__settlement_lat"], row["municipality__settlement_lon"]
    seats = row["seats"]
    return CohortDoc(
        key=str(row["public_id"]),
        mode=row["mode"],
        start=row["start_date"],
        end=row["end_date"],
        kinds=_kinds(row),
        price=row["price"],
        currency=row["currency"],
        seats=None if seats is None else max(seats - row["confirmed_count"], 0),
        lat=lat,
        lon=lon,
        place=row["venue_name"] or row["municipality__name"] or "",
    )


def _joinable(row: dict[str, Any], today: date) -> bool:
    """A cohort one can still join: not completed, not over, and not yet started unless it
    is self-paced."""
    if row["status"] == "completed":
        return False
    if (row["end_date"] or row["start_date"]) < today:
        return False
    return row["start_date"] >= today or bool(row["schedule_self_paced"])


def published_docs(*, today: date, pks: list[int] | None = None) -> list[OfferingDoc]:
    """The published offerings (all, or ``pks``) as matcher records, with the cohorts one
    can still join on ``today``."""
    offerings, cohorts = catalog_queries.rows_for_matching(pks=pks)
    by_offering: dict[int, list[CohortDoc]] = {}
    for row in cohorts:
        if _joinable(row, today):
            by_offering.setdefault(row["offering_id"], []).append(cohort_doc(row))
    return [
        OfferingDoc(
            key=str(row["public_id"]),
            title=row["title"],
            description=row["description"],
            topics=tuple(str(t) for t in (row["topics"] or []) if str(t).strip()),
            language=row["language"],
            cohorts=tuple(by_offering.get(row["pk"], ())),
            level_text=row["level_text"],
        )
        for row in offerings
    ]


# A catalogue up to this size is ranked whole; a larger one through candidates: the offerings
# the search index finds for the need's words and its concepts' terms (best first).
CANDIDATES = 200


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


def docs_for(need: NeedSpec, *, today: date) -> list[OfferingDoc]:
    """The offerings to rank for ``need``: all of them, or the candidates when there are many."""
    if not catalog_queries.more_published_than(CANDIDATES):
        return published_docs(today=today)
    pks = search_queries.offerings_with_any(candidate_stems(need), CANDIDATES)
    return published_docs(today=today, pks=pks)
