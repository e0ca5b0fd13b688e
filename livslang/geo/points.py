"""Points on the earth and great-circle distance. Plain Python: no database, no Django."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Mean earth radius (IUGG), the usual choice for haversine distances.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Point:
    """WGS84 latitude and longitude in decimal degrees."""

    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """A lat/lon box; ``min_lon``/``max_lon`` are None when every longitude must be kept."""

    min_lat: float
    max_lat: float
    min_lon: float | None
    max_lon: float | None


def great_circle_km(a: Point, b: Point) -> float:
    """Distance along the earth's surface in km (haversine, spherical earth)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(origin: Point, radius_km: float) -> BoundingBox:
    """The smallest lat/lon box holding every point within ``radius_km`` of ``origin``.

    The longitude span uses the latitude where the circle is widest (not the origin's), so
    the box never cuts off points that are within the radius (J. Matuschek's method).
    """
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    min_lat, max_lat = origin.lat - dlat, origin.lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        # The circle holds a pole: every longitude is in range.
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), None, None)
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(origin.lat)))))
    min_lon, max_lon = origin.lon - dlon, origin.lon + dlon
    if min_lon < -180 or max_lon > 180:
        # Crossing the antimeridian: keep all longitudes rather than split the box in two.
        return BoundingBox(min_lat, max_lat, None, None)
    return BoundingBox(min_lat, max_lat, min_lon, max_lon)
