"""Great-circle distance and the bounding box, without a database."""

from __future__ import annotations

import math

import pytest

from livslang.geo.points import EARTH_RADIUS_KM, Point, bounding_box, great_circle_km


def test_one_degree_of_latitude_is_the_arc_length() -> None:
    assert great_circle_km(Point(60.0, 10.0), Point(61.0, 10.0)) == pytest.approx(
        EARTH_RADIUS_KM * math.pi / 180
    )


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    a, b = Point(69.6487, 18.9566), Point(70.0732, 29.7522)
    assert great_circle_km(a, a) == 0.0
    assert great_circle_km(a, b) == pytest.approx(great_circle_km(b, a))


def test_antipodes_are_half_the_circumference_apart() -> None:
    assert great_circle_km(Point(0, 0), Point(0, 180)) == pytest.approx(math.pi * EARTH_RADIUS_KM)


@pytest.mark.parametrize("lat", [0.0, 58.0, 71.0, 78.2])
def test_bounding_box_holds_the_whole_circle(lat: float) -> None:
    origin, radius = Point(lat, 15.0), 120.0
    box = bounding_box(origin, radius)
    assert box.min_lon is not None and box.max_lon is not None
    # Walk the circle: every point on it lies inside the box.
    d = radius / EARTH_RADIUS_KM
    lat1, lon1 = math.radians(origin.lat), math.radians(origin.lon)
    for step in range(360):
        bearing = math.radians(step)
        lat2 = math.asin(
            math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(bearing)
        )
        lon2 = lon1 + math.atan2(
            math.sin(bearing) * math.sin(d) * math.cos(lat1),
            math.cos(d) - math.sin(lat1) * math.sin(lat2),
        )
        p = Point(math.degrees(lat2), math.degrees(lon2))
        assert great_circle_km(origin, p) == pytest.approx(radius)
        assert box.min_lat - 1e-9 <= p.lat <= box.max_lat + 1e-9
        assert box.min_lon - 1e-9 <= p.lon <= box.max_lon + 1e-9


def test_bounding_box_near_a_pole_keeps_every_longitude() -> None:
    box = bounding_box(Point(89.5, 0.0), 100.0)
    assert box.min_lon is None and box.max_lon is None
