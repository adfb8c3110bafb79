"""What the running app holds: its vocabulary, lay-term table, search index, geocoder, tiles.

Views, commands and templates ask here, so library code never reaches for Flask itself.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, url_for
from geopy.geocoders.base import Geocoder

from directory.geo.online import online_geocoder as make_online_geocoder
from directory.interop.mappings import MAPPINGS_FILE, Mapping, read_mappings
from directory.maps import TileSource
from directory.maps.tiles import TileCache
from directory.search.index import SearchIndex
from directory.search.synonyms import SYNONYMS_FILE, SynonymTable, read_synonyms
from directory.vocabulary import Vocabulary, vocabulary_in

INDEX_KEY = "directory.search"
GEOCODER_KEY = "directory.online_geocoder"
TILES_KEY = "directory.tile_cache"


def init_app(app: Flask) -> None:
    """Attach the app's search index (opened lazily on the first search)."""
    app.extensions[INDEX_KEY] = SearchIndex(Path(app.config["INDEX_DIR"]))


def search_index(app: Flask | None = None) -> SearchIndex:
    """The app's search index."""
    return (app or current_app).extensions[INDEX_KEY]


def vocabulary() -> Vocabulary:
    """The app's categories and facets (read once per process)."""
    return vocabulary_in(Path(current_app.config["DATA_DIR"]))


def synonyms() -> SynonymTable:
    """The app's lay-term table (read once per process)."""
    known = frozenset(term.code for term in vocabulary().categories)
    return read_synonyms(Path(current_app.config["DATA_DIR"]) / SYNONYMS_FILE, known)


def taxonomy_mappings() -> dict[str, list[Mapping]]:
    """Each category's terms in other taxonomies, or why it has none (read once per process)."""
    codes = tuple(term.code for term in vocabulary().categories)
    return read_mappings(Path(current_app.config["DATA_DIR"]) / MAPPINGS_FILE, codes)


def include_examples() -> bool:
    """Whether made-up example listings are shown (DIRECTORY_SHOW_EXAMPLES)."""
    return bool(current_app.config["SHOW_EXAMPLES"])


def map_assets() -> str:
    """Where map frames load Leaflet and its plugins from: this site's vendored copies."""
    return url_for("static", filename="vendor").rstrip("/")


def tile_source() -> TileSource:
    """Map tiles from this site's own tile cache (or none at all, when no tile server is set)."""
    if not current_app.config["MAP_TILES_URL"]:
        return TileSource(url=None, attribution=current_app.config["MAP_ATTRIBUTION"])
    one = url_for("site.tile", z=0, x=0, y=0)
    return TileSource(
        url=one.removesuffix("0/0/0.png") + "{z}/{x}/{y}.png",
        attribution=current_app.config["MAP_ATTRIBUTION"],
    )


def tile_cache() -> TileCache | None:
    """This process's handle on the tile cache (None when no tile server is set)."""
    upstream = current_app.config["MAP_TILES_URL"]
    if not upstream:
        return None
    if TILES_KEY not in current_app.extensions:
        directory = Path(current_app.instance_path) / "tiles"
        current_app.extensions[TILES_KEY] = TileCache(directory, upstream)
    return current_app.extensions[TILES_KEY]


def online_geocoder() -> Geocoder | None:
    """The configured online geocoder, or None (the default: offline only)."""
    name = current_app.config.get("ONLINE_GEOCODER", "")
    if not name:
        return None
    if GEOCODER_KEY not in current_app.extensions:
        current_app.extensions[GEOCODER_KEY] = make_online_geocoder(
            name, "Waymark service directory"
        )
    return current_app.extensions[GEOCODER_KEY]
