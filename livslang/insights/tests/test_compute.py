"""The figures on small hand-computed worlds (no database)."""

from __future__ import annotations

import math

from livslang.geo.points import EARTH_RADIUS_KM, Point, great_circle_km
from livslang.insights.compute import Area, RegionUnit, compute

HOME = Point(60.0, 10.0)


def _north_of(origin: Point, km: float) -> Point:
    return Point(origin.lat + math.degrees(km / EARTH_RADIUS_KM), origin.lon)


def _world(**overrides: object) -> dict[str, object]:
    far = _north_of(HOME, 200)
    world: dict[str, object] = {
        "areas": [
            Area(1, "NO", "0001", "Heim", "01", 2000, HOME.lat, HOME.lon),
            Area(2, "NO", "0002", "Utmark", "01", None, far.lat, far.lon),
        ],
        "regions": [RegionUnit("NO", "01", "Fylke", None)],
        "cohorts": [],
        "needs": [],
        "gaps": set(),
        "sign_ups": {},
        "interests": {},
        "searches": {},
        "centres": {},
        "radii": (30, 60, 90),
        "topic_radius": 60,
    }
    world.update(overrides)
    return world


def _cohort(pk: int, point: Point | None, mode: str = "on_site", **kw: object) -> dict[str, object]:
    return {
        "pk": pk,
        "mode": mode,
        "country": "NO",
        "latitude": point.lat if point else None,
        "longitude": point.lon if point else None,
        "municipality_id": kw.pop("municipality_id", None),
        "topics": kw.pop("topics", []),
    }


def _by_code(result: object) -> dict[tuple[str, str], object]:
    return {(f.level, f.code): f for f in result.areas}  # type: ignore[attr-defined]


def test_a_cohort_exactly_at_the_radius_is_reachable_and_one_beyond_is_not() -> None:
    at_30 = _north_of(HOME, 30)
    beyond_30 = _north_of(HOME, 30.5)
    at_90 = _north_of(HOME, 90)
    assert abs(great_circle_km(HOME, at_30) - 30) < 1e-6
    cohorts = [
        _cohort(1, at_30),
        _cohort(2, beyond_30),
        _cohort(3, at_90, mode="blended"),
        _cohort(4, None, mode="online"),
        # No venue coordinates: measured from its municipality's settlement point.
        _cohort(5, None, municipality_id=1),
    ]
    figures = _by_code(compute(**_world(cohorts=cohorts)))  # type: ignore[arg-type]
    home = figures[("municipality", "0001")]
    assert home.reachable == {"30": 2, "60": 3, "90": 4}  # type: ignore[attr-defined]
    assert home.online_cohorts == 1  # type: ignore[attr-defined]
    # 200 km north: cohort 3 (90 km north of home) is 110 km away; nothing within 90 km.
    assert figures[("municipality", "0002")].reachable == {"30": 0, "60": 0, "90": 0}  # type: ignore[attr-defined]
    region = figures[("region", "01")]
    assert region.reachable == {"30": 2, "60": 3, "90": 4}  # type: ignore[attr-defined]
    assert figures[("country", "NO")].online_cohorts == 1  # type: ignore[attr-defined]


def test_needs_gaps_sign_ups_and_population_add_up_per_region_and_country() -> None:
    needs = [
        {"pk": 10, "municipality_id": 1, "participants": 3, "topics": ["Velferdsteknologi"]},
        {"pk": 11, "municipality_id": 2, "participants": 12, "topics": ["Velferdsteknologi"]},
        {"pk": 12, "municipality_id": None, "participants": 50, "topics": []},
    ]
    result = compute(
        **_world(  # type: ignore[arg-type]
            needs=needs,
            gaps={11},
            sign_ups={1: 7},
            interests={2: 2},
            searches={1: 4},
            centres={1: {100, 101}, 2: {101}},
            cohorts=[_cohort(1, HOME, topics=["velferdsteknologi"])],
        )
    )
    figures = _by_code(result)
    home, out = figures[("municipality", "0001")], figures[("municipality", "0002")]
    assert (home.open_needs, home.need_people, home.gap_needs) == (1, 3, 0)  # type: ignore[attr-defined]
    assert (out.open_needs, out.need_people, out.gap_people) == (1, 12, 12)  # type: ignore[attr-defined]
    region = figures[("region", "01")]
    assert (region.open_needs, region.need_people, region.gap_needs) == (2, 15, 1)  # type: ignore[attr-defined]
    assert (region.enrolments, region.interests, region.few_result_searches) == (7, 2, 4)  # type: ignore[attr-defined]
    assert region.centres == {100, 101}  # type: ignore[attr-defined]
    # One municipality has no population figure: the region's sum is unknown too.
    assert region.population is None  # type: ignore[attr-defined]
    topics = result.topics[("municipality", "NO", "0001")]["Velferdsteknologi"]
    assert (topics.open_needs, topics.need_people, len(topics.reached)) == (1, 3, 1)
    assert result.topics[("municipality", "NO", "0002")]["Velferdsteknologi"].reached == set()
    assert result.topics[("country", "NO", "NO")]["Velferdsteknologi"].gap_needs == 1
