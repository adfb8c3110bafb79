"""Static pages about the site itself: accessibility, privacy, cookies and the data."""

from datetime import UTC, datetime

from flask import Blueprint, Response, render_template
from flask.typing import ResponseReturnValue

from directory.context import tile_cache
from directory.db import get_session
from directory.limits import client_key, count_tile_fetch
from directory.maps.tiles import Unavailable, wanted_tile

bp = Blueprint("site", __name__)


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    """Return the accessibility statement."""
    return render_template("site/accessibility.html")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """Return the privacy notice."""
    return render_template("site/privacy.html")


@bp.get("/cookies")
def cookies() -> ResponseReturnValue:
    """Return the cookies page."""
    return render_template("site/cookies.html")


@bp.get("/data-sources")
def data_sources() -> ResponseReturnValue:
    """Return the page listing where the data comes from and its licences."""
    return render_template("site/data_sources.html")


# No tile: status and Retry-After (seconds). None of these may be kept by a browser or proxy.
_NO_TILE = {
    Unavailable.FAILED: (404, None),
    Unavailable.BUSY: (503, "2"),
    Unavailable.LIMITED: (429, "60"),
}


@bp.get("/tiles/<int:z>/<int:x>/<int:y>.png")
def tile(z: int, x: int, y: int) -> ResponseReturnValue:
    """One map tile, from this site's cache of the configured tile server (see maps/tiles.py)."""
    cache = tile_cache()
    if cache is None or not wanted_tile(z, x, y):
        return Response(status=404)
    body = cache.tile(z, x, y, may_fetch=_may_fetch_tile)
    if isinstance(body, Unavailable):
        status, retry_after = _NO_TILE[body]
        response = Response(status=status)
        response.headers["Cache-Control"] = "no-store"
        if retry_after:
            response.headers["Retry-After"] = retry_after
        return response
    response = Response(body, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def _may_fetch_tile() -> bool | None:
    """Count one tile-server fetch for this client (asked only when one would really happen)."""
    now = datetime.now(UTC)
    return count_tile_fetch(get_session(), client_key(now), now)
