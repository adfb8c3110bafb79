"""The plain values a view hands to the map builders."""

from __future__ import annotations

from dataclasses import dataclass

from directory.maps.tiles import MAX_ZOOM, MIN_ZOOM

METRES_PER_MILE = 1609.344

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


@dataclass(frozen=True)
class MapPoint:
    """One service location on a map. ``title`` and ``detail`` are untrusted text."""

    latitude: float
    longitude: float
    title: str
    url: str  # a path on our own site, e.g. "/services/<uuid>"
    category_code: str
    category_name: str
    detail: str = ""


@dataclass(frozen=True)
class TileSource:
    """Where map tiles come from. ``url=None`` draws no tiles at all (a plain background).

    ``attribution`` is trusted HTML (it comes from configuration, not from users). The zooms
    are the tile cache's: a map never asks for a tile the cache would refuse.
    """

    url: str | None = OSM_TILE_URL
    attribution: str = OSM_ATTRIBUTION
    min_zoom: int = MIN_ZOOM
    max_zoom: int = MAX_ZOOM
