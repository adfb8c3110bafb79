"""Response headers that keep pages from loading or leaking anything off-site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app

# Pages load scripts, styles, images and fonts from this site only. A view that needs more
# (the map frames, for tiles) sets its own policy, which is then left alone.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


def map_policy(tiles_url: str | None) -> str:
    """The policy for a map frame: folium's inline script, our assets, and the tile host only."""
    tiles = ""
    if tiles_url:
        parts = urlsplit(tiles_url)
        # "{s}.tile.example.org" names several hosts; allow that one domain's subdomains.
        host = re.sub(r"^\{s\}\.", "*.", parts.netloc)
        tiles = f" {parts.scheme}://{host}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data:{tiles}",
            "connect-src 'self'",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def map_frame(html: str) -> Response:
    """A map document for an iframe, with the map policy instead of the page policy."""
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = map_policy(current_app.config["MAP_TILES_URL"])
    return response


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if current_app.config.get("PRODUCTION"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    """Add the security headers to every response."""
    app.after_request(_add_headers)
