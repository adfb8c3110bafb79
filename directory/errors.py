"""Error pages with GOV.UK Design System wording, registered in one place."""

from flask import Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DisconnectionError, InterfaceError, NoResultFound, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, NotFound

from directory.search.index import IndexMissingError

_TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/405.html",
    429: "errors/429.html",
    500: "errors/500.html",
    503: "errors/503.html",
}

# The database cannot be reached or is not answering (down, restarting, refusing connections,
# pool exhausted). A person gets "unavailable, try later", never a stack trace.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)
# How long to tell clients and crawlers to wait before trying again.
RETRY_AFTER_SECONDS = 30


def _render_error(status: int, headers: list[tuple[str, str]] | None = None) -> ResponseReturnValue:
    return render_template(_TEMPLATES[status]), status, headers or []


def _http_error(error: HTTPException) -> ResponseReturnValue:
    # Keep headers such as Allow (required on a 405) but not werkzeug's own content type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return _render_error(error.code or 500, headers)


def _not_found(_error: Exception) -> ResponseReturnValue:
    # A missing row (session.get/scalar_one on a bad id) is the same as a missing page.
    return _render_error(404)


def _server_error(_error: Exception) -> ResponseReturnValue:
    return _render_error(500)


def _database_unavailable(error: Exception) -> ResponseReturnValue:
    current_app.logger.error("database unavailable", exc_info=error)
    return _render_error(503, [("Retry-After", str(RETRY_AFTER_SECONDS))])


def _search_unavailable(error: Exception) -> ResponseReturnValue:
    current_app.logger.error("search index unavailable", exc_info=error)
    return _render_error(503, [("Retry-After", str(RETRY_AFTER_SECONDS))])


def register_error_handlers(app: Flask) -> None:
    """Render the GOV.UK error pages for 400, 403, 404, 405, 429, 500, 503 (no database, no
    search index) and missing database rows."""
    app.register_error_handler(400, _http_error)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(NoResultFound, _not_found)
    app.register_error_handler(403, _http_error)
    app.register_error_handler(405, _http_error)
    app.register_error_handler(429, _http_error)
    app.register_error_handler(500, _server_error)
    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, _database_unavailable)
    # Only when a worker has no index open and none can be built: every other failure to open
    # one is survived (directory/search/index.py).
    app.register_error_handler(IndexMissingError, _search_unavailable)
