"""JSON-stat cube parsing with hypothesis-generated cubes: any dimension order, dense or
sparse values, status symbols, category index as list or object, role present or found by
codes, single datasets and collections, Norwegian and Danish codes (the project's ``ci``
hypothesis profile)."""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from livslang.insights.jsonstat import Cube, CubeError, parse

GEO = {
    "NO": ["0", "03", "46", "55", "0301", "4601", "5501", "5530", "K-5601"],
    "DK": ["000", "1084", "1085", "101", "340", "370", "751"],
}
PLACED = {c.removeprefix("K-") for codes in GEO.values() for c in codes}
TIMES = ["2023", "2024", "2025K1", "2025K2", "2025M03", "2024Q4"]
STATUS = ["..", ":", "-", "e", "p"]


def _looks_geographic(codes: list[str]) -> bool:
    return sum(c.removeprefix("K-") in PLACED for c in codes) * 2 > len(codes)


values_st = st.one_of(
    st.none(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


@st.composite
def cubes(draw: Any) -> tuple[dict[str, Any], dict[tuple[str, ...], Any], dict[str, Any]]:
    country = draw(st.sampled_from(sorted(GEO)))
    geo_codes = draw(st.lists(st.sampled_from(GEO[country]), min_size=1, max_size=5, unique=True))
    time_codes = draw(st.lists(st.sampled_from(TIMES), min_size=1, max_size=4, unique=True))
    dims: dict[str, list[str]] = {"Region": geo_codes, "Tid": time_codes}
    for n in range(draw(st.integers(0, 2))):
        dims[f"Var{n}"] = [f"c{i}" for i in range(draw(st.integers(1, 3)))]
    order = draw(st.permutations(list(dims)))
    size = [len(dims[d]) for d in order]
    combos = list(itertools.product(*[dims[d] for d in order]))
    sparse = draw(st.booleans())
    present = [i for i in range(len(combos)) if not sparse or draw(st.booleans())]
    expected: dict[tuple[str, ...], Any] = {}
    raw: dict[int, Any] = {}
    for i in present:
        value = draw(values_st)
        raw[i] = value
        canonical = dict(zip(order, combos[i], strict=True))
        key = (
            canonical["Region"],
            canonical["Tid"],
            *tuple(canonical[d] for d in sorted(dims) if d not in ("Region", "Tid")),
        )
        expected[key] = value
    statuses: dict[str, Any] = {}
    status_kind = draw(st.sampled_from(["none", "one", "list", "object"]))
    if status_kind == "one":
        statuses = {"status": draw(st.sampled_from(STATUS))}
    elif status_kind == "list":
        statuses = {"status": [draw(st.sampled_from(STATUS)) for _ in combos]}
    elif status_kind == "object" and present:
        statuses = {"status": {str(present[0]): draw(st.sampled_from(STATUS))}}

    def category(codes: list[str]) -> dict[str, Any]:
        index: Any = codes if draw(st.booleans()) else {c: i for i, c in enumerate(codes)}
        return {"index": index, "label": {c: f"label {c}" for c in codes}}

    with_role = draw(st.booleans())
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Synthetic cube",
        "updated": "2026-11-01",
        "id": list(order),
        "size": size,
        "dimension": {d: {"label": d, "category": category(dims[d])} for d in order},
        "value": [raw[i] for i in range(len(combos))]
        if not sparse
        else {str(i): v for i, v in raw.items()},
        **statuses,
    }
    if with_role:
        dataset["role"] = {"geo": ["Region"], "time": ["Tid"]}
    document = dataset
    if draw(st.booleans()):
        document = {"version": "2.0", "class": "collection", "link": {"item": [dataset]}}
    return document, expected, statuses


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


@given(cubes())
def test_every_generated_cube_is_read_back_cell_by_cell(
    generated: tuple[dict[str, Any], dict[tuple[str, ...], Any], dict[str, Any]],
) -> None:
    document, expected, statuses = generated
    # Through JSON text, as the command reads it.
    [cube] = parse(json.loads(json.dumps(document)), _looks_geographic)
    assert cube.geo == "Region" and cube.time == "Tid"
    got = {(c.geo, c.time, *c.others): c.value for c in cube.cells}
    reordered = {}
    for c in cube.cells:
        by_dim = dict(zip(cube.others, c.others, strict=True))
        reordered[(c.geo, c.time, *[by_dim[d] for d in sorted(cube.others)])] = c.value
    assert set(reordered) == set(expected)
    assert all(_same(reordered[k], v) for k, v in expected.items())
    assert len(got) == len(expected)
    status = statuses.get("status")
    if isinstance(status, str):
        assert all(c.status == status for c in cube.cells)
    elif status is None:
        assert all(c.status == "" for c in cube.cells)


@given(cubes(), st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=3))
def test_a_wrong_size_is_a_cube_error_naming_the_dimension(
    generated: tuple[dict[str, Any], dict[tuple[str, ...], Any], dict[str, Any]],
    position: int,
    extra: int,
) -> None:
    document, _expected, _statuses = generated
    dataset = document if document["class"] == "dataset" else document["link"]["item"][0]
    position %= len(dataset["size"])
    dataset["size"][position] += extra
    name = dataset["id"][position]
    try:
        parse(document, _looks_geographic)
    except CubeError as exc:
        assert f"dimension {name} has" in str(exc)
    else:
        raise AssertionError("a wrong size was accepted")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(
    st.fixed_dictionaries(
        {
            "version": st.sampled_from(["2.0", 2.0, "1.0"]),
            "class": st.sampled_from(["dataset", "collection", "x"]),
        },
        optional={
            "id": json_values,
            "size": json_values,
            "dimension": json_values,
            "value": json_values,
            "status": json_values,
            "role": json_values,
            "link": json_values,
        },
    )
)
def test_arbitrary_documents_fail_only_with_cube_errors(document: dict[str, Any]) -> None:
    try:
        found = parse(document, _looks_geographic)
    except CubeError as exc:
        assert str(exc)  # a message naming what is wrong
    else:
        assert all(isinstance(cube, Cube) for cube in found)
