"""Municipality boundaries for the maps, from the TopoJSON files the geo app ships.

The files wind exterior rings counter-clockwise (RFC 7946); d3-geo, which Vega draws maps
with, reads a counter-clockwise ring as "everything but this area" and fills the globe. The
topology is therefore rewound when the map data is built: each ring's list of arc references
is reversed (``[~a for a in reversed(ring)]``) where its winding is not the one d3 expects
(exterior clockwise, holes counter-clockwise). Only the arcs a map uses are kept.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "geo" / "data"
FILES = {"NO": "no_municipalities.topo.json", "DK": "dk_municipalities.topo.json"}
OBJECT = "municipalities"
REGION_PROPERTY = {"NO": "county_code", "DK": "region_code"}


def _arc_points(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute lon/lat points (undoing quantization and delta encoding)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        points: list[tuple[float, float]] = []
        x = y = 0.0
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """The closed ring's lon/lat points from its arc references."""
    points: list[tuple[float, float]] = []
    for ref in ring:
        part = arcs[ref] if ref >= 0 else list(reversed(arcs[~ref]))
        points.extend(part if not points else part[1:])
    return points


def spherical_ring_area(points: list[tuple[float, float]]) -> float:
    """Signed spherical area (steradians) of a ring: positive when it runs clockwise on a
    north-up map, which is how d3-geo reads the ring's inside."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(points):
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    return total / 2


def d3_area(polygons: list[list[list[tuple[float, float]]]]) -> float:
    """The area (steradians) d3-geo would fill for a (multi)polygon given as rings of points."""
    total = sum(spherical_ring_area(ring) for polygon in polygons for ring in polygon)
    return total + 4 * math.pi if total < 0 else total


def _rewound(ring: list[int], arcs: list[list[tuple[float, float]]], exterior: bool) -> list[int]:
    clockwise = spherical_ring_area(ring_points(ring, arcs)) > 0
    if clockwise == exterior:
        return list(ring)
    return [~ref for ref in reversed(ring)]


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


@cache
def _rewound_topology(country: str) -> dict[str, Any]:
    topology = json.loads((DATA / FILES[country]).read_text(encoding="utf-8"))
    arcs = _arc_points(topology)
    for geometry in topology["objects"][OBJECT]["geometries"]:
        polygons = [
            [_rewound(ring, arcs, exterior=index == 0) for index, ring in enumerate(polygon)]
            for polygon in _polygons(geometry)
        ]
        geometry["arcs"] = polygons[0] if geometry["type"] == "Polygon" else polygons
    return topology


def _refs(geometry: dict[str, Any]) -> list[int]:
    return [ref for polygon in _polygons(geometry) for ring in polygon for ref in ring]


def municipality_topology(country: str, region_code: str | None = None) -> dict[str, Any]:
    """The rewound municipality topology of ``country`` ("NO"/"DK"), limited to one county or
    region when ``region_code`` is given, with only the arcs it uses. The object is called
    ``municipalities``; each geometry's ``id`` is the municipality code."""
    source = _rewound_topology(country)
    geometries = [
        g
        for g in source["objects"][OBJECT]["geometries"]
        if region_code is None or g["properties"].get(REGION_PROPERTY[country]) == region_code
    ]
    used = sorted({ref if ref >= 0 else ~ref for g in geometries for ref in _refs(g)})
    new_index = {old: new for new, old in enumerate(used)}

    def remap(ref: int) -> int:
        return new_index[ref] if ref >= 0 else ~new_index[~ref]

    kept: list[dict[str, Any]] = []
    for geometry in geometries:
        copied = copy.deepcopy(geometry)
        polygons = [
            [[remap(r) for r in ring] for ring in polygon] for polygon in _polygons(geometry)
        ]
        copied["arcs"] = polygons[0] if geometry["type"] == "Polygon" else polygons
        kept.append(copied)
    topology = {
        "type": "Topology",
        "arcs": [source["arcs"][old] for old in used],
        "objects": {OBJECT: {"type": "GeometryCollection", "geometries": kept}},
    }
    if "transform" in source:
        topology["transform"] = source["transform"]
    return topology


def feature_areas(topology: dict[str, Any]) -> dict[str, float]:
    """Each geometry's area as d3-geo reads it (steradians), by code: for the checks."""
    arcs = _arc_points(topology)
    return {
        str(g["id"]): d3_area(
            [[ring_points(ring, arcs) for ring in polygon] for polygon in _polygons(g)]
        )
        for g in topology["objects"][OBJECT]["geometries"]
    }


def codes(country: str) -> list[str]:
    """Every municipality code in the shipped boundaries of ``country``."""
    return [str(g["id"]) for g in _rewound_topology(country)["objects"][OBJECT]["geometries"]]
