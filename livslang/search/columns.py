"""The filter and facet attributes of every searchable cohort as NumPy columns.

Why: a search checks every cohort of the offerings its words matched against every filter, and
counts *distinct offerings* per facet value with that facet's own filter left out. Done cohort by
cohort in Python that cost 5-60 ms on a national catalogue; over columns it is a few vectorised
passes (see ``livslang.search.engine``).

Layout: each offering gets a *slot* and its cohorts consecutive *rows*, both appended. When an
offering changes, its old slot and rows are marked dead and new ones are appended; when more than
a quarter of the rows are dead the columns are rebuilt from the live records (``compact``).
String values are stored as small integer codes (``Vocabulary``); multi-valued attributes of a
cohort (schedules) and of an offering (funding) as bit sets; an offering's organisations and
campaigns as lists of codes (``org_codes``/``campaign_codes``, addressed by a start and a count).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from livslang.catalog.models import CohortStatus, Mode, Pace, ScheduleKind
from livslang.search.records import CohortRecord, OfferingRecord

Array = npt.NDArray[Any]

# Fixed value lists: a code is the position in the list.
MODES: tuple[str, ...] = tuple(Mode.values)
DURATIONS = ("short", "medium", "long", "open")
PACES: tuple[str, ...] = tuple(v for v in Pace.values if v)  # code 0 is "no pace given"
SCHEDULES: tuple[str, ...] = tuple(ScheduleKind.values)
FUNDING = ("employer", "public_grant", "loan")
ONLINE = MODES.index(Mode.ONLINE)
NO_DEADLINE = np.iinfo(np.int32).max


def duration_of(cohort: CohortRecord) -> str:
    if cohort.end is None:
        return "open"
    days = (cohort.end - cohort.start).days
    if days <= 31:
        return "short"
    if days <= 183:
        return "medium"
    return "long"


def bits(values: Iterable[str], names: tuple[str, ...]) -> int:
    return sum(1 << names.index(v) for v in values if v in names)


class Vocabulary:
    """Codes for the values of an open-ended attribute (languages, organisations, ...)."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: list[str] = []

    def code(self, value: str) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found

    def __len__(self) -> int:
        return len(self.values)


_OFFERING_COLUMNS: dict[str, Any] = {
    "alive": np.bool_,
    "row_start": np.int64,
    "row_count": np.int32,
    "subject": np.int32,  # code, -1 for none
    "level": np.int16,  # 0 for none
    "language": np.int32,
    "credits": np.float64,  # NaN for none
    "funding": np.uint8,  # bits of FUNDING
    "no_prerequisites": np.bool_,
    "org_start": np.int64,
    "org_count": np.int32,
    "campaign_start": np.int64,
    "campaign_count": np.int32,
}
_ROW_COLUMNS: dict[str, Any] = {
    "alive": np.bool_,
    "slot": np.int64,
    "cohort_id": np.int64,
    "mode": np.int8,
    "duration": np.int8,
    "pace": np.int8,  # 0 for none, else 1 + position in PACES
    "schedule": np.uint8,  # bits of SCHEDULES
    "lat": np.float64,  # NaN for online or unknown
    "lon": np.float64,
    "start": np.int32,  # proleptic ordinal
    "deadline": np.int32,  # ordinal, NO_DEADLINE for none
    "price": np.float64,  # NaN for none
    "open": np.bool_,
    "free": np.bool_,
    "step_free": np.bool_,
    "study_group": np.bool_,
    "extra_centre": np.int32,  # the delivering centre's code when not among the offering's
}


class _Table:
    """Columns of equal length that grow by doubling."""

    def __init__(self, columns: dict[str, Any]) -> None:
        self.size = 0
        self.columns = {name: np.zeros(16, dtype=kind) for name, kind in columns.items()}

    def reserve(self, extra: int) -> int:
        """Room for ``extra`` more rows; returns the first new row's position."""
        first = self.size
        needed = first + extra
        capacity = len(next(iter(self.columns.values())))
        if needed > capacity:
            while capacity < needed:
                capacity *= 2
            for name, column in self.columns.items():
                grown = np.zeros(capacity, dtype=column.dtype)
                grown[:first] = column[:first]
                self.columns[name] = grown
        self.size = needed
        return first

    def __getitem__(self, name: str) -> Array:
        return self.columns[name]


class _Codes:
    """A growing list of integer codes (an offering's organisations or campaigns)."""

    def __init__(self) -> None:
        self.size = 0
        self.data = np.zeros(64, dtype=np.int32)

    def extend(self, codes: list[int]) -> int:
        first = self.size
        needed = first + len(codes)
        if needed > len(self.data):
            grown = np.zeros(max(needed, 2 * len(self.data)), dtype=np.int32)
            grown[:first] = self.data[:first]
            self.data = grown
        self.data[first:needed] = codes
        self.size = needed
        return first


