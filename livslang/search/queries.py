"""The search: text, filters, near me, facet counts, sorting and the page of results.

The filtering, the facet counts and the order of the hits are worked out over the index's
columns by ``engine`` (read its docstring for the semantics); this module runs a search from
``Criteria`` to the page the searcher sees.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from livslang.catalog import queries as catalog_queries
from livslang.catalog.models import Mode, OfferingLanguage, Pace, ScheduleKind
from livslang.search import engine
from livslang.search.criteria import Criteria, Sort
from livslang.search.engine import BOOLEAN_FACETS, FACET_NAMES, Evaluation, Hit, active_filters
from livslang.search.engine import selected as _selected
from livslang.search.index import SearchIndex, current_index

__all__ = ["Criteria", "Evaluation", "Hit", "SearchResult", "Sort", "active_filters", "search"]

PAGE_SIZE = 20
MAX_PAGE = 500
# How many values of a long facet (providers, campaigns) are offered besides the chosen ones.
LONG_FACET_VALUES = 12


DURATIONS = (
    ("short", _("up to 1 month")),
    ("medium", _("1 to 6 months")),
    ("long", _("more than 6 months")),
    ("open", _("no fixed end")),
)
FUNDING = (
    ("employer", _("can be paid by the employer")),
    ("public_grant", _("public grants")),
    ("loan", _("student loans or grants")),
)
LEVELS = tuple((str(n), str(n)) for n in range(1, 9))


def evaluate(index: SearchIndex, criteria: Criteria, *, today: dt.date) -> Evaluation:
    """Every offering passing ``criteria`` with its best cohort, and all facet counts. Hold
    ``index.lock`` while reading the hits if other threads may change the index."""
    with index.lock:
        found, fuzzy = index.match(criteria.text)
        return engine.evaluate(index.columns, found, criteria, fuzzy=fuzzy, today=today)


# --- What the page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]


@dataclass(frozen=True)
class ResultRow:
    """One hit as a result list shows it: the offering and its best cohort for the searcher."""

    offering_id: int
    offering_public_id: uuid.UUID
    cohort_public_id: uuid.UUID
    title: str
    provider: str
    municipality: str  # "" when online or unknown
    postcode: str
    start_date: dt.date
    mode: str
    price: Decimal | None
    currency: str
    distance: float | None

    @property
    def is_online(self) -> bool:
        return self.mode == Mode.ONLINE

    @property
    def mode_label(self) -> str:
        return str(Mode(self.mode).label)


@dataclass(frozen=True)
class Widening:
    """A suggestion for an empty result: the parameters to change."""

    kind: str  # "radius" | "online" | "later" | "filters" | "text"
    changes: dict[str, str]


@dataclass
class SearchResult:
    total: int
    page: int
    pages: int
    rows: list[ResultRow]
    facets: list[Facet]
    toggles: list[Facet]
    fuzzy: bool
    widenings: list[Widening]
    criteria: Criteria
    filters_active: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


FACET_LABELS: dict[str, Any] = {
    "subjects": _("Field of education"),
    "levels": _("Level"),
    "durations": _("Duration"),
    "modes": _("How it is taught"),
    "schedules": _("When"),
    "paces": _("Pace"),
    "funding": _("Funding"),
    "languages": _("Language of teaching"),
    "organisations": _("Provider or centre"),
    "campaigns": _("Campaign"),
    "free": _("Free of charge"),
    "no_prerequisites": _("No prerequisites"),
    "step_free": _("Step-free venue"),
    "open_now": _("Application open now"),
    "study_group": _("Local study group"),
}


# The names of the fixed facet values, per language (translated once, not per search).
_FIXED_LABELS: dict[str, dict[str, dict[str, str]]] = {}


def _fixed_labels(language: str) -> dict[str, dict[str, str]]:
    if language not in _FIXED_LABELS:
        _FIXED_LABELS[language] = {
            "levels": {value: str(label) for value, label in LEVELS},
            "durations": {value: str(label) for value, label in DURATIONS},
            "modes": {value: str(label) for value, label in Mode.choices},
            "schedules": {value: str(label) for value, label in ScheduleKind.choices},
            "paces": {value: str(label) for value, label in Pace.choices if value},
            "funding": {value: str(label) for value, label in FUNDING},
            "languages": {value: str(label) for value, label in OfferingLanguage.choices},
        }
    return _FIXED_LABELS[language]


def _value_labels(index: SearchIndex) -> dict[str, dict[str, str]]:
    language = get_language() or "nb"
    position = {"en": 0, "da": 2}.get(language[:2], 1)
    return {
        **_fixed_labels(language),
        "subjects": {code: names[position] for code, names in index.labels.fields.items()},
        "organisations": index.labels.organisations,
    }


def _facets(index: SearchIndex, criteria: Criteria, counts: dict[str, Counter[str]]) -> list[Facet]:
    labels = _value_labels(index)
    facets: list[Facet] = []
    for name in FACET_NAMES:
        chosen = _selected(criteria, name)
        counter = counts[name]
        if name in BOOLEAN_FACETS:
            options = [FacetOption("yes", str(FACET_LABELS[name]), counter["yes"], bool(chosen))]
            facets.append(Facet(name=name, label=str(FACET_LABELS[name]), options=options))
            continue
        names = labels.get(name, {})
        if name in ("levels", "durations", "modes", "schedules", "paces", "funding"):
            values = list(names)
        else:
            ranked = sorted(counter, key=lambda v: (-counter[v], str(names.get(v, v)).casefold()))
            values = ranked[:LONG_FACET_VALUES]
            values += [v for v in sorted(chosen) if v not in values]
            values.sort(key=lambda v: str(names.get(v, v)).casefold())
        options = [
            FacetOption(v, str(names.get(v, v)), counter.get(v, 0), v in chosen)
            for v in values
            if counter.get(v, 0) or v in chosen or name in ("modes", "schedules")
        ]
        if options:
            facets.append(Facet(name=name, label=str(FACET_LABELS[name]), options=options))
    return facets


def _widenings(criteria: Criteria, active: Iterable[str]) -> list[Widening]:
    names = set(active)
    found: list[Widening] = []
    if criteria.place is not None and criteria.radius_km < 500:
        found.append(Widening("radius", {"radius": str(min(500, criteria.radius_km * 2))}))
    if criteria.exclude_online:
        found.append(Widening("online", {"exclude_online": ""}))
    if criteria.start_to is not None:
        found.append(Widening("later", {"start_to": ""}))
    if names - {"near", "start"}:
        found.append(Widening("filters", {}))
    if criteria.text and not found:
        found.append(Widening("text", {"q": ""}))
    return found


def _rows(hits: list[Hit], labels: dict[str, str]) -> tuple[list[ResultRow], int]:
    """The page's cohorts read from the database (one query for any page size), with their
    offering's title and provider from the index; and the change log's last sequence number
    read by the same query."""
    found, last_sequence = catalog_queries.cohort_summaries([h.cohort.id for h in hits])
    rows = []
    for h in hits:
        row = found.get(h.cohort.id)
        if row is None or row["offering_id"] != h.offering.id:
            continue  # deleted since the index last caught up
        rows.append(
            ResultRow(
                offering_id=h.offering.id,
                offering_public_id=h.offering.public_id,
                cohort_public_id=row["public_id"],
                title=h.offering.title,
                provider=labels.get(h.offering.provider, h.offering.provider),
                municipality=h.cohort.municipality,
                postcode=row["postcode"],
                start_date=row["start_date"],
                mode=h.cohort.mode,
                price=row["price"],
                currency=row["currency"],
                distance=h.distance,
            )
        )
    return rows, last_sequence


def search(criteria: Criteria, *, today: dt.date | None = None) -> SearchResult:
    """Run a search: filters, facets and the requested page, in a fixed number of queries.

    The index is checked against the change log by the query that reads the page's rows (one
    round trip instead of two); in the rare case that the log has moved on, the index catches
    up and the search runs again, so a search never answers from a state older than the last
    change committed before its rows were read."""
    index = current_index(catch_up=False)
    day = today or timezone.localdate()
    for attempt in range(2):
        with index.lock:
            evaluation = evaluate(index, criteria, today=day)
            total = evaluation.total
            pages = max(1, math.ceil(total / PAGE_SIZE))
            page = min(max(1, criteria.page), pages)
            start = (page - 1) * PAGE_SIZE
            hits = evaluation.page(start, start + PAGE_SIZE)
        rows, last_sequence = _rows(hits, index.labels.organisations)
        if last_sequence <= index.sequence or attempt:
            break
        index.catch_up()
    active = active_filters(criteria)
    facets = _facets(index, criteria, evaluation.counts)
    return SearchResult(
        total=total,
        page=page,
        pages=pages,
        rows=rows,
        facets=[f for f in facets if f.name not in BOOLEAN_FACETS],
        toggles=[f for f in facets if f.name in BOOLEAN_FACETS],
        fuzzy=evaluation.fuzzy,
        widenings=_widenings(criteria, active) if total == 0 else [],
        criteria=criteria,
        filters_active=bool(active),
    )


def matching_cohorts(
    criteria: Criteria, *, cohort_ids: Iterable[int], today: dt.date | None = None
) -> list[int]:
    """The ids among ``cohort_ids`` of searchable cohorts that pass every filter of
    ``criteria``, its words included (for saved-search digests: each cohort on its own, not
    the offering's best one). Paging and sorting are ignored."""
    wanted = set(cohort_ids)
    if not wanted:
        return []
    index = current_index()
    day = today or timezone.localdate()
    with index.lock:
        found, _fuzzy = index.match(criteria.text)
        passing = engine.passing_cohorts(index.columns, found, criteria, today=day)
    return sorted(wanted.intersection(passing.tolist()))


def offerings_with_any(stems: list[str], limit: int) -> list[int]:
    """Ids of up to ``limit`` published offerings that best match any of ``stems`` (terms of
    the shared analysis), best first: the matcher's candidates in a large catalogue."""
    from livslang.search.index import current_index

    return current_index().any_of(stems, limit)


# --- Regional insight (livslang.insights) ----------------------------------------------------


def few_result_searches_by_municipality(start: dt.date, end: dt.date) -> dict[int, int]:
    """Settled searches in [start, end] that found at most ``reports.FEW_RESULTS`` offerings,
    counted by the municipality searched near (searches without a place are left out)."""
    from django.db.models import Count

    from livslang.search.models import SearchLogEntry
    from livslang.search.reports import FEW_RESULTS

    rows = (
        SearchLogEntry.objects.filter(
            searched_on__gte=start,
            searched_on__lte=end,
            result_count__lte=FEW_RESULTS,
            municipality__isnull=False,
        )
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
    )
    return {int(place): int(n) for place, n in rows}
