"""Static pages about the site itself: accessibility, privacy, cookies and the data."""

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

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
