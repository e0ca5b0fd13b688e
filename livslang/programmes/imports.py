"""Reading an indicator's values from a CSV file: a header with ``date`` and ``value`` (and an
optional ``comment``), one row per value. Every problem is reported with its line, column and
value, and nothing is stored unless the whole file is right (the service decides)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000
MAX_ROWS = 5000
MAX_COMMENT = 500
_COLUMNS = {
    "date": ("date", "dato"),
    "value": ("value", "verdi", "værdi"),
    "comment": ("comment", "kommentar"),
}


@dataclass(frozen=True)
class ImportedValue:
    line: int
    measured_on: date
    value: Decimal
    comment: str


@dataclass(frozen=True)
class ImportProblem:
    line: int | None
    column: str
    value: str
    message: str


def _text(data: bytes) -> str:
    if not data.strip():
        raise ValueError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ValueError(_("The file is larger than 1 MB."))
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ValueError(
            _("The file is not UTF-8 (byte %(offset)d): save it as UTF-8 (CSV UTF-8).")
            % {"offset": exc.start}
        ) from None


def _header(names: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, raw in enumerate(names):
        name = raw.strip().casefold()
        for key, aliases in _COLUMNS.items():
            if name in aliases and key not in found:
                found[key] = index
    return found if {"date", "value"} <= set(found) else None


def _date(text: str) -> date | None:
    """A date written 2026-12-31 (ISO) or 31.12.2026 (as in Norway and Denmark)."""
    text = text.strip()
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    nordic = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if nordic:
            return date(int(nordic[3]), int(nordic[2]), int(nordic[1]))
    except ValueError:
        return None
    return None


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0]", "", text).replace(",", ".")
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already refuses it
        return None
    return value if abs(value) < Decimal("1e12") else None


def parse(data: bytes) -> tuple[list[ImportedValue], list[ImportProblem]]:
    """The values of the file, and every problem found in it (both lists may be non-empty)."""
    try:
        text = _text(data)
    except ValueError as exc:
        return [], [ImportProblem(None, "", "", str(exc))]
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(next(reader))
    except (StopIteration, csv.Error):
        header = None
    if header is None:
        return [], [
            ImportProblem(
                1, "", first[:100], _("The first line must name the columns date and value.")
            )
        ]
    values: list[ImportedValue] = []
    problems: list[ImportProblem] = []
    seen: dict[date, int] = {}
    ended = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(ImportProblem(ended + 1, "", "", str(exc)))
            break
        # The line the row starts on (a quoted value may span several lines).
        line, ended = ended + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(values) + len(problems) >= MAX_ROWS:
            problems.append(ImportProblem(line, "", "", _("At most 5000 rows in one file.")))
            break
        cells = {key: (row[i] if i < len(row) else "") for key, i in header.items()}
        day = _date(cells["date"])
        value = _decimal(cells["value"])
        comment = " ".join(cells.get("comment", "").split())
        row_problems = []
        if day is None:
            row_problems.append(
                ImportProblem(line, "date", cells["date"], _("Write the date as 2026-12-31."))
            )
        elif day in seen:
            row_problems.append(
                ImportProblem(
                    line,
                    "date",
                    cells["date"],
                    _("The same date is already on line %(line)d.") % {"line": seen[day]},
                )
            )
        if value is None:
            row_problems.append(
                ImportProblem(line, "value", cells["value"], _("Write the value as a number."))
            )
        if len(comment) > MAX_COMMENT:
            row_problems.append(
                ImportProblem(line, "comment", comment[:50], _("The comment is too long."))
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        assert day is not None and value is not None
        seen[day] = line
        values.append(ImportedValue(line, day, value, comment))
    if not values and not problems:
        problems.append(ImportProblem(None, "", "", _("The file has no values.")))
    return values, problems
