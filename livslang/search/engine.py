"""Filtering, facet counts and ordering over the index's columns.

An offering is found when at least one of its searchable cohorts passes every filter; it is
shown with its *best* cohort for the searcher: the nearest on-site or blended cohort that passes
(the earliest, without a place), else the earliest online one.

A facet count is the number of offerings with a cohort passing all *other* filters and having
that value; the values chosen within one facet combine with OR. Every filter is evaluated once
over the rows (cohorts) of the offerings the text matched, giving how many filters each row
fails: a row failing none counts for every facet, a row failing only facet F's own filter counts
for F. Distinct offerings per value are counted with a scratch table of (offering, value) marks,
so no step sorts or loops in Python over the matched cohorts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from livslang.geo.points import EARTH_RADIUS_KM
from livslang.geo.queries import Place
from livslang.search import columns as col
from livslang.search.columns import Array, Columns
from livslang.search.criteria import Criteria, Sort
from livslang.search.records import CohortRecord, OfferingRecord

FACET_NAMES = (
    "subjects",
    "levels",
    "durations",
    "modes",
    "schedules",
    "paces",
    "funding",
    "languages",
    "organisations",
    "campaigns",
    "free",
    "no_prerequisites",
    "step_free",
    "open_now",
    "study_group",
)
BOOLEAN_FACETS = ("free", "no_prerequisites", "step_free", "open_now", "study_group")
RANGE_FILTERS = ("credits", "price_max", "start", "near")


def selected(criteria: Criteria, name: str) -> frozenset[str]:
    """The values chosen in facet ``name`` ({"yes"} for a boolean filter that is on)."""
    if name in BOOLEAN_FACETS:
        return frozenset({"yes"}) if getattr(criteria, name) else frozenset()
    return frozenset(getattr(criteria, name))


def active_filters(criteria: Criteria) -> list[str]:
    """The names of the filters the criteria switch on (range filters and facets)."""
    ranges = []
    if criteria.credits_min is not None or criteria.credits_max is not None:
        ranges.append("credits")
    if criteria.price_max is not None:
        ranges.append("price_max")
    if criteria.start_from is not None or criteria.start_to is not None:
        ranges.append("start")
    if criteria.place is not None or criteria.exclude_online:
        ranges.append("near")
    return [*ranges, *(name for name in FACET_NAMES if selected(criteria, name))]


@dataclass(frozen=True)
class Hit:
    """One offering found, with its best cohort for the searcher."""

    offering: OfferingRecord
    cohort: CohortRecord
    distance: float | None
    score: float


def _km(lat: Array, lon: Array, origin_lat: float, origin_lon: float) -> Array:
    """Great-circle distances in km (the haversine of ``geo.points.great_circle_km``)."""
    lat1, lat2 = math.radians(origin_lat), np.radians(lat)
    dlat = lat2 - lat1
    dlon = np.radians(lon - origin_lon)
    h = np.sin(dlat / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    with np.errstate(invalid="ignore"):
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


class _Matched:
    """The offerings the text matched, their rows, and each row's attributes on demand."""

    def __init__(self, columns: Columns, slots: Array, scores: Array | None) -> None:
        self.columns = columns
        self.slots = slots
        self.scores = scores
        self.rows, self.local = columns.rows_of(slots)
        self.size = len(slots)
        self._row: dict[str, Array] = {}
        self._offering: dict[str, Array] = {}

    def row(self, name: str) -> Array:
        """Column ``name`` for each matched row."""
        if name not in self._row:
            self._row[name] = self.columns.rows[name][self.rows]
        return self._row[name]

    def offering(self, name: str) -> Array:
        """Column ``name`` for each matched offering (in ``slots`` order)."""
        if name not in self._offering:
            self._offering[name] = self.columns.offerings[name][self.slots]
        return self._offering[name]

    def per_row(self, per_offering: Array) -> Array:
        return per_offering[self.local]

    def offerings_with(self, rows: Array) -> Array:
        """For each matched offering, whether one of ``rows`` (a row mask) is its."""
        marks = np.zeros(self.size, dtype=np.bool_)
        marks[self.local[rows]] = True
        return marks

    def distances(self, place: Place) -> Array:
        """km from ``place`` to each matched row's place (NaN: online or unknown)."""
        if "distance" not in self._row:
            self._row["distance"] = _km(self.row("lat"), self.row("lon"), place.lat, place.lon)
        return self._row["distance"]

    def codes(self, kind: str) -> tuple[Array, Array]:
        key = f"codes:{kind}"
        if key not in self._offering:
            codes, local = self.columns.codes_of(self.slots, kind)
            self._offering[key], self._offering[f"{key}:local"] = codes, local
        return self._offering[key], self._offering[f"{key}:local"]


