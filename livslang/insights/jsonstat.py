"""Reading JSON-stat 2.0 (https://json-stat.org/full/): one dataset, or each dataset of a
collection. Plain Python, no database: ``parse`` validates the structure and returns every
cell with its categories; placing codes on municipalities and regions is the importer's job.

A structural fault raises ``CubeError`` naming the field, e.g. "size gives 3 periods but
dimension Tid has 2". Values are numbers or null, as a list (dense) or an object from index to
value (sparse); ``status`` is one string for every value, a list, or an object by index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

TIME_NAMES = frozenset({"tid", "time", "år", "aar", "year", "periode", "period"})


class CubeError(ValueError):
    """A structural fault in the document: nothing from it may be stored."""


@dataclass(frozen=True)
class Cell:
    geo: str
    time: str
    others: tuple[str, ...]
    value: float | None
    status: str


@dataclass
class Cube:
    label: str
    source: str
    updated: str
    geo: str
    time: str
    others: list[str]
    dimension_labels: dict[str, str]
    category_labels: dict[str, dict[str, str]]
    categories: dict[str, list[str]]
    cells: list[Cell] = field(default_factory=list)


def _where(position: int | None) -> str:
    return "" if position is None else f"link.item[{position}]: "


def _categories(dim_id: str, dimension: Any, where: str) -> tuple[list[str], dict[str, str]]:
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        raise CubeError(f"{where}dimension {dim_id} has no category object")
    category = dimension["category"]
    labels = category.get("label") or {}
    if not isinstance(labels, dict):
        raise CubeError(f"{where}dimension {dim_id}: category.label must be an object")
    index = category.get("index")
    if index is None:
        if len(labels) != 1:
            raise CubeError(
                f"{where}dimension {dim_id}: category.index is missing (allowed only with one "
                "category)"
            )
        codes = [str(next(iter(labels)))]
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        positions = sorted(index.items(), key=lambda pair: pair[1])
        if [p for _c, p in positions] != list(range(len(positions))):
            raise CubeError(
                f"{where}dimension {dim_id}: category.index positions must be 0 to "
                f"{len(positions) - 1}"
            )
        codes = [str(code) for code, _p in positions]
    else:
        raise CubeError(f"{where}dimension {dim_id}: category.index must be a list or an object")
    if len(set(codes)) != len(codes):
        raise CubeError(f"{where}dimension {dim_id}: category.index repeats a code")
    return codes, {str(k): str(v) for k, v in labels.items()}


def _role(document: dict[str, Any], name: str, ids: list[str], where: str) -> list[str]:
    role = document.get("role") or {}
    if not isinstance(role, dict):
        raise CubeError(f"{where}role must be an object")
    found = role.get(name) or []
    if not isinstance(found, list) or any(d not in ids for d in found):
        raise CubeError(f"{where}role.{name} must list dimensions named in id")
    return [str(d) for d in found]


def _number(value: Any, where: str, position: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CubeError(f"{where}value[{position}] is not a number or null")
    return float(value)


def _values(
    document: dict[str, Any], total: int, size: list[int], where: str
) -> dict[int, float | None]:
    raw = document.get("value")
    if isinstance(raw, list):
        if len(raw) != total:
            product = " x ".join(str(s) for s in size) or "1"
            raise CubeError(
                f"{where}value has {len(raw)} entries but size gives {total} ({product})"
            )
        return {i: _number(v, where, str(i)) for i, v in enumerate(raw)}
    if isinstance(raw, dict):
        values: dict[int, float | None] = {}
        for key, v in raw.items():
            if not str(key).isdigit() or int(key) >= total:
                raise CubeError(f"{where}value key {key!r} is not an index below {total}")
            values[int(key)] = _number(v, where, str(key))
        return values
    raise CubeError(f"{where}value must be a list or an object")


def _statuses(document: dict[str, Any], total: int, where: str) -> dict[int, str]:
    raw = document.get("status")
    if raw is None:
        return {}
    if isinstance(raw, str):
        return dict.fromkeys(range(total), raw)
    if isinstance(raw, list):
        if len(raw) not in (1, total):
            raise CubeError(f"{where}status has {len(raw)} entries but there are {total} values")
        if len(raw) == 1:
            return dict.fromkeys(range(total), str(raw[0] or ""))
        return {i: str(s) for i, s in enumerate(raw) if s}
    if isinstance(raw, dict):
        found: dict[int, str] = {}
        for key, s in raw.items():
            if not str(key).isdigit() or int(key) >= total:
                raise CubeError(f"{where}status key {key!r} is not an index below {total}")
            found[int(key)] = str(s or "")
        return found
    raise CubeError(f"{where}status must be a string, a list or an object")


def _dataset(document: Any, position: int | None, looks_geographic: Any) -> Cube:
    where = _where(position)
    if not isinstance(document, dict):
        raise CubeError(f"{where}a dataset must be an object")
    if position is None and str(document.get("version", "")) != "2.0":
        raise CubeError(f'version must be "2.0" (found {document.get("version")!r})')
    if document.get("class") != "dataset":
        raise CubeError(f'{where}class must be "dataset" (found {document.get("class")!r})')
    ids, size = document.get("id"), document.get("size")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise CubeError(f"{where}id must be a list of dimension names")
    if not isinstance(size, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in size
    ):
        raise CubeError(f"{where}size must be a list of whole numbers")
    if len(ids) != len(size):
        raise CubeError(f"{where}id names {len(ids)} dimensions but size gives {len(size)}")
    if len(set(ids)) != len(ids):
        raise CubeError(f"{where}id repeats a dimension")
    dimensions = document.get("dimension")
    if not isinstance(dimensions, dict):
        raise CubeError(f"{where}dimension must be an object")
    time_ids = _role(document, "time", ids, where)
    categories: dict[str, list[str]] = {}
    category_labels: dict[str, dict[str, str]] = {}
    dimension_labels: dict[str, str] = {}
    for dim_id, count in zip(ids, size, strict=True):
        if dim_id not in dimensions:
            raise CubeError(f"{where}dimension {dim_id} is named in id but missing from dimension")
        codes, labels = _categories(dim_id, dimensions[dim_id], where)
        if len(codes) != count:
            what = "periods" if dim_id in time_ids else "categories"
            raise CubeError(
                f"{where}size gives {count} {what} but dimension {dim_id} has {len(codes)}"
            )
        categories[dim_id] = codes
        category_labels[dim_id] = labels
        dimension_labels[dim_id] = str(dimensions[dim_id].get("label") or dim_id)
    geo_ids = _role(document, "geo", ids, where)
    if not geo_ids:
        geo_ids = [d for d in ids if looks_geographic(categories[d])][:1]
    if len(geo_ids) != 1:
        raise CubeError(
            f"{where}role.geo names no single geographic dimension, and no dimension has "
            "municipality, county or region codes"
            if not geo_ids
            else f"{where}role.geo names {len(geo_ids)} dimensions; one is expected"
        )
    if not time_ids:
        time_ids = [d for d in ids if d.casefold() in TIME_NAMES and d not in geo_ids][:1]
    if len(time_ids) != 1:
        raise CubeError(f"{where}role.time must name exactly one time dimension")
    geo, time = geo_ids[0], time_ids[0]
    if geo == time:
        raise CubeError(f"{where}role.geo and role.time name the same dimension {geo}")
    total = math.prod(size) if size else 1
    values = _values(document, total, size, where)
    statuses = _statuses(document, total, where)
    others = [d for d in ids if d not in (geo, time)]
    strides = [math.prod(size[i + 1 :]) for i in range(len(size))]
    cells: list[Cell] = []
    for index, value in sorted(values.items()):
        at = {d: categories[d][(index // strides[i]) % size[i]] for i, d in enumerate(ids)}
        cells.append(
            Cell(
                geo=at[geo],
                time=at[time],
                others=tuple(at[d] for d in others),
                value=value,
                status=statuses.get(index, ""),
            )
        )
    return Cube(
        label=str(document.get("label") or ""),
        source=str(document.get("source") or ""),
        updated=str(document.get("updated") or ""),
        geo=geo,
        time=time,
        others=others,
        dimension_labels=dimension_labels,
        category_labels=category_labels,
        categories=categories,
        cells=cells,
    )


def parse(document: Any, looks_geographic: Any = lambda codes: False) -> list[Cube]:
    """Every dataset of a JSON-stat 2.0 document (a dataset or a collection of datasets).
    ``looks_geographic(codes)`` finds the geographic dimension when ``role.geo`` is absent."""
    if not isinstance(document, dict):
        raise CubeError("the document must be a JSON object")
    if str(document.get("version", "")) != "2.0":
        raise CubeError(f'version must be "2.0" (found {document.get("version")!r})')
    kind = document.get("class")
    if kind == "dataset":
        return [_dataset(document, None, looks_geographic)]
    if kind == "collection":
        items = (document.get("link") or {}).get("item")
        if not isinstance(items, list) or not items:
            raise CubeError("link.item must list the collection's datasets")
        embedded = [
            item for item in items if isinstance(item, dict) and item.get("class") == "dataset"
        ]
        if len(embedded) != len(items):
            raise CubeError(
                'link.item: every item must be an embedded dataset (class "dataset"); '
                "links to other documents are not followed"
            )
        return [_dataset(item, i, looks_geographic) for i, item in enumerate(items)]
    raise CubeError(f'class must be "dataset" or "collection" (found {kind!r})')
