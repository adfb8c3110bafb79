"""Static pages about the site itself: accessibility, privacy, cookies and the data."""

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template
from flask.typing import ResponseReturnValue

from directory.maps.tiles import cached_tile, valid_tile

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


@bp.get("/tiles/<int:z>/<int:x>/<int:y>.png")
def tile(z: int, x: int, y: int) -> ResponseReturnValue:
    """One map tile, from this site's cache of the configured tile server (see maps/tiles.py)."""
    upstream = current_app.config["MAP_TILES_URL"]
    if not upstream or not valid_tile(z, x, y):
        abort(404)
    cache = Path(current_app.instance_path) / "tiles"
    body = cached_tile(cache, upstream, z, x, y)
    if body is None:
        abort(404)
    response = Response(body, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
