"""Loading the shipped reference files: geography, then the education classifications.

Compares the files with what is stored and writes only the differences, in bulk, in one
transaction; one audit entry records a load that changed something.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from livslang.audit.services import record
from livslang.classifications.services import ModelCounts, load_classifications
from livslang.geo.models import (
    MUNICIPALITY_CODE_DIGITS,
    REGION_CODE_DIGITS,
    Country,
    Municipality,
    Postcode,
    Region,
)
from livslang.geo.queries import forget_places

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The shipped files describe NO as of the 2024 reform and DK as of the 2007 reform; that is
# when the units in them start to be valid.
SHIPPED_VALID_FROM: dict[str, dt.date] = {"NO": dt.date(2024, 1, 1), "DK": dt.date(2007, 1, 1)}

# Stored names (English); pages show the translated CountryCode labels.
COUNTRY_NAMES: dict[str, str] = {"NO": "Norway", "DK": "Denmark"}

AUDIT_OBJECT_TYPE = "geo.referencedata"

# Order and wording of the load summary line.
_REPORT_LABELS = (
    ("countries", "countries"),
    ("regions", "regions"),
    ("municipalities", "municipalities"),
    ("postcodes", "postcodes"),
    ("isced_fields", "ISCED-F fields"),
    ("nus_codes", "NUS codes"),
)


# --- Reading the shipped files ---------------------------------------------------------------


class _Source:
    """Where wanted rows come from, so that errors can name it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, line: int, column: str, problem: str) -> ValidationError:
        return ValidationError(
            _("%(file)s, line %(line)d, column %(column)s: %(problem)s")
            % {"file": self.name, "line": line, "column": column, "problem": problem}
        )


