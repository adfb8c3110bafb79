"""Response headers that keep pages from loading or leaking anything off-site."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request

from directory.maps import MapDocument

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


def map_policy(script_hashes: Iterable[str]) -> str:
    """The policy for a map frame: this site only, plus exactly the inline scripts the site wrote.

    The hashes come from the map builders, taken before any listing's words were added (see
    maps/render.py), never from the finished HTML: a script that a name smuggled in stays off.
    Tiles come through this site's own tile cache, so no other host is allowed, maps included.
    Styles stay 'unsafe-inline' because Leaflet writes style attributes into marker HTML.
    """
    scripts = " ".join(["'self'", *(f"'{digest}'" for digest in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def map_frame(document: MapDocument) -> Response:
    """A map document for an iframe, with the map policy instead of the page policy."""
    response = Response(document.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = map_policy(document.script_hashes)
    return response


def no_store(response: Response) -> Response:
    """Keep a response out of every cache, the browser's own history included.

    For the pages of signed-in people: they show confidential addresses and pending changes,
    which must not be left for the next person on a shared computer or in a proxy's cache.
    """
    response.headers["Cache-Control"] = "no-store"
    return response


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The site's own pages get the full address (the CSRF check over HTTPS needs a same-site
    # Referer); any other site gets nothing, not even that the person came from a directory.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    # Only over HTTPS (directly, or behind a proxy we trust to say so): HSTS on plain HTTP
    # would be ignored by browsers and breaks local development.
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    """Add the security headers to every response."""
    app.after_request(_add_headers)
