"""Dated change events: merges, splits and renames of municipalities and regions.

Validity is ``valid_from`` inclusive, ``valid_to`` exclusive (see ``livslang.geo.models``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from livslang.audit.services import record
from livslang.geo.models import (
    MUNICIPALITY_CODE_DIGITS,
    REGION_CODE_DIGITS,
    CountryCode,
    Municipality,
    Postcode,
    Region,
    country_name,
)
from livslang.geo.queries import forget_places
from livslang.geo.services.loading import AUDIT_OBJECT_TYPE

# --- Repointers ------------------------------------------------------------------------------

MunicipalityRepointer = Callable[[Municipality, Municipality], None]
RegionRepointer = Callable[[Region, Region], None]
_municipality_repointers: list[MunicipalityRepointer] = []
_region_repointers: list[RegionRepointer] = []


def register_municipality_repointer(fn: MunicipalityRepointer) -> MunicipalityRepointer:
    """Have ``fn(old, new)`` called when a municipality is succeeded by another.

    Apps that reference municipalities register one (e.g. in ``AppConfig.ready``) to move
    their references; it runs inside the transaction that applies the change, and must be
    idempotent. Usable as a decorator.
    """
    if fn not in _municipality_repointers:
        _municipality_repointers.append(fn)
    return fn


def unregister_municipality_repointer(fn: MunicipalityRepointer) -> None:
    if fn in _municipality_repointers:
        _municipality_repointers.remove(fn)


def register_region_repointer(fn: RegionRepointer) -> RegionRepointer:
    """Have ``fn(old, new)`` called when a region is succeeded by another (see above)."""
    if fn not in _region_repointers:
        _region_repointers.append(fn)
    return fn


def unregister_region_repointer(fn: RegionRepointer) -> None:
    if fn in _region_repointers:
        _region_repointers.remove(fn)


# --- Change events ---------------------------------------------------------------------------

CHANGE_COLUMNS = (
    "effective_date",
    "event",
    "country",
    "level",
    "from_code",
    "to_code",
    "to_name",
    "to_region_code",
)
EVENTS = ("merge", "split", "rename")
LEVELS = ("municipality", "region")
# Region changes on a date go first, so municipality changes can name a region new that day.
_LEVEL_ORDER = {"region": 0, "municipality": 1}
# The summary line names this many changes; the audit entry lists them all.
_SHOWN_IN_SUMMARY = 5


class ChangeFileError(ValidationError):
    """A change file that cannot be applied; the messages name line and column."""

    def __str__(self) -> str:
        return "\n".join(self.messages)


@dataclass(frozen=True)
class _ChangeRow:
    line: int
    effective_date: dt.date
    event: str
    country: str
    level: str
    from_code: str
    to_code: str
    to_name: str
    to_region_code: str


@dataclass
class _Change:
    """One event: a merge (many from, one to), a split (one from, many to) or a rename."""

    rows: list[_ChangeRow]

    @property
    def first(self) -> _ChangeRow:
        return self.rows[0]

    @property
    def from_codes(self) -> list[str]:
        return list(dict.fromkeys(r.from_code for r in self.rows))

    @property
    def to_codes(self) -> list[str]:
        return list(dict.fromkeys(r.to_code for r in self.rows))

    def describe(self) -> str:
        r = self.first
        return (
            f"{r.effective_date.isoformat()} {r.country} {r.level} {r.event} "
            f"{'+'.join(self.from_codes)} -> {'+'.join(self.to_codes)}"
        )


@dataclass
class ChangeReport:
    """What ``apply_changes`` did with one file."""

    source: str
    applied: list[str] = field(default_factory=list)
    already_applied: list[str] = field(default_factory=list)
    audit_entry_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    def summary(self) -> str:
        if not self.applied:
            return f"geo changes: unchanged ({self.source} already applied)"
        shown = "; ".join(self.applied[:_SHOWN_IN_SUMMARY])
        if len(self.applied) > _SHOWN_IN_SUMMARY:
            shown += f"; and {len(self.applied) - _SHOWN_IN_SUMMARY} more"
        return f"geo changes: applied {len(self.applied)} change(s) from {self.source}: {shown}"


def _line_error(line: int, column: str, problem: str) -> str:
    return _("line %(line)d, column %(column)s: %(problem)s") % {
        "line": line,
        "column": column,
        "problem": problem,
    }


# Whole sentences per level, so that translations can inflect them.
_MESSAGES: dict[str, dict[str, str]] = {
    "municipality": {
        "bad_code": gettext_noop(
            "“%(value)s” is not a municipality code: in %(country)s they have %(digits)d digits."
        ),
        "not_valid": gettext_noop("no municipality %(code)s valid on %(date)s in %(country)s"),
        "starts": gettext_noop("municipality %(code)s only starts on %(start)s."),
        "exists": gettext_noop("municipality %(code)s already exists on %(date)s in %(country)s"),
    },
    "region": {
        "bad_code": gettext_noop(
            "“%(value)s” is not a region code: in %(country)s they have %(digits)d digits."
        ),
        "not_valid": gettext_noop("no region %(code)s valid on %(date)s in %(country)s"),
        "starts": gettext_noop("region %(code)s only starts on %(start)s."),
        "exists": gettext_noop("region %(code)s already exists on %(date)s in %(country)s"),
    },
}


def _message(level: str, key: str, **params: Any) -> str:
    return _(_MESSAGES[level][key]) % params


def _code_digits(country: str, level: str) -> int:
    return (MUNICIPALITY_CODE_DIGITS if level == "municipality" else REGION_CODE_DIGITS)[country]


def _parse_change_rows(text: str) -> list[_ChangeRow]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in CHANGE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ChangeFileError(
            _("line 1: missing columns %(columns)s (expected %(expected)s).")
            % {"columns": ", ".join(missing), "expected": ",".join(CHANGE_COLUMNS)}
        )
    rows: list[_ChangeRow] = []
    errors: list[str] = []
    for raw in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        problems: list[tuple[str, str]] = []
        try:
            effective_date = dt.date.fromisoformat(row["effective_date"])
        except ValueError:
            problems.append(
                (
                    "effective_date",
                    _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": row["effective_date"]},
                )
            )
            effective_date = dt.date.min
        event, country, level = row["event"].lower(), row["country"].upper(), row["level"].lower()
        if event not in EVENTS:
            problems.append(
                ("event", _("“%(value)s” is not merge, split or rename.") % {"value": event})
            )
        if country not in CountryCode.values:
            problems.append(("country", _("“%(value)s” is not NO or DK.") % {"value": country}))
        if level not in LEVELS:
            problems.append(
                ("level", _("“%(value)s” is not municipality or region.") % {"value": level})
            )
        if country in CountryCode.values and level in LEVELS:
            digits = _code_digits(country, level)
            for column in ("from_code", "to_code"):
                value = row[column]
                if not (value.isascii() and value.isdigit() and len(value) == digits):
                    message = _message(
                        level,
                        "bad_code",
                        value=value,
                        country=country_name(country),
                        digits=digits,
                    )
                    problems.append((column, message))
            region_code = row["to_region_code"]
            if level == "region" and region_code:
                problems.append(("to_region_code", _("must be empty when the level is region.")))
            if level == "municipality" and region_code:
                digits = REGION_CODE_DIGITS[country]
                if not (region_code.isdigit() and len(region_code) == digits):
                    message = _message(
                        "region",
                        "bad_code",
                        value=region_code,
                        country=country_name(country),
                        digits=digits,
                    )
                    problems.append(("to_region_code", message))
        if event in ("merge", "split") and not row["to_name"]:
            problems.append(("to_name", _("the new unit needs a name.")))
        if len(row["to_name"]) > 100:
            problems.append(("to_name", _("at most 100 characters.")))
        if problems:
            errors.extend(_line_error(line, column, problem) for column, problem in problems)
            continue
        rows.append(
            _ChangeRow(
                line=line,
                effective_date=effective_date,
                event=event,
                country=country,
                level=level,
                from_code=row["from_code"],
                to_code=row["to_code"],
                to_name=row["to_name"],
                to_region_code=row["to_region_code"],
            )
        )
    if errors:
        raise ChangeFileError(errors)
    if not rows:
        raise ChangeFileError(_("The change file has no rows."))
    return rows


def _group_changes(rows: list[_ChangeRow]) -> list[_Change]:
    groups: dict[tuple[Any, ...], _Change] = {}
    for row in rows:
        base = (row.effective_date, row.country, row.level, row.event)
        # A merge is known by the unit it creates, a split or a rename by the one it ends.
        key = (*base, row.to_code if row.event == "merge" else row.from_code)
        groups.setdefault(key, _Change(rows=[]))
        groups[key].rows.append(row)

    errors: list[str] = []
    ended_by: dict[tuple[dt.date, str, str, str], int] = {}
    created_by: dict[tuple[dt.date, str, str, str], int] = {}
    for change in groups.values():
        first = change.first
        if first.event == "merge" and len(change.from_codes) < 2:
            errors.append(
                _line_error(
                    first.line, "to_code", _("a merge needs two or more rows with this to_code.")
                )
            )
        if first.event == "split" and len(change.to_codes) < 2:
            errors.append(
                _line_error(
                    first.line,
                    "from_code",
                    _("a split needs two or more rows with this from_code."),
                )
            )
        if first.event == "rename" and len(change.rows) > 1:
            errors.append(
                _line_error(
                    change.rows[1].line,
                    "from_code",
                    _("%(code)s is renamed twice on this date (line %(other)d).")
                    % {"code": first.from_code, "other": first.line},
                )
            )
        seen: set[str] = set()
        for row in change.rows:
            column = "from_code" if first.event == "merge" else "to_code"
            if getattr(row, column) in seen:
                errors.append(_line_error(row.line, column, _("this row repeats an earlier one.")))
            seen.add(getattr(row, column))
        for row in change.rows[1:]:
            if first.event == "merge":
                for column in ("to_name", "to_region_code"):
                    if getattr(row, column) != getattr(first, column):
                        errors.append(
                            _line_error(
                                row.line,
                                column,
                                _("differs from line %(other)d, which has the same to_code.")
                                % {"other": first.line},
                            )
                        )
        for row in change.rows:
            unit = (row.effective_date, row.country, row.level, row.from_code)
            if unit in ended_by and ended_by[unit] != first.line:
                errors.append(
                    _line_error(
                        row.line,
                        "from_code",
                        _("%(code)s is already changed on this date by line %(other)d.")
                        % {"code": row.from_code, "other": ended_by[unit]},
                    )
                )
            ended_by.setdefault(unit, first.line)
        for row in change.rows:
            unit = (row.effective_date, row.country, row.level, row.to_code)
            if unit in created_by and created_by[unit] != first.line:
                errors.append(
                    _line_error(
                        row.line,
                        "to_code",
                        _("%(code)s is already created on this date by line %(other)d.")
                        % {"code": row.to_code, "other": created_by[unit]},
                    )
                )
            created_by.setdefault(unit, first.line)
    if errors:
        raise ChangeFileError(list(dict.fromkeys(errors)))
    return sorted(
        groups.values(),
        key=lambda c: (c.first.effective_date, _LEVEL_ORDER[c.first.level], c.first.line),
    )


def _units(level: str) -> type[Municipality] | type[Region]:
    return Municipality if level == "municipality" else Region


def _fail(row: _ChangeRow, column: str, problem: str) -> ChangeFileError:
    return ChangeFileError(_line_error(row.line, column, problem))


def _find_valid(model: type[Municipality] | type[Region], row: _ChangeRow, code: str) -> Any:
    qs: Any = model._default_manager.filter(country_id=row.country, code=code)
    return qs.valid_on(row.effective_date).first()


def _is_applied(change: _Change) -> bool:
    """True when every unit of the change already ended and started on its date as described."""
    first = change.first
    model = _units(first.level)
    manager: Any = model._default_manager
    new_units = {
        u.code: u
        for u in manager.filter(
            country_id=first.country, code__in=change.to_codes, valid_from=first.effective_date
        )
    }
    if set(new_units) != set(change.to_codes):
        return False
    successor_code = change.to_codes[0]
    ended = {
        u.code: u
        for u in manager.filter(
            country_id=first.country, code__in=change.from_codes, valid_to=first.effective_date
        )
    }
    return set(ended) == set(change.from_codes) and all(
        u.successor_id == new_units[successor_code].pk for u in ended.values()
    )


def _main_unit(units: list[Any]) -> Any:
    # The most populous predecessor is taken to hold the main settlement (first listed on a tie
    # or when populations are unknown); the merged unit takes its points and centre.
    return max(units, key=lambda u: u.population if u.population is not None else -1)


def _sum_or_none(values: Iterable[float | int | None]) -> Any:
    items = list(values)
    if not items or any(v is None for v in items):
        return None
    return sum(v for v in items if v is not None)


def _save_new(obj: models.Model, row: _ChangeRow) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise _fail(row, "to_code", problems) from exc
    obj.save()


def _repoint_municipality(old: Municipality, new: Municipality) -> None:
    # Postcodes follow the successor; the coverage keeps the old unit too, so a postcode's
    # municipality on an earlier date can still be answered (queries.municipality_of_postcode).
    Postcode.objects.filter(municipality=old).update(municipality=new)
    through = Postcode.municipalities.through
    covering = set(
        through.objects.filter(municipality_id=old.pk).values_list("postcode_id", flat=True)
    )
    already = set(
        through.objects.filter(municipality_id=new.pk, postcode_id__in=covering).values_list(
            "postcode_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(postcode_id=p, municipality_id=new.pk) for p in sorted(covering - already)]
    )
    for fn in list(_municipality_repointers):
        fn(old, new)


def _repoint_region(old: Region, new: Region, effective_date: dt.date) -> None:
    # Municipalities that still exist on the date move to the new region; earlier ones keep
    # the region they had.
    Municipality.objects.filter(region=old).filter(
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=effective_date)
    ).update(region=new)
    for fn in list(_region_repointers):
        fn(old, new)


def _region_for(row: _ChangeRow, predecessors: list[Municipality]) -> Region:
    if row.to_region_code:
        region = _find_valid(Region, row, row.to_region_code)
        if region is None:
            raise _fail(
                row,
                "to_region_code",
                _message(
                    "region",
                    "not_valid",
                    code=row.to_region_code,
                    date=row.effective_date.isoformat(),
                    country=row.country,
                ),
            )
        return region
    regions = {m.region_id: m.region for m in predecessors}
    if len(regions) > 1:
        raise _fail(
            row,
            "to_region_code",
            _("%(codes)s lie in different regions: give the region of the new municipality.")
            % {"codes": ", ".join(m.code for m in predecessors)},
        )
    return next(iter(regions.values()))


def _new_unit(
    change: _Change, row: _ChangeRow, predecessors: list[Any], main: Any, *, keep_figures: bool
) -> Any:
    """The unit ``row.to_code`` starting on the change's date, built from its predecessors.

    Points come from the main predecessor. ``keep_figures`` sums population and area and
    keeps the administrative centre; a split has no figures for its parts.
    """
    first = change.first
    name = row.to_name or main.name
    # A rename that keeps the name (a new number) keeps the official parallel names too.
    keeps_name = first.event == "rename" and name == main.name
    name_official = main.name_official if keeps_name else name
    common: dict[str, Any] = {
        "country_id": first.country,
        "code": row.to_code,
        "name": name,
        "name_official": name_official,
        "label_lat": main.label_lat,
        "label_lon": main.label_lon,
        "valid_from": first.effective_date,
        "population": _sum_or_none(p.population for p in predecessors) if keep_figures else None,
    }
    if first.level == "region":
        return Region(kind=main.kind, **common)
    return Municipality(
        region=_region_for(row, predecessors),
        area_km2=_sum_or_none(p.area_km2 for p in predecessors) if keep_figures else None,
        admin_centre=main.admin_centre if keep_figures else "",
        settlement_lat=main.settlement_lat,
        settlement_lon=main.settlement_lon,
        **common,
    )


def _apply_change(change: _Change) -> None:
    first = change.first
    model = _units(first.level)
    date = first.effective_date.isoformat()

    predecessors: list[Any] = []
    for code in change.from_codes:
        row = next(r for r in change.rows if r.from_code == code)
        old = _find_valid(model, row, code)
        if old is None:
            raise _fail(
                row,
                "from_code",
                _message(first.level, "not_valid", code=code, date=date, country=first.country),
            )
        if old.valid_from >= first.effective_date:
            raise _fail(
                row,
                "effective_date",
                _message(first.level, "starts", code=code, start=old.valid_from.isoformat()),
            )
        predecessors.append(old)
    ending = {p.pk for p in predecessors}
    for code in change.to_codes:
        row = next(r for r in change.rows if r.to_code == code)
        manager: Any = model._default_manager
        clash = [
            u
            for u in manager.filter(country_id=first.country, code=code)
            if u.pk not in ending and (u.valid_to is None or u.valid_to > first.effective_date)
        ]
        if clash:
            raise _fail(
                row,
                "to_code",
                _message(first.level, "exists", code=code, date=date, country=first.country),
            )

    main = _main_unit(predecessors)
    if first.event == "split":
        # Who gets which people and area is not in the file, so those stay unknown; the first
        # part (the successor) keeps the administrative centre.
        rows = change.rows
        new_units = [_new_unit(change, row, predecessors, main, keep_figures=False) for row in rows]
        if first.level == "municipality":
            new_units[0].admin_centre = main.admin_centre
    else:
        rows = [first]
        new_units = [_new_unit(change, first, predecessors, main, keep_figures=True)]
    for new, row in zip(new_units, rows, strict=True):
        _save_new(new, row)

    successor = new_units[0]
    for old in predecessors:
        old.valid_to = first.effective_date
        old.successor = successor
        old.full_clean(validate_unique=False)
        old.save(update_fields=["valid_to", "successor"])
        if first.level == "region":
            _repoint_region(old, successor, first.effective_date)
        else:
            _repoint_municipality(old, successor)


def apply_changes(
    *, text: str, source: str = "changes.csv", actor: Any = None, actor_label: str = "load_geo"
) -> ChangeReport:
    """Apply dated merges, splits and renames of municipalities or regions from CSV ``text``.

    Columns: effective_date,event,country,level,from_code,to_code,to_name,to_region_code; one
    row per edge (a merge has one row per old unit, a split one per new unit). The old units
    get ``valid_to = effective_date`` (exclusive) and a successor (for a split the first listed
    to_code); the new ones start that day. Postcodes, and whatever registered repointers
    handle, move to the successor; for a region change the municipalities that still exist on
    the date move to the new region.

    All or nothing: a problem raises ChangeFileError naming line and column (every malformed
    row at once; otherwise the first change that cannot apply), and nothing is applied.
    Changes already applied are skipped, so re-applying a file is a no-op; one audit entry
    records each file that changed something.
    """
    report = ChangeReport(source=source)
    changes = _group_changes(_parse_change_rows(text))
    with transaction.atomic():
        for change in changes:
            if _is_applied(change):
                report.already_applied.append(change.describe())
                continue
            _apply_change(change)
            report.applied.append(change.describe())
        if report.applied:
            entry = record(
                actor=actor,
                actor_label=actor_label,
                action="reference_data.change",
                object_type=AUDIT_OBJECT_TYPE,
                object_id=hashlib.sha256(text.encode()).hexdigest()[:16],
                object_repr=source,
                changes={
                    "file": source,
                    "applied": report.applied,
                    "already_applied": report.already_applied,
                },
                summary=report.summary(),
            )
            report.audit_entry_id = entry.pk
    forget_places()  # this process's remembered places; others forget them by the next day
    return report


def apply_change_file(
    *, path: Path, actor: Any = None, actor_label: str = "load_geo"
) -> ChangeReport:
    """``apply_changes`` on the UTF-8 CSV file at ``path``."""
    return apply_changes(
        text=path.read_text(encoding="utf-8"),
        source=path.name,
        actor=actor,
        actor_label=actor_label,
    )
