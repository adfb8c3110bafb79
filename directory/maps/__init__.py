"""Folium maps built from plain view-models (no Flask, no database).

Views turn their results into :class:`MapPoint` lists; this package turns those into complete
HTML documents for an ``<iframe>``. Every script and stylesheet comes from our own static folder
(``asset_base``); the only other host a map may contact is the tile server in :class:`TileSource`.
"""

from directory.maps.colours import PALETTE, category_colours
from directory.maps.render import (
    MapDocument,
    choropleth_map,
    pathway_map,
    results_map,
    single_point_map,
)
from directory.maps.viewmodels import (
    METRES_PER_MILE,
    OSM_ATTRIBUTION,
    OSM_TILE_URL,
    MapPoint,
    TileSource,
)

__all__ = [
    "METRES_PER_MILE",
    "OSM_ATTRIBUTION",
    "OSM_TILE_URL",
    "PALETTE",
    "MapDocument",
    "MapPoint",
    "TileSource",
    "category_colours",
    "choropleth_map",
    "pathway_map",
    "results_map",
    "single_point_map",
]