def _codes(vocabulary: col.Vocabulary, chosen: Iterable[str]) -> list[int]:
    return [vocabulary.codes[v] for v in chosen if v in vocabulary.codes]


def _in(values: Array, codes: list[int]) -> Array:
    return (
        np.isin(values, np.array(codes, dtype=values.dtype))
        if codes
        else np.zeros_like(values, dtype=np.bool_)
    )


def _facet_test(m: _Matched, name: str, chosen: frozenset[str], today: int) -> Array:
    """Whether each matched row passes facet ``name`` with ``chosen`` values."""
    cols = m.columns
    if name == "subjects":
        return m.per_row(_in(m.offering("subject"), _codes(cols.subjects, chosen)))
    if name == "levels":
        levels = [int(v) for v in chosen if v.isdigit()]
        return m.per_row(_in(m.offering("level"), levels))
    if name == "durations":
        return _in(
            m.row("duration"), [col.DURATIONS.index(v) for v in chosen if v in col.DURATIONS]
        )
    if name == "modes":
        return _in(m.row("mode"), [col.MODES.index(v) for v in chosen if v in col.MODES])
    if name == "schedules":
        return (m.row("schedule") & col.bits(chosen, col.SCHEDULES)) != 0
    if name == "paces":
        return _in(m.row("pace"), [col.PACES.index(v) + 1 for v in chosen if v in col.PACES])
    if name == "funding":
        return m.per_row((m.offering("funding") & col.bits(chosen, col.FUNDING)) != 0)
    if name == "languages":
        return m.per_row(_in(m.offering("language"), _codes(cols.languages, chosen)))
    if name in ("organisations", "campaigns"):
        kind = "org" if name == "organisations" else "campaign"
        vocabulary = cols.organisations if kind == "org" else cols.campaigns
        wanted = _codes(vocabulary, chosen)
        codes, local = m.codes(kind)
        marks = np.zeros(m.size, dtype=np.bool_)
        marks[local[_in(codes, wanted)]] = True
        passes = m.per_row(marks)
        if kind == "org":  # a cohort's own delivering centre counts too
            passes |= _in(m.row("extra_centre"), wanted)
        return passes
    if name == "no_prerequisites":
        return m.per_row(m.offering("no_prerequisites"))
    if name == "open_now":
        return m.row("open") & (m.row("deadline") >= today)
    return m.row(name).astype(np.bool_)  # free, step_free, study_group


def _range_tests(m: _Matched, criteria: Criteria) -> dict[str, Array]:
    tests: dict[str, Array] = {}
    low, high = criteria.credits_min, criteria.credits_max
    if low is not None or high is not None:
        credits = m.offering("credits")
        with np.errstate(invalid="ignore"):
            ok = ~np.isnan(credits)
            if low is not None:
                ok &= credits >= low
            if high is not None:
                ok &= credits <= high
        tests["credits"] = m.per_row(ok)
    if criteria.price_max is not None:
        with np.errstate(invalid="ignore"):
            tests["price_max"] = m.row("price") <= criteria.price_max
    if criteria.start_from is not None or criteria.start_to is not None:
        start = m.row("start")
        ok = np.ones(len(start), dtype=np.bool_)
        if criteria.start_from is not None:
            ok &= start >= criteria.start_from.toordinal()
        if criteria.start_to is not None:
            ok &= start <= criteria.start_to.toordinal()
        tests["start"] = ok
    online = m.row("mode") == col.ONLINE
    if criteria.place is not None:
        km = m.distances(criteria.place)
        with np.errstate(invalid="ignore"):
            near = km <= criteria.radius_km
        tests["near"] = near if criteria.exclude_online else near | online
    elif criteria.exclude_online:
        tests["near"] = ~online
    return tests


@dataclass
class _Filtered:
    matched: _Matched
    tests: dict[str, Array]  # filter name -> passes, per row
    fails: Array  # how many filters each row fails
    passing: Array  # rows failing none


def _filter(m: _Matched, criteria: Criteria, today: dt.date) -> _Filtered:
    day = today.toordinal()
    tests = _range_tests(m, criteria)
    for name in FACET_NAMES:
        chosen = selected(criteria, name)
        if chosen:
            tests[name] = _facet_test(m, name, chosen, day)
    fails = np.zeros(len(m.rows), dtype=np.int8)
    for passes in tests.values():
        fails += ~passes
    return _Filtered(matched=m, tests=tests, fails=fails, passing=fails == 0)


