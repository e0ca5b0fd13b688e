"""The search: text, filters, near me, facet counts, sorting and the page of results.

Results are offerings. An offering is found when at least one of its searchable cohorts passes
every filter; it is shown with its *best* cohort for the searcher: the nearest on-site or
blended cohort that passes (the earliest, without a place), else an online one.

A facet count is the number of offerings with a cohort passing all *other* filters and having
that value; the values chosen within one facet combine with OR. Each search checks every
cohort of the offerings the text matched once, noting which active filters it fails: a cohort
failing none counts for every facet, one failing exactly one filter counts for that filter's
facet only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from livslang.catalog.models import (
    Cohort,
    CohortStatus,
    Mode,
    Offering,
    OfferingLanguage,
    Pace,
    ScheduleKind,
)
from livslang.geo.points import Point, great_circle_km
from livslang.geo.queries import Place
from livslang.search.index import CohortRecord, OfferingRecord, SearchIndex, current_index

PAGE_SIZE = 20
MAX_PAGE = 500
# How many values of a long facet (providers, campaigns) are offered besides the chosen ones.
LONG_FACET_VALUES = 12


class Sort:
    RELEVANCE = "relevance"
    START = "start"
    DISTANCE = "distance"
    CHOICES = (
        (RELEVANCE, _("best match")),
        (START, _("earliest start")),
        (DISTANCE, _("nearest")),
    )


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


def duration_of(cohort: CohortRecord) -> str:
    if cohort.end is None:
        return "open"
    days = (cohort.end - cohort.start).days
    if days <= 31:
        return "short"
    if days <= 183:
        return "medium"
    return "long"


@dataclass(frozen=True)
class Criteria:
    """What the searcher asked for (validated by ``forms.SearchForm``)."""

    text: str = ""
    subjects: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    durations: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    schedules: frozenset[str] = frozenset()
    paces: frozenset[str] = frozenset()
    funding: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    campaigns: frozenset[str] = frozenset()
    credits_min: float | None = None
    credits_max: float | None = None
    price_max: float | None = None
    free: bool = False
    no_prerequisites: bool = False
    step_free: bool = False
    open_now: bool = False
    study_group: bool = False
    start_from: dt.date | None = None
    start_to: dt.date | None = None
    place: Place | None = None
    radius_km: int = 50
    exclude_online: bool = False
    sort: str = Sort.RELEVANCE
    page: int = 1


@dataclass
class _Context:
    criteria: Criteria
    today: dt.date
    origin: Point | None
    distances: dict[int, float | None] = field(default_factory=dict)

    def distance(self, cohort: CohortRecord) -> float | None:
        """km from the searcher's place to the cohort's place; None for online or unknown."""
        if self.origin is None or cohort.lat is None or cohort.lon is None:
            return None
        if cohort.id not in self.distances:
            self.distances[cohort.id] = great_circle_km(self.origin, Point(cohort.lat, cohort.lon))
        return self.distances[cohort.id]


Values = Callable[[OfferingRecord, CohortRecord, _Context], Iterable[str]]
Test = Callable[[OfferingRecord, CohortRecord, _Context], bool]


def _yes(test: Test) -> Values:
    return lambda o, c, x: ("yes",) if test(o, c, x) else ()


def _is_free(o: OfferingRecord, c: CohortRecord, x: _Context) -> bool:
    return c.price is not None and c.price == 0


def _step_free(o: OfferingRecord, c: CohortRecord, x: _Context) -> bool:
    # An online cohort has no venue to reach.
    return c.mode == Mode.ONLINE or c.step_free is True


def _open_now(o: OfferingRecord, c: CohortRecord, x: _Context) -> bool:
    return c.status == CohortStatus.OPEN and (c.deadline is None or c.deadline >= x.today)


# Facets: name -> the values an (offering, cohort) pair has. Boolean filters are facets with
# the single value "yes", so they get counts too.
FACETS: dict[str, Values] = {
    "subjects": lambda o, c, x: (o.subject,) if o.subject else (),
    "levels": lambda o, c, x: (str(o.level),) if o.level else (),
    "durations": lambda o, c, x: (duration_of(c),),
    "modes": lambda o, c, x: (c.mode,),
    "schedules": lambda o, c, x: c.schedule,
    "paces": lambda o, c, x: (c.pace,) if c.pace else (),
    "funding": lambda o, c, x: o.funding,
    "languages": lambda o, c, x: (o.language,),
    "organisations": lambda o, c, x: (
        (o.organisations | {c.centre}) if c.centre else o.organisations
    ),
    "campaigns": lambda o, c, x: o.campaigns,
    "free": _yes(_is_free),
    "no_prerequisites": _yes(lambda o, c, x: o.no_prerequisites),
    "step_free": _yes(_step_free),
    "open_now": _yes(_open_now),
    "study_group": _yes(lambda o, c, x: c.has_study_group),
}
BOOLEAN_FACETS = ("free", "no_prerequisites", "step_free", "open_now", "study_group")


def _selected(criteria: Criteria, name: str) -> frozenset[str]:
    if name in BOOLEAN_FACETS:
        return frozenset({"yes"}) if getattr(criteria, name) else frozenset()
    return getattr(criteria, name)


def _range_tests(criteria: Criteria) -> dict[str, Test]:
    tests: dict[str, Test] = {}
    low, high = criteria.credits_min, criteria.credits_max
    if low is not None or high is not None:
        tests["credits"] = lambda o, c, x: (
            o.credits is not None
            and ((low is None or o.credits >= low) and (high is None or o.credits <= high))
        )
    if criteria.price_max is not None:
        limit = criteria.price_max
        tests["price_max"] = lambda o, c, x: c.price is not None and c.price <= limit
    start_from, start_to = criteria.start_from, criteria.start_to
    if start_from is not None or start_to is not None:
        tests["start"] = lambda o, c, x: (
            (start_from is None or c.start >= start_from)
            and (start_to is None or c.start <= start_to)
        )
    if criteria.place is not None:
        radius, exclude_online = criteria.radius_km, criteria.exclude_online

        def near(o: OfferingRecord, c: CohortRecord, x: _Context) -> bool:
            if c.mode == Mode.ONLINE:
                return not exclude_online
            km = x.distance(c)
            return km is not None and km <= radius

        tests["near"] = near
    elif criteria.exclude_online:
        tests["near"] = lambda o, c, x: c.mode != Mode.ONLINE
    return tests


def active_filters(criteria: Criteria) -> list[str]:
    """The names of the filters the criteria switch on (range filters and facets)."""
    return [*_range_tests(criteria), *(name for name in FACETS if _selected(criteria, name))]


@dataclass(frozen=True)
class Hit:
    """One offering found, with its best cohort for the searcher."""

    offering: OfferingRecord
    cohort: CohortRecord
    distance: float | None
    score: float


def _best(passing: list[CohortRecord], x: _Context) -> tuple[CohortRecord, float | None]:
    placed = [c for c in passing if c.mode != Mode.ONLINE]
    if placed:
        if x.origin is not None:

            def key(c: CohortRecord) -> tuple[float, dt.date, int]:
                km = x.distance(c)
                return (math.inf if km is None else km, c.start, c.id)

            best = min(placed, key=key)
        else:
            best = min(placed, key=lambda c: (c.start, c.id))
        return best, x.distance(best)
    return min(passing, key=lambda c: (c.start, c.id)), None


@dataclass
class Evaluation:
    """The outcome of filtering: the hits and the facet counts (before paging)."""

    hits: list[Hit]
    counts: dict[str, Counter[str]]
    fuzzy: bool


FACET_NAMES = tuple(FACETS)
_OPEN_NOW = FACET_NAMES.index("open_now")
_NO_VALUES: frozenset[str] = frozenset()
_YES = frozenset({"yes"})
_interned: dict[frozenset[str], frozenset[str]] = {}


def _values_of(o: OfferingRecord, c: CohortRecord) -> tuple[frozenset[str], ...]:
    """The cohort's values in every facet, computed once and kept on the record (shared
    frozensets keep the memory small). "Application open now" depends on the day: it is
    worked out per search."""
    if c.values is None:
        x = _Context(criteria=Criteria(), today=dt.date.min, origin=None)
        values = []
        for name in FACET_NAMES:
            found = _NO_VALUES if name == "open_now" else frozenset(FACETS[name](o, c, x))
            values.append(_interned.setdefault(found, found))
        c.values = tuple(values)
    return c.values


def prepare(record: OfferingRecord) -> None:
    """Work out the facet values of every cohort of ``record`` now (the index does this as it
    takes a record in, so no search pays for it)."""
    for cohort in record.cohorts:
        _values_of(record, cohort)


def evaluate(index: SearchIndex, criteria: Criteria, *, today: dt.date) -> Evaluation:
    """Every offering passing ``criteria`` with its best cohort, and all facet counts."""
    scores, fuzzy = index.match(criteria.text)
    origin = criteria.place.point if criteria.place is not None else None
    x = _Context(criteria=criteria, today=today, origin=origin)
    facet_tests = [
        (i, chosen) for i, name in enumerate(FACET_NAMES) if (chosen := _selected(criteria, name))
    ]
    range_tests = list(_range_tests(criteria).values())
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    hits: list[Hit] = []
    with index.lock:  # a snapshot: a catch-up in another thread replaces records
        records: list[OfferingRecord] = (
            list(index.records.values())
            if scores is None
            else [index.records[i] for i in scores if i in index.records]
        )
    facet_count = len(FACET_NAMES)
    for o in records:
        passing: list[CohortRecord] = []
        seen: list[set[str]] = [set() for _ in range(facet_count)]
        for c in o.cohorts:
            values = _values_of(o, c)
            if c.status == CohortStatus.OPEN and (c.deadline is None or c.deadline >= today):
                values = (*values[:_OPEN_NOW], _YES, *values[_OPEN_NOW + 1 :])
            failed = -1
            fails = 0
            for i, chosen in facet_tests:
                if chosen.isdisjoint(values[i]):
                    fails += 1
                    failed = i
                    if fails > 1:
                        break
            if fails < 2:
                for test in range_tests:
                    if not test(o, c, x):
                        fails += 1
                        failed = -1
                        if fails > 1:
                            break
            if fails == 0:
                passing.append(c)
                for i in range(facet_count):
                    if values[i]:
                        seen[i].update(values[i])
            elif fails == 1 and failed >= 0:
                seen[failed].update(values[failed])
        for i in range(facet_count):
            if seen[i]:
                counts[FACET_NAMES[i]].update(seen[i])
        if passing:
            cohort, km = _best(passing, x)
            score = scores.get(o.id, 0.0) if scores is not None else 0.0
            hits.append(Hit(offering=o, cohort=cohort, distance=km, score=score))
    _sort(hits, criteria.sort)
    return Evaluation(hits=hits, counts=counts, fuzzy=fuzzy)


def _sort(hits: list[Hit], sort: str) -> None:
    def by_start(h: Hit) -> tuple[dt.date, str, int]:
        return (h.cohort.start, h.offering.title.casefold(), h.offering.id)

    if sort == Sort.DISTANCE:
        hits.sort(
            key=lambda h: (math.inf if h.distance is None else h.distance, *by_start(h)),
        )
    elif sort == Sort.START:
        hits.sort(key=by_start)
    else:
        hits.sort(key=lambda h: (-h.score, *by_start(h)))


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
    offering: Offering
    cohort: Cohort
    distance: float | None
    is_online: bool


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


def _value_labels(index: SearchIndex) -> dict[str, dict[str, str]]:
    language = (get_language() or "nb")[:2]
    position = {"en": 0, "da": 2}.get(language, 1)
    return {
        "subjects": {code: names[position] for code, names in index.labels.fields.items()},
        "levels": {value: str(label) for value, label in LEVELS},
        "durations": {value: str(label) for value, label in DURATIONS},
        "modes": {value: str(label) for value, label in Mode.choices},
        "schedules": {value: str(label) for value, label in ScheduleKind.choices},
        "paces": {value: str(label) for value, label in Pace.choices if value},
        "funding": {value: str(label) for value, label in FUNDING},
        "languages": {value: str(label) for value, label in OfferingLanguage.choices},
        "organisations": dict(index.labels.organisations),
    }


def _facets(index: SearchIndex, criteria: Criteria, counts: dict[str, Counter[str]]) -> list[Facet]:
    labels = _value_labels(index)
    facets: list[Facet] = []
    for name in FACETS:
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


def _rows(hits: list[Hit]) -> list[ResultRow]:
    """The page's offerings and cohorts from the database: two queries for any page size."""
    offerings = Offering.objects.select_related("provider").in_bulk([h.offering.id for h in hits])
    cohorts = Cohort.objects.select_related("municipality").in_bulk([h.cohort.id for h in hits])
    rows = []
    for h in hits:
        offering, cohort = offerings.get(h.offering.id), cohorts.get(h.cohort.id)
        if offering is None or cohort is None:
            continue  # deleted since the index last caught up
        rows.append(
            ResultRow(
                offering=offering,
                cohort=cohort,
                distance=h.distance,
                is_online=cohort.mode == Mode.ONLINE,
            )
        )
    return rows


