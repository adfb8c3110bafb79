"""A geopy geocoder backed by the bundled gazetteer: no network, no API key, no usage limits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point
from sqlalchemy.orm import Session

from directory.geo.gazetteer import LocatedPoint, LocationError, locate, locate_coordinates


class _NoNetworkAdapter(BaseSyncAdapter):
    """A geopy adapter that refuses every request: this geocoder must never go online."""

    def get_json(self, url: str, *, timeout: float | None, headers: dict[str, str]) -> Any:
        """Refuse: the offline geocoder never fetches anything."""
        raise RuntimeError(f"OfflineGeocoder does not make network requests (asked for {url})")

    def get_text(self, url: str, *, timeout: float | None, headers: dict[str, str]) -> str:
        """Refuse: the offline geocoder never fetches anything."""
        raise RuntimeError(f"OfflineGeocoder does not make network requests (asked for {url})")


def _location(point: LocatedPoint) -> Location:
    """Return the geopy Location for a located point, its fields (and area codes) as `raw`."""
    raw = dataclasses.asdict(point)
    raw["area_codes"] = list(point.area_codes)
    return Location(point.label, (point.latitude, point.longitude), raw)


def _answer(point: LocatedPoint, exactly_one: bool) -> Location | list[Location]:
    """Return one Location, or a one-item list when the caller asked for all matches."""
    location = _location(point)
    return location if exactly_one else [location]


class OfflineGeocoder(Geocoder):
    """Geocode UK postcodes, towns and councils from the database, geopy style.

    `session_factory` opens a Session (a sessionmaker, say); each call uses and closes one.
    """

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        """Keep the session factory; the no-network adapter stops geopy building an HTTP one."""
        super().__init__(adapter_factory=_NoNetworkAdapter)
        self.session_factory = session_factory

    def geocode(
        self, query: str, exactly_one: bool = True, timeout: float | None = None
    ) -> Location | list[Location] | None:
        """Return the Location for a postcode or place name, or None when it cannot be found."""
        with self.session_factory() as session:
            try:
                point = locate(session, query)
            except LocationError:
                return None
        return _answer(point, exactly_one)

    def reverse(
        self, query: Any, exactly_one: bool = True, timeout: float | None = None
    ) -> Location | list[Location] | None:
        """Return the Location (rounded to ~1 km) for "lat, lon", a pair or a geopy Point.

        Returns None for coordinates that cannot be read or lie outside the UK.
        """
        try:
            point = query if isinstance(query, Point) else Point(query)
        except (TypeError, ValueError):
            return None
        with self.session_factory() as session:
            try:
                located = locate_coordinates(session, point.latitude, point.longitude)
            except LocationError:
                return None
        return _answer(located, exactly_one)
