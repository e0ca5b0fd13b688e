"""Computing the figures from plain rows: no database, so it is tested on small worlds.

Reach is measured from each municipality's settlement point to each on-site or blended
cohort's venue (its coordinates, else its municipality's settlement point) by great-circle
distance; a cohort exactly at the radius is reachable. A grid of one-degree cells narrows the
candidates (the bounding box of the largest radius), the exact distance decides.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from livslang.geo.points import Point, bounding_box, great_circle_km

ON_SITE_MODES = frozenset({"on_site", "blended"})
# A cohort exactly at the radius is within it: allow for rounding in the distance (1 mm).
TOLERANCE_KM = 1e-6


@dataclass(frozen=True)
class Area:
    """A municipality as the computation sees it."""

    id: int
    country: str
    code: str
    name: str
    region_code: str
    population: int | None
    lat: float
    lon: float


@dataclass(frozen=True)
class RegionUnit:
    country: str
    code: str
    name: str
    population: int | None


@dataclass
class Figures:
    """The figures of one area; ``reached`` holds cohort ids per radius (for unions)."""

    level: str
    country: str
    region_code: str
    code: str
    name: str
    population: int | None
    reached: dict[int, set[int]] = field(default_factory=dict)
    online_cohorts: int = 0
    open_needs: int = 0
    need_people: int = 0
    gap_needs: int = 0
    gap_people: int = 0
    enrolments: int = 0
    interests: int = 0
    few_result_searches: int = 0
    centres: set[int] = field(default_factory=set)

    @property
    def reachable(self) -> dict[str, int]:
        return {str(km): len(ids) for km, ids in sorted(self.reached.items())}


@dataclass
class TopicCell:
    open_needs: int = 0
    need_people: int = 0
    gap_needs: int = 0
    reached: set[int] = field(default_factory=set)


@dataclass
class Result:
    areas: list[Figures]
    # (level, country, code) -> topic -> cell
    topics: dict[tuple[str, str, str], dict[str, TopicCell]]
    region_of: dict[tuple[str, str, str], str]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat), math.floor(lon))


def _venues(
    cohorts: Iterable[Mapping[str, Any]], settlement: Mapping[int, Point]
) -> dict[tuple[int, int], dict[Point, list[int]]]:
    """On-site cohorts by grid cell and venue point (many share a point: one distance each)."""
    grid: dict[tuple[int, int], dict[Point, list[int]]] = defaultdict(dict)
    for cohort in cohorts:
        if cohort["mode"] not in ON_SITE_MODES:
            continue
        if cohort.get("latitude") is not None and cohort.get("longitude") is not None:
            point = Point(float(cohort["latitude"]), float(cohort["longitude"]))
        elif cohort.get("municipality_id") in settlement:
            point = settlement[cohort["municipality_id"]]
        else:
            continue
        grid[_cell(point.lat, point.lon)].setdefault(point, []).append(int(cohort["pk"]))
    return grid


def reach(
    origin: Point,
    grid: Mapping[tuple[int, int], Mapping[Point, list[int]]],
    radii: Iterable[int],
) -> dict[int, set[int]]:
    """Cohort ids within each radius (km, inclusive) of ``origin``."""
    ordered = sorted(radii)
    found: dict[int, set[int]] = {km: set() for km in ordered}
    if not ordered:
        return found
    box = bounding_box(origin, ordered[-1])
    lat_cells = range(math.floor(box.min_lat), math.floor(box.max_lat) + 1)
    if box.min_lon is None or box.max_lon is None:
        keys = [key for key in grid if key[0] in lat_cells]
    else:
        lon_cells = range(math.floor(box.min_lon), math.floor(box.max_lon) + 1)
        keys = [(a, b) for a in lat_cells for b in lon_cells]
    for key in keys:
        for point, pks in grid.get(key, {}).items():
            km = great_circle_km(origin, point)
            for radius in ordered:
                if km <= radius + TOLERANCE_KM:
                    found[radius].update(pks)
    return found


def _sum_population(values: list[int | None]) -> int | None:
    return None if not values or any(v is None for v in values) else sum(v or 0 for v in values)


def compute(
    *,
    areas: list[Area],
    regions: list[RegionUnit],
    cohorts: Sequence[Mapping[str, Any]],
    needs: Sequence[Mapping[str, Any]],
    gaps: set[int],
    sign_ups: Mapping[int, int],
    interests: Mapping[int, int],
    searches: Mapping[int, int],
    centres: Mapping[int, set[int]],
    radii: tuple[int, ...],
    topic_radius: int,
) -> Result:
    """The figures of every municipality, county/region and country."""
    settlement = {a.id: Point(a.lat, a.lon) for a in areas}
    grid = _venues(cohorts, settlement)
    online_by_country: dict[str, int] = defaultdict(int)
    topics_of: dict[int, set[str]] = {}
    for cohort in cohorts:
        if cohort["mode"] == "online":
            online_by_country[str(cohort["country"])] += 1
        topics_of[int(cohort["pk"])] = {str(t).casefold() for t in cohort.get("topics") or []}
    all_radii = tuple(sorted({*radii, topic_radius}))

    municipal: list[Figures] = []
    by_id: dict[int, Figures] = {}
    reached_topic: dict[int, set[int]] = {}
    for area in areas:
        reached = reach(settlement[area.id], grid, all_radii)
        reached_topic[area.id] = reached[topic_radius]
        figures = Figures(
            level="municipality",
            country=area.country,
            region_code=area.region_code,
            code=area.code,
            name=area.name,
            population=area.population,
            reached={km: reached[km] for km in radii},
            online_cohorts=online_by_country.get(area.country, 0),
            enrolments=sign_ups.get(area.id, 0),
            interests=interests.get(area.id, 0),
            few_result_searches=searches.get(area.id, 0),
            centres=set(centres.get(area.id, set())),
        )
        municipal.append(figures)
        by_id[area.id] = figures

    topic_cells: dict[tuple[str, str, str], dict[str, TopicCell]] = defaultdict(dict)
    need_topics: set[str] = set()
    for need in needs:
        found = by_id.get(need.get("municipality_id") or -1)
        if found is None:
            continue
        figures = found
        people = int(need["participants"])
        gap = int(need["pk"]) in gaps
        figures.open_needs += 1
        figures.need_people += people
        if gap:
            figures.gap_needs += 1
            figures.gap_people += people
        key = ("municipality", figures.country, figures.code)
        for topic in {str(t).strip() for t in need.get("topics") or [] if str(t).strip()}:
            need_topics.add(topic)
            cell = topic_cells[key].setdefault(topic, TopicCell())
            cell.open_needs += 1
            cell.need_people += people
            cell.gap_needs += int(gap)

    # Reachable cohorts per topic: those whose offering names the topic (ignoring case).
    for area in areas:
        key = ("municipality", area.country, area.code)
        for topic in need_topics:
            folded = topic.casefold()
            ids = {pk for pk in reached_topic[area.id] if folded in topics_of.get(pk, ())}
            if ids or topic in topic_cells[key]:
                topic_cells[key].setdefault(topic, TopicCell()).reached = ids

    region_names = {(r.country, r.code): r for r in regions}
    grouped: dict[tuple[str, str], list[Figures]] = defaultdict(list)
    countries: dict[str, list[Figures]] = defaultdict(list)
    for figures in municipal:
        grouped[(figures.country, figures.region_code)].append(figures)
        countries[figures.country].append(figures)

    def combine(
        level: str,
        country: str,
        region_code: str,
        code: str,
        name: str,
        members: list[Figures],
        population: int | None,
    ) -> Figures:
        total = Figures(
            level=level,
            country=country,
            region_code=region_code,
            code=code,
            name=name,
            population=population,
            reached={km: set() for km in radii},
            online_cohorts=online_by_country.get(country, 0),
        )
        cells: dict[str, TopicCell] = {}
        for member in members:
            for km in radii:
                total.reached[km] |= member.reached[km]
            for attr in (
                "open_needs",
                "need_people",
                "gap_needs",
                "gap_people",
                "enrolments",
                "interests",
                "few_result_searches",
            ):
                setattr(total, attr, getattr(total, attr) + getattr(member, attr))
            total.centres |= member.centres
            for topic, cell in topic_cells.get(("municipality", country, member.code), {}).items():
                into = cells.setdefault(topic, TopicCell())
                into.open_needs += cell.open_needs
                into.need_people += cell.need_people
                into.gap_needs += cell.gap_needs
                into.reached |= cell.reached
        if cells:
            topic_cells[(level, country, code)] = cells
        return total

    result: list[Figures] = list(municipal)
    region_of: dict[tuple[str, str, str], str] = {}
    for (country, region_code), members in sorted(grouped.items()):
        unit = region_names.get((country, region_code))
        population = _sum_population([m.population for m in members])
        if population is None and unit is not None:
            population = unit.population
        result.append(
            combine(
                "region",
                country,
                region_code,
                region_code,
                unit.name if unit else region_code,
                members,
                population,
            )
        )
    for country, members in sorted(countries.items()):
        result.append(
            combine(
                "country",
                country,
                "",
                country,
                country,
                members,
                _sum_population([m.population for m in members]),
            )
        )
    for figures in result:
        region_of[(figures.level, figures.country, figures.code)] = figures.region_code
    return Result(areas=result, topics=dict(topic_cells), region_of=region_of)