class Columns:
    """The columns of one index. Not thread-safe: the index holds its lock around use."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.offerings = _Table(_OFFERING_COLUMNS)
        self.rows = _Table(_ROW_COLUMNS)
        self.org_codes = _Codes()
        self.campaign_codes = _Codes()
        self.subjects = Vocabulary()
        self.languages = Vocabulary()
        self.organisations = Vocabulary()
        self.campaigns = Vocabulary()
        self.slot_of: dict[int, int] = {}  # offering id -> slot
        self.slot_by_id = np.full(16, -1, dtype=np.int64)  # the same as an array
        self.records: list[OfferingRecord | None] = []  # by slot
        self.dead_rows = 0
        self._live_slots: Array | None = None

    # --- writing ---------------------------------------------------------------------------

    def put(self, record: OfferingRecord) -> None:
        """Take in ``record``, replacing the offering's earlier version."""
        self.remove(record.id)
        self._append(record)
        self._changed()

    def remove(self, offering_id: int) -> None:
        slot = self.slot_of.pop(offering_id, None)
        if slot is None:
            return
        o = self.offerings
        o["alive"][slot] = False
        start, count = int(o["row_start"][slot]), int(o["row_count"][slot])
        self.rows["alive"][start : start + count] = False
        self.dead_rows += count
        self.records[slot] = None
        self.slot_by_id[offering_id] = -1
        self._changed()
        if self.dead_rows > 1000 and self.dead_rows > self.rows.size // 4:
            self.compact()

    def compact(self) -> None:
        """Rebuild the columns from the live records (drops dead slots and rows)."""
        live = [r for r in self.records if r is not None]
        self._reset()
        for record in live:
            self._append(record)

    def _changed(self) -> None:
        self._live_slots = None

    def _append(self, record: OfferingRecord) -> None:
        slot = self.offerings.reserve(1)
        first = self.rows.reserve(len(record.cohorts))
        self.slot_of[record.id] = slot
        if record.id >= len(self.slot_by_id):
            grown = np.full(max(record.id + 1, 2 * len(self.slot_by_id)), -1, dtype=np.int64)
            grown[: len(self.slot_by_id)] = self.slot_by_id
            self.slot_by_id = grown
        self.slot_by_id[record.id] = slot
        self.records.append(record)
        organisations = sorted({self.organisations.code(v) for v in record.organisations})
        campaigns = sorted({self.campaigns.code(v) for v in record.campaigns})
        o = self.offerings
        o["alive"][slot] = True
        o["row_start"][slot] = first
        o["row_count"][slot] = len(record.cohorts)
        o["subject"][slot] = self.subjects.code(record.subject) if record.subject else -1
        o["level"][slot] = record.level or 0
        o["language"][slot] = self.languages.code(record.language)
        o["credits"][slot] = np.nan if record.credits is None else record.credits
        o["funding"][slot] = bits(record.funding, FUNDING)
        o["no_prerequisites"][slot] = record.no_prerequisites
        o["org_start"][slot] = self.org_codes.extend(organisations)
        o["org_count"][slot] = len(organisations)
        o["campaign_start"][slot] = self.campaign_codes.extend(campaigns)
        o["campaign_count"][slot] = len(campaigns)
        r = self.rows
        for row, c in enumerate(record.cohorts, start=first):
            placed = c.mode != Mode.ONLINE and c.lat is not None and c.lon is not None
            centre = self.organisations.code(c.centre) if c.centre else -1
            r["alive"][row] = True
            r["slot"][row] = slot
            r["cohort_id"][row] = c.id
            r["mode"][row] = MODES.index(c.mode)
            r["duration"][row] = DURATIONS.index(duration_of(c))
            r["pace"][row] = PACES.index(c.pace) + 1 if c.pace in PACES else 0
            r["schedule"][row] = bits(c.schedule, SCHEDULES)
            r["lat"][row] = c.lat if placed else np.nan
            r["lon"][row] = c.lon if placed else np.nan
            r["start"][row] = c.start.toordinal()
            r["deadline"][row] = NO_DEADLINE if c.deadline is None else c.deadline.toordinal()
            r["price"][row] = np.nan if c.price is None else c.price
            r["open"][row] = c.status == CohortStatus.OPEN
            r["free"][row] = c.price is not None and c.price == 0
            # An online cohort has no venue to reach.
            r["step_free"][row] = c.mode == Mode.ONLINE or c.step_free is True
            r["study_group"][row] = c.has_study_group
            r["extra_centre"][row] = centre if centre >= 0 and centre not in organisations else -1

    # --- reading ---------------------------------------------------------------------------

    def live_slots(self) -> Array:
        if self._live_slots is None:
            self._live_slots = np.flatnonzero(self.offerings["alive"][: self.offerings.size])
        return self._live_slots

    def slots_for(self, offering_ids: Array) -> tuple[Array, Array]:
        """The slots of the live offerings among ``offering_ids`` and where in
        ``offering_ids`` each was."""
        known = (offering_ids >= 0) & (offering_ids < len(self.slot_by_id))
        slots = np.full(len(offering_ids), -1, dtype=np.int64)
        slots[known] = self.slot_by_id[offering_ids[known]]
        found = np.flatnonzero(slots >= 0)
        return slots[found], found

    def rows_of(self, slots: Array) -> tuple[Array, Array]:
        """The rows of the offerings in ``slots`` and, for each row, its offering's position
        in ``slots``."""
        starts = self.offerings["row_start"][slots]
        counts = self.offerings["row_count"][slots]
        return _expand(starts, counts)

    def codes_of(self, slots: Array, kind: str) -> tuple[Array, Array]:
        """An offering's organisation (``kind="org"``) or campaign codes for each of ``slots``:
        the codes and, for each code, its offering's position in ``slots``."""
        store = self.org_codes if kind == "org" else self.campaign_codes
        positions, local = _expand(
            self.offerings[f"{kind}_start"][slots], self.offerings[f"{kind}_count"][slots]
        )
        return store.data[positions], local


def _expand(starts: Array, counts: Array) -> tuple[Array, Array]:
    """The positions ``starts[k] .. starts[k] + counts[k] - 1`` for every k, in order, and
    for each position its k."""
    counts = counts.astype(np.int64)
    total = int(counts.sum())
    local = np.repeat(np.arange(len(starts)), counts)
    if not total:
        return np.zeros(0, dtype=np.int64), local
    # Position i of range k is starts[k] + (i - first position of k).
    ends = np.cumsum(counts)
    return np.arange(total) + np.repeat(starts - (ends - counts), counts), local