class _Csv(_Source):
    """One data file: rows with line numbers, and typed reads that name line and column."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        super().__init__(path.name)
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ValidationError(
                    _("%(file)s: missing columns %(columns)s.")
                    % {"file": path.name, "columns": ", ".join(missing)}
                )
            self.rows = [
                (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None})
                for row in reader
            ]

    def code(self, line: int, row: dict[str, str], column: str, digits: int) -> str:
        value = row[column]
        if not (value.isascii() and value.isdigit() and len(value) == digits):
            raise self.error(
                line,
                column,
                _("“%(value)s” is not a %(digits)d-digit code.")
                % {"value": value, "digits": digits},
            )
        return value

    def number(self, line: int, row: dict[str, str], column: str) -> float:
        try:
            return float(row[column])
        except ValueError:
            raise self.error(
                line, column, _("“%(value)s” is not a number.") % {"value": row[column]}
            ) from None

    def optional_number(self, line: int, row: dict[str, str], column: str) -> float | None:
        return self.number(line, row, column) if row.get(column) else None

    def optional_int(self, line: int, row: dict[str, str], column: str) -> int | None:
        if not row.get(column):
            return None
        try:
            return int(row[column])
        except ValueError:
            raise self.error(
                line, column, _("“%(value)s” is not a whole number.") % {"value": row[column]}
            ) from None


@dataclass
class _Wanted:
    """One row as the data wants it stored: the key, field values, and where it came from."""

    source: _Source
    line: int
    values: dict[str, Any]


def _read_regions(data_dir: Path) -> dict[tuple[str, str], _Wanted]:
    wanted: dict[tuple[str, str], _Wanted] = {}
    no = _Csv(data_dir / "no_counties.csv", ("code", "name", "name_official", "lat", "lon"))
    for line, row in no.rows:
        code = no.code(line, row, "code", REGION_CODE_DIGITS["NO"])
        wanted[("NO", code)] = _Wanted(
            no,
            line,
            {
                "name": row["name"],
                "name_official": row["name_official"] or row["name"],
                "kind": Region.Kind.COUNTY,
                "population": no.optional_int(line, row, "population"),
                "label_lat": no.number(line, row, "lat"),
                "label_lon": no.number(line, row, "lon"),
            },
        )
    dk = _Csv(data_dir / "dk_regions.csv", ("code", "name", "lat", "lon"))
    for line, row in dk.rows:
        code = dk.code(line, row, "code", REGION_CODE_DIGITS["DK"])
        wanted[("DK", code)] = _Wanted(
            dk,
            line,
            {
                "name": row["name"],
                "name_official": row["name"],
                "kind": Region.Kind.REGION,
                "population": dk.optional_int(line, row, "population"),
                "label_lat": dk.number(line, row, "lat"),
                "label_lon": dk.number(line, row, "lon"),
            },
        )
    return wanted


def _read_municipalities(data_dir: Path) -> dict[tuple[str, str], _Wanted]:
    """Municipalities; ``region_code`` is resolved to an id by the caller."""
    wanted: dict[tuple[str, str], _Wanted] = {}
    point_columns = ("lat", "lon", "settlement_lat", "settlement_lon")
    no = _Csv(
        data_dir / "no_municipalities.csv",
        ("code", "name", "name_official", "county_code", *point_columns),
    )
    for line, row in no.rows:
        code = no.code(line, row, "code", MUNICIPALITY_CODE_DIGITS["NO"])
        wanted[("NO", code)] = _Wanted(
            no,
            line,
            {
                "name": row["name"],
                "name_official": row["name_official"] or row["name"],
                "region_code": no.code(line, row, "county_code", REGION_CODE_DIGITS["NO"]),
                "population": no.optional_int(line, row, "population"),
                "area_km2": no.optional_number(line, row, "area_km2"),
                "admin_centre": row.get("admin_centre", ""),
                "label_lat": no.number(line, row, "lat"),
                "label_lon": no.number(line, row, "lon"),
                "settlement_lat": no.number(line, row, "settlement_lat"),
                "settlement_lon": no.number(line, row, "settlement_lon"),
            },
        )
    dk = _Csv(data_dir / "dk_municipalities.csv", ("code", "name", "region_code", *point_columns))
    for line, row in dk.rows:
        code = dk.code(line, row, "code", MUNICIPALITY_CODE_DIGITS["DK"])
        wanted[("DK", code)] = _Wanted(
            dk,
            line,
            {
                "name": row["name"],
                "name_official": row["name"],
                "region_code": dk.code(line, row, "region_code", REGION_CODE_DIGITS["DK"]),
                "population": dk.optional_int(line, row, "population"),
                "area_km2": dk.optional_number(line, row, "area_km2"),
                "admin_centre": row.get("admin_centre", ""),
                "label_lat": dk.number(line, row, "lat"),
                "label_lon": dk.number(line, row, "lon"),
                "settlement_lat": dk.number(line, row, "settlement_lat"),
                "settlement_lon": dk.number(line, row, "settlement_lon"),
            },
        )
    return wanted


def _read_postcodes(data_dir: Path) -> dict[tuple[str, str], _Wanted]:
    """Postcodes; ``municipality_code`` and ``covered_codes`` are resolved by the caller."""
    wanted: dict[tuple[str, str], _Wanted] = {}
    columns = ("postcode", "name", "municipality_code", "lat", "lon", "coord_source")
    for country, filename in (("NO", "no_postcodes.csv"), ("DK", "dk_postcodes.csv")):
        data = _Csv(data_dir / filename, columns)
        digits = MUNICIPALITY_CODE_DIGITS[country]
        for line, row in data.rows:
            code = data.code(line, row, "postcode", 4)
            if (country, code) in wanted:
                raise data.error(line, "postcode", _("%s appears twice.") % code)
            primary = row["municipality_code"]
            if primary:
                data.code(line, row, "municipality_code", digits)
            covered = [c for c in row.get("municipality_codes_all", "").split(";") if c]
            for covered_code in covered:
                if not (covered_code.isdigit() and len(covered_code) == digits):
                    raise data.error(
                        line,
                        "municipality_codes_all",
                        _("“%(value)s” is not a %(digits)d-digit code.")
                        % {"value": covered_code, "digits": digits},
                    )
            if primary and primary not in covered:
                covered.insert(0, primary)
            wanted[(country, code)] = _Wanted(
                data,
                line,
                {
                    "name": row["name"],
                    "lat": data.number(line, row, "lat"),
                    "lon": data.number(line, row, "lon"),
                    "coord_source": row["coord_source"],
                    "municipality_code": primary,
                    "covered_codes": covered,
                },
            )
    return wanted


# --- Loading ---------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """What ``load_reference_data`` did, per model, in the order of ``_REPORT_LABELS``."""

    counts: dict[str, ModelCounts]
    audit_entry_id: int | None = None

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def summary(self) -> str:
        """One line for the command and the audit log."""
        if not self.changed:
            return "geo: unchanged"
        loaded = ", ".join(
            f"{self.counts[key].total} {label}"
            for key, label in _REPORT_LABELS
            if key in self.counts
        )
        created = sum(c.created for c in self.counts.values())
        updated = sum(c.updated for c in self.counts.values())
        unchanged = sum(c.unchanged for c in self.counts.values())
        deleted = sum(c.deleted for c in self.counts.values())
        tail = f"created {created}, updated {updated}, unchanged {unchanged}"
        if deleted:
            tail += f", deleted {deleted}"
        return f"geo: loaded {loaded} ({tail})"


_M = TypeVar("_M", bound=models.Model)


# Model fields that the files call differently.
_FILE_COLUMNS = {"label_lat": "lat", "label_lon": "lon"}


def _check_new(obj: models.Model, wanted: _Wanted, exclude: list[str]) -> None:
    # Field validation and clean() only: keys are unique by construction (and by the database
    # constraints), foreign keys are resolved in memory, so this makes no queries.
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        if isinstance(obj, Postcode) and name == "code":
            column = "postcode"
        else:
            column = _FILE_COLUMNS.get(name, name)
        raise wanted.source.error(wanted.line, column, " ".join(messages)) from exc


def _sync(
    model: type[_M],
    wanted: dict[Any, _Wanted],
    existing: dict[Any, _M],
    fields: tuple[str, ...],
    build: Callable[[Any, dict[str, Any]], _M],
    exclude: list[str],
) -> tuple[ModelCounts, set[Any]]:
    """Create missing rows and update differing ones in bulk; returns counts, updated keys.

    ``fields`` are attribute names (``region_id`` for a foreign key).
    """
    counts = ModelCounts()
    to_create: list[_M] = []
    to_update: list[_M] = []
    updated: set[Any] = set()
    for key, want in wanted.items():
        values = {name: want.values[name] for name in fields}
        obj = existing.get(key)
        if obj is None:
            new = build(key, values)
            _check_new(new, want, exclude)
            to_create.append(new)
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            _check_new(obj, want, exclude)
            to_update.append(obj)
            updated.add(key)
        else:
            counts.unchanged += 1
    model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        names = [name.removesuffix("_id") for name in fields]
        model._default_manager.bulk_update(to_update, names, batch_size=500)
    counts.created = len(to_create)
    counts.updated = len(to_update)
    return counts, updated


def _chain(start_id: int, successor_of: Mapping[int, int | None]) -> list[int]:
    """``start_id`` and its successors, oldest first (guards against a cycle in bad data)."""
    chain = [start_id]
    seen = {start_id}
    nxt = successor_of.get(start_id)
    while nxt is not None and nxt not in seen:
        chain.append(nxt)
        seen.add(nxt)
        nxt = successor_of.get(nxt)
    return chain


def _load_countries() -> ModelCounts:
    source = _Source("geo")
    wanted = {code: _Wanted(source, 0, {"name": name}) for code, name in COUNTRY_NAMES.items()}
    existing = {c.code: c for c in Country.objects.all()}
    counts, _updated = _sync(
        Country, wanted, existing, ("name",), lambda key, v: Country(code=key, **v), exclude=[]
    )
    return counts


def _load_regions(data_dir: Path) -> ModelCounts:
    wanted_by_code = _read_regions(data_dir)
    wanted = {(c, code, SHIPPED_VALID_FROM[c]): w for (c, code), w in wanted_by_code.items()}
    existing = {(r.country_id, r.code, r.valid_from): r for r in Region.objects.all()}
    fields = ("name", "name_official", "kind", "population", "label_lat", "label_lon")
    counts, _updated = _sync(
        Region,
        wanted,
        existing,
        fields,
        lambda key, v: Region(country_id=key[0], code=key[1], valid_from=key[2], **v),
        exclude=["country", "successor"],
    )
    return counts


def _current_region_id(
    region_id: int, municipality_valid_to: dt.date | None, regions: dict[int, Region]
) -> int:
    """The region a municipality belongs to once region changes are applied.

    A region change moves the municipalities that still exist on its date to the successor
    region (see ``apply_changes``); the loader follows the same rule, so reloading keeps it.
    """
    region = regions[region_id]
    for _step in range(len(regions)):
        if region.successor_id is None or region.valid_to is None:
            break
        if municipality_valid_to is not None and municipality_valid_to <= region.valid_to:
            break
        region = regions[region.successor_id]
    return region.pk


def _load_municipalities(data_dir: Path) -> ModelCounts:
    wanted_by_code = _read_municipalities(data_dir)
    regions = {r.pk: r for r in Region.objects.all()}
    region_ids = {(r.country_id, r.code, r.valid_from): r.pk for r in regions.values()}
    existing = {(m.country_id, m.code, m.valid_from): m for m in Municipality.objects.all()}
    wanted: dict[tuple[str, str, dt.date], _Wanted] = {}
    for (country, code), want in wanted_by_code.items():
        key = (country, code, SHIPPED_VALID_FROM[country])
        shipped_region = region_ids.get((country, want.values["region_code"], key[2]))
        if shipped_region is None:
            column = "county_code" if country == "NO" else "region_code"
            raise want.source.error(
                want.line, column, _("no region %s in the data.") % want.values["region_code"]
            )
        current = existing.get(key)
        want.values["region_id"] = _current_region_id(
            shipped_region, current.valid_to if current else None, regions
        )
        wanted[key] = want
    fields = (
        "name",
        "name_official",
        "region_id",
        "population",
        "area_km2",
        "admin_centre",
        "label_lat",
        "label_lon",
        "settlement_lat",
        "settlement_lon",
    )
    counts, _updated = _sync(
        Municipality,
        wanted,
        existing,
        fields,
        lambda key, v: Municipality(country_id=key[0], code=key[1], valid_from=key[2], **v),
        exclude=["country", "region", "successor"],
    )
    return counts


def _load_postcodes(data_dir: Path) -> ModelCounts:
    wanted = _read_postcodes(data_dir)
    shipped = {
        (m.country_id, m.code): m.pk
        for m in Municipality.objects.all()
        if m.valid_from == SHIPPED_VALID_FROM[m.country_id]
    }
    successor_of = dict(Municipality.objects.values_list("pk", "successor_id"))

    # A postcode points to the latest unit in the line of succession of the municipality the
    # file names (apply_changes moves it there), and covers every unit in that line.
    covered_ids: dict[tuple[str, str], set[int]] = {}
    for (country, code), want in wanted.items():
        covered: set[int] = set()
        for municipality_code in want.values["covered_codes"]:
            pk = shipped.get((country, municipality_code))
            if pk is None:
                column = (
                    "municipality_code"
                    if municipality_code == want.values["municipality_code"]
                    else "municipality_codes_all"
                )
                raise want.source.error(
                    want.line, column, _("no municipality %s in the data.") % municipality_code
                )
            covered.update(_chain(pk, successor_of))
        primary = want.values["municipality_code"]
        want.values["municipality_id"] = (
            _chain(shipped[(country, primary)], successor_of)[-1] if primary else None
        )
        covered_ids[(country, code)] = covered

    existing = {(p.country_id, p.code): p for p in Postcode.objects.all()}
    fields = ("name", "lat", "lon", "coord_source", "municipality_id")
    counts, updated = _sync(
        Postcode,
        wanted,
        existing,
        fields,
        lambda key, v: Postcode(country_id=key[0], code=key[1], **v),
        exclude=["country", "municipality", "municipalities"],
    )

    # Postcodes that Posten or PostNord no longer list go; nothing references them but their
    # coverage rows, which go with them (other apps store postcodes as text).
    gone = [p.pk for key, p in existing.items() if key not in wanted]
    if gone:
        Postcode.objects.filter(pk__in=gone).delete()
        counts.deleted = len(gone)

    through = Postcode.municipalities.through
    postcode_ids = {
        (c, code): pk for pk, c, code in Postcode.objects.values_list("pk", "country_id", "code")
    }
    desired = {(postcode_ids[key], m) for key, ids in covered_ids.items() for m in ids}
    stored = {
        (p, m): pk
        for pk, p, m in through.objects.values_list("pk", "postcode_id", "municipality_id")
    }
    to_add = desired - stored.keys()
    to_remove = {pk for pair, pk in stored.items() if pair not in desired}
    through.objects.bulk_create(
        [through(postcode_id=p, municipality_id=m) for p, m in to_add], batch_size=1000
    )
    if to_remove:
        through.objects.filter(pk__in=to_remove).delete()

    # A postcode whose coverage changed counts as updated (unless it was just created).
    existing_ids = {p.pk: key for key, p in existing.items() if key in wanted}
    touched = {p for p, _m in to_add} | {pair[0] for pair, pk in stored.items() if pk in to_remove}
    for pk in touched:
        key = existing_ids.get(pk)
        if key is not None and key not in updated:
            updated.add(key)
            counts.updated += 1
            counts.unchanged -= 1
    return counts


def load_reference_data(
    *, data_dir: Path | None = None, actor: Any = None, actor_label: str = "load_geo"
) -> LoadReport:
    """Load every shipped reference file: geography, then the education classifications.

    Idempotent: compares with what is stored and writes only differences, in bulk. A run that
    changes nothing writes nothing (no audit entry either); otherwise one audit entry records
    the counts. All or nothing: a bad file raises ValidationError naming file, line and column.
    Regions and municipalities are matched on (country, code, valid_from); their validity and
    successors belong to ``apply_changes`` and are left alone here.
    """
    directory = data_dir or DATA_DIR
    with transaction.atomic():
        counts: dict[str, ModelCounts] = {
            "countries": _load_countries(),
            "regions": _load_regions(directory),
            "municipalities": _load_municipalities(directory),
            "postcodes": _load_postcodes(directory),
        }
        counts.update(load_classifications(data_dir=directory))
        report = LoadReport(counts=counts)
        if report.changed:
            entry = record(
                actor=actor,
                actor_label=actor_label,
                action="reference_data.load",
                object_type=AUDIT_OBJECT_TYPE,
                object_repr="geography and classifications",
                changes={key: c.as_dict() for key, c in counts.items()},
                summary=report.summary(),
            )
            report.audit_entry_id = entry.pk
    if report.changed:
        forget_places()  # this process's remembered places; others forget them by the next day
    return report
