"""Great-circle distances and search boxes in miles (pure functions, no database)."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_MILES = 3958.8
# Miles per degree of latitude (and of longitude at the equator).
MILES_PER_DEGREE = EARTH_RADIUS_MILES * math.pi / 180


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the haversine (great-circle) distance between two points, in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def distances_miles(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """`distance_miles` from one point to many at once (degrees in, miles out)."""
    phi1, phi2 = math.radians(lat), np.radians(lats)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = np.radians(lons - lon) / 2
    h = np.sin(half_dphi) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_MILES * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def bounding_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) of a box holding every point within `miles`.

    The box is a cheap prefilter (an indexable range query); check `distance_miles` after it.
    """
    dlat = miles / MILES_PER_DEGREE
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    # Longitude degrees shrink towards the poles; use the box edge nearest a pole.
    widest = max(abs(min_lat), abs(max_lat))
    cos_lat = math.cos(math.radians(widest))
    if cos_lat < 1e-9 or miles / (MILES_PER_DEGREE * cos_lat) >= 180:
        return min_lat, max_lat, -180.0, 180.0
    dlon = miles / (MILES_PER_DEGREE * cos_lat)
    return min_lat, max_lat, lon - dlon, lon + dlon
