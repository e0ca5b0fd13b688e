"""Loading the education classifications from the shipped CSV files.

``load_classifications`` compares the files with what is stored and writes only the
differences, in bulk. It writes no audit entry itself: the caller records one entry for the
whole reference-data load (``livslang.geo.services.load_reference_data`` does).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.classifications.models import IscedField, NusCode

ISCED_FILE = "isced_f_2013.csv"
NUS_FILE = "nus2000_top_levels.csv"

ISCED_FIELDS = ("level", "name_en", "name_nb", "name_da")
NUS_FIELDS = ("name_nb", "note_nb")


@dataclass
class ModelCounts:
    """What a load did to one model's rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """Rows in the data after the load (deleted rows are gone)."""
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
        }


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers (the header is line 1); values stay text, stripped."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(
                _("%(file)s: missing columns %(columns)s.")
                % {"file": path.name, "columns": ", ".join(missing)}
            )
        return [
            (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for row in reader
        ]


def _row_error(path: Path, line: int, column: str, problem: str) -> ValidationError:
    return ValidationError(
        _("%(file)s, line %(line)d, column %(column)s: %(problem)s")
        % {"file": path.name, "line": line, "column": column, "problem": problem}
    )


def _check_fields(obj: Any, path: Path, line: int, exclude: list[str]) -> None:
    # Field validation only: uniqueness is guaranteed by the keyed dicts and the database,
    # and foreign keys are resolved in memory, so this makes no queries.
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        column, messages = next(iter(exc.message_dict.items()))
        raise _row_error(path, line, column, " ".join(messages)) from exc


def load_isced_fields(*, path: Path) -> ModelCounts:
    """Create or update ISCED-F fields from ``path``; fields not in the file are left alone."""
    rows = _read_rows(path, ("code", "level", "parent_code", *ISCED_FIELDS))
    wanted: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        if row["code"] in wanted:
            raise _row_error(path, line, "code", _("code %s appears twice.") % row["code"])
        wanted[row["code"]] = (line, row)
    for code, (line, row) in wanted.items():
        parent = row["parent_code"]
        if row["level"] == IscedField.Level.BROAD:
            if parent:
                raise _row_error(path, line, "parent_code", _("a broad field has no parent."))
        elif parent not in wanted or len(parent) != len(code) - 1 or not code.startswith(parent):
            raise _row_error(
                path, line, "parent_code", _("%s is not the parent of this code.") % parent
            )

    counts = ModelCounts()
    existing = {f.code: f for f in IscedField.objects.all()}
    to_create: list[IscedField] = []
    to_update: list[IscedField] = []
    for code, (line, row) in wanted.items():
        values = {name: row[name] for name in ISCED_FIELDS}
        current = existing.get(code)
        if current is None:
            obj = IscedField(code=code, **values)
            _check_fields(obj, path, line, exclude=["parent"])
            to_create.append(obj)
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            _check_fields(current, path, line, exclude=["parent"])
            to_update.append(current)
    IscedField.objects.bulk_create(to_create)

    # Parents are set in a second pass, once every code has an id.
    ids = dict(IscedField.objects.values_list("code", "id"))
    created_codes = {obj.code for obj in to_create}
    updated_codes = {obj.code for obj in to_update}
    by_code = {f.code: f for f in IscedField.objects.filter(code__in=wanted)}
    parent_changes: list[IscedField] = []
    for code, (_line, row) in wanted.items():
        obj = by_code[code]
        parent_id = ids[row["parent_code"]] if row["parent_code"] else None
        if obj.parent_id != parent_id:
            obj.parent_id = parent_id
            parent_changes.append(obj)
            if code not in created_codes:
                updated_codes.add(code)
    if to_update:
        IscedField.objects.bulk_update(to_update, list(ISCED_FIELDS))
    if parent_changes:
        IscedField.objects.bulk_update(parent_changes, ["parent"])

    counts.created = len(created_codes)
    counts.updated = len(updated_codes)
    counts.unchanged = len(wanted) - counts.created - counts.updated
    return counts


def load_nus_codes(*, path: Path) -> ModelCounts:
    """Create or update the NUS2000 level and field digits from ``path``."""
    rows = _read_rows(path, ("dimension", "code", *NUS_FIELDS))
    wanted: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        key = (row["dimension"], row["code"])
        if key in wanted:
            raise _row_error(path, line, "code", _("code %s appears twice.") % row["code"])
        wanted[key] = (line, row)

    counts = ModelCounts()
    existing = {(n.dimension, n.code): n for n in NusCode.objects.all()}
    to_create: list[NusCode] = []
    to_update: list[NusCode] = []
    for (dimension, code), (line, row) in wanted.items():
        values = {name: row[name] for name in NUS_FIELDS}
        current = existing.get((dimension, code))
        if current is None:
            obj = NusCode(dimension=dimension, code=code, **values)
            _check_fields(obj, path, line, exclude=[])
            to_create.append(obj)
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            _check_fields(current, path, line, exclude=[])
            to_update.append(current)
        else:
            counts.unchanged += 1
    NusCode.objects.bulk_create(to_create)
    if to_update:
        NusCode.objects.bulk_update(to_update, list(NUS_FIELDS))
    counts.created = len(to_create)
    counts.updated = len(to_update)
    return counts


def load_classifications(*, data_dir: Path) -> dict[str, ModelCounts]:
    """Load ISCED-F and NUS2000 from ``data_dir``; returns counts keyed by model name."""
    with transaction.atomic():
        return {
            "isced_fields": load_isced_fields(path=data_dir / ISCED_FILE),
            "nus_codes": load_nus_codes(path=data_dir / NUS_FILE),
        }