def search(criteria: Criteria, *, today: dt.date | None = None) -> SearchResult:
    """Run a search: filters, facets and the requested page, in a fixed number of queries."""
    index = current_index()
    day = today or timezone.localdate()
    evaluation = evaluate(index, criteria, today=day)
    total = len(evaluation.hits)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, criteria.page), pages)
    start = (page - 1) * PAGE_SIZE
    active = active_filters(criteria)
    facets = _facets(index, criteria, evaluation.counts)
    return SearchResult(
        total=total,
        page=page,
        pages=pages,
        rows=_rows(evaluation.hits[start : start + PAGE_SIZE]),
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
    scores, _fuzzy = index.match(criteria.text)
    origin = criteria.place.point if criteria.place is not None else None
    x = _Context(criteria=criteria, today=day, origin=origin)
    facet_tests = [
        (i, chosen) for i, name in enumerate(FACET_NAMES) if (chosen := _selected(criteria, name))
    ]
    range_tests = list(_range_tests(criteria).values())
    with index.lock:
        records = (
            list(index.records.values())
            if scores is None
            else [index.records[i] for i in scores if i in index.records]
        )
    found: list[int] = []
    for o in records:
        for c in o.cohorts:
            if c.id not in wanted:
                continue
            values = _values_of(o, c)
            if _open_now(o, c, x):
                values = (*values[:_OPEN_NOW], _YES, *values[_OPEN_NOW + 1 :])
            if all(not chosen.isdisjoint(values[i]) for i, chosen in facet_tests) and all(
                test(o, c, x) for test in range_tests
            ):
                found.append(c.id)
    return sorted(found)


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