def _distinct(m: _Matched, rows: Array, codes: Array, width: int) -> Array:
    """For each code in 0..width-1, how many matched offerings have a row among ``rows`` (a
    mask) with that code."""
    marks = np.zeros(m.size * width, dtype=np.bool_)
    marks[m.local[rows] * width + codes[rows]] = True
    return marks.reshape(m.size, width).sum(axis=0)


def _counts(f: _Filtered, today: int) -> dict[str, Counter[str]]:
    m = f.matched
    cols = m.columns
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    offerings_cache: dict[str, Array] = {}

    def eligible(name: str) -> Array:
        if name in f.tests:
            return f.passing | ((f.fails == 1) & ~f.tests[name])
        return f.passing

    def offerings(name: str) -> Array:
        key = name if name in f.tests else ""
        if key not in offerings_cache:
            offerings_cache[key] = m.offerings_with(eligible(name))
        return offerings_cache[key]

    def put(name: str, values: Iterable[tuple[str, Any]]) -> None:
        counter = counts[name]
        for value, n in values:
            if n:
                counter[value] = int(n)

    def by_code(name: str, values: Array, has: Array, names: list[str], offset: int = 0) -> None:
        found = np.bincount(values[has & (values >= offset)] - offset, minlength=len(names))
        put(name, zip(names, found.tolist(), strict=False))

    # Attributes of the offering: count offerings with an eligible row.
    has = offerings("subjects")
    by_code("subjects", m.offering("subject"), has, cols.subjects.values)
    has = offerings("levels")
    levels = m.offering("level").astype(np.int64)
    by_code(
        "levels",
        levels,
        has & (levels > 0),
        [str(n) for n in range(int(levels.max(initial=0)) + 1)],
    )
    has = offerings("languages")
    by_code("languages", m.offering("language").astype(np.int64), has, cols.languages.values)
    has = offerings("funding")
    funding = m.offering("funding")
    put(
        "funding",
        (
            (v, np.count_nonzero(has & ((funding & (1 << i)) != 0)))
            for i, v in enumerate(col.FUNDING)
        ),
    )
    has = offerings("no_prerequisites")
    put("no_prerequisites", [("yes", np.count_nonzero(has & m.offering("no_prerequisites")))])
    for name, kind, vocabulary in (
        ("campaigns", "campaign", cols.campaigns),
        ("organisations", "org", cols.organisations),
    ):
        has = offerings(name)
        codes, local = m.codes(kind)
        found = np.bincount(codes[has[local]], minlength=len(vocabulary))
        if kind == "org":
            # Delivering centres of single cohorts that are not among the offering's own.
            rows = eligible(name) & (m.row("extra_centre") >= 0)
            if rows.any():
                keys = np.unique(m.local[rows] * len(vocabulary) + m.row("extra_centre")[rows])
                found += np.bincount(keys % len(vocabulary), minlength=len(vocabulary))
        put(name, zip(vocabulary.values, found.tolist(), strict=False))
    # Attributes of the cohort: count distinct offerings per value.
    for name, column, values in (
        ("durations", "duration", col.DURATIONS),
        ("modes", "mode", col.MODES),
        ("paces", "pace", ("", *col.PACES)),
    ):
        found = _distinct(m, eligible(name), m.row(column).astype(np.int64), len(values))
        put(name, ((v, n) for v, n in zip(values, found.tolist(), strict=True) if v))
    rows = eligible("schedules")
    schedule = m.row("schedule")
    put(
        "schedules",
        (
            (v, np.count_nonzero(m.offerings_with(rows & ((schedule & (1 << i)) != 0))))
            for i, v in enumerate(col.SCHEDULES)
        ),
    )
    open_now = m.row("open") & (m.row("deadline") >= today)
    for name, flag in (
        ("free", m.row("free")),
        ("step_free", m.row("step_free")),
        ("open_now", open_now),
        ("study_group", m.row("study_group")),
    ):
        put(name, [("yes", np.count_nonzero(m.offerings_with(eligible(name) & flag)))])
    return counts


