"""An optional online geocoder, asked only for what the bundled gazetteer cannot place.

Off by default: Waymark never needs the network to find a place. When configured (for street
names the bundled data lacks), the online answer is reduced to a rounded point and then placed in
an authority from bundled data, exactly like "use my location".
"""

from __future__ import annotations

from dataclasses import replace

from geopy.exc import GeopyError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from sqlalchemy.orm import Session

from directory.geo.gazetteer import LocatedPoint, LocationError, locate, locate_coordinates

ONLINE_GEOCODERS = ("nominatim",)


def online_geocoder(name: str, user_agent: str) -> Geocoder | None:
    """The configured online geocoder, or None for offline only ("" or "none")."""
    if not name or name == "none":
        return None
    if name == "nominatim":
        return Nominatim(user_agent=user_agent, timeout=3)
    raise ValueError(f"unknown online geocoder {name!r}; choose one of {ONLINE_GEOCODERS}")


def locate_anywhere(session: Session, text: str, geocoder: Geocoder | None) -> LocatedPoint:
    """Bundled data first; then, if configured, the online geocoder; else the offline error."""
    try:
        return locate(session, text)
    except LocationError:
        if geocoder is None:
            raise
        try:
            found = geocoder.geocode(text, exactly_one=True, country_codes="gb")
        except GeopyError:
            found = None
        if found is None:
            raise
        point = locate_coordinates(session, found.latitude, found.longitude)
        return replace(point, label=text)