class Evaluation:
    """The outcome of filtering: how many offerings were found, the facet counts, and the hits
    in order (made into ``Hit`` records only for the page asked for)."""

    def __init__(
        self,
        *,
        counts: dict[str, Counter[str]],
        fuzzy: bool,
        columns: Columns,
        slots: Array,
        rows: Array,
        keys: list[Array],
        scores: Array,
        distances: Array,
    ) -> None:
        self.counts = counts
        self.fuzzy = fuzzy
        self.total = len(slots)
        self._columns = columns
        self._slots = slots  # each hit's offering slot
        self._rows = rows  # each hit's best cohort row
        self._keys = keys  # numeric sort keys, most significant first
        self._scores = scores
        self._distances = distances
        self._order = np.lexsort(keys[::-1]) if keys else np.arange(self.total)

    def _record(self, i: int) -> OfferingRecord:
        record = self._columns.records[int(self._slots[i])]
        assert record is not None  # the index lock is held from evaluation to page
        return record

    def _hit(self, i: int) -> Hit:
        record = self._record(i)
        first_row = int(self._columns.offerings["row_start"][self._slots[i]])
        km = float(self._distances[i])
        return Hit(
            offering=record,
            cohort=record.cohorts[int(self._rows[i]) - first_row],
            distance=None if math.isinf(km) else km,
            score=float(self._scores[i]),
        )

    def _numeric(self, i: int) -> tuple[float, ...]:
        return tuple(float(k[i]) for k in self._keys)

    def page(self, start: int, stop: int) -> list[Hit]:
        """Hits ``start``..``stop`` in order. Offerings equal in the numeric keys are ordered
        by title and id; only the runs of equals around the page are sorted for that."""
        start, stop = max(0, start), min(self.total, stop)
        if start >= stop:
            return []
        order, same = self._order, self._numeric
        first, last = start, stop
        while first > 0 and same(int(order[first - 1])) == same(int(order[first])):
            first -= 1
        while last < self.total and same(int(order[last])) == same(int(order[last - 1])):
            last += 1

        def key(i: int) -> tuple[object, ...]:
            record = self._record(i)
            return (same(i), record.title.casefold(), record.id)

        around = sorted((int(i) for i in order[first:last]), key=key)
        return [self._hit(i) for i in around[start - first : stop - first]]

    @property
    def hits(self) -> list[Hit]:
        return self.page(0, self.total)


def _matched(columns: Columns, found: tuple[Array, Array] | None) -> _Matched:
    if found is None:
        return _Matched(columns, columns.live_slots(), None)
    ids, scores = found
    slots, positions = columns.slots_for(ids)
    return _Matched(columns, slots, scores[positions])


def evaluate(
    columns: Columns,
    found: tuple[Array, Array] | None,
    criteria: Criteria,
    *,
    fuzzy: bool = False,
    today: dt.date,
) -> Evaluation:
    """Every offering passing ``criteria`` with its best cohort, and all facet counts.
    ``found`` is the text match (offering ids and scores; None for every offering)."""
    m = _matched(columns, found)
    f = _filter(m, criteria, today)
    counts = _counts(f, today.toordinal())
    passing = np.flatnonzero(f.passing)
    online = m.row("mode") == col.ONLINE
    if criteria.place is not None:
        km = np.where(online, np.inf, np.nan_to_num(m.distances(criteria.place), nan=np.inf))
    else:
        km = np.full(len(m.rows), np.inf)
    start = m.row("start")
    # The best cohort of each offering: placed before online, then nearest, earliest, id.
    local = m.local[passing]
    order = np.lexsort(
        (m.row("cohort_id")[passing], start[passing], km[passing], online[passing], local)
    )
    ordered = local[order]
    firsts = np.ones(len(order), dtype=np.bool_)
    firsts[1:] = ordered[1:] != ordered[:-1]
    best = passing[order[firsts]]  # positions among the matched rows
    hit_local = m.local[best]
    scores = m.scores[hit_local] if m.scores is not None else np.zeros(len(best))
    keys: list[Array]
    if criteria.sort == Sort.DISTANCE:
        keys = [km[best], start[best]]
    elif criteria.sort == Sort.START:
        keys = [start[best]]
    else:
        keys = [-scores, start[best]]
    return Evaluation(
        counts=counts,
        fuzzy=fuzzy,
        columns=columns,
        slots=m.slots[hit_local],
        rows=m.rows[best],
        keys=keys,
        scores=scores,
        distances=km[best],
    )


def passing_cohorts(
    columns: Columns, found: tuple[Array, Array] | None, criteria: Criteria, *, today: dt.date
) -> Array:
    """The ids of every searchable cohort passing every filter of ``criteria``."""
    m = _matched(columns, found)
    f = _filter(m, criteria, today)
    return m.row("cohort_id")[f.passing]
