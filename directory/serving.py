"""gunicorn settings for serving Waymark.

    gunicorn --config python:directory.serving --workers 2 'directory:create_app()'

Each worker reads the search index's arrays before it takes a request, then moves everything
it holds so far out of the cyclic garbage collector's sight (`gc.freeze`): those are hundreds
of thousands of long-lived objects, and every full collection walked them all, a pause of a
tenth of a second in the middle of somebody's request. Frozen objects are still freed when
nothing refers to them; only cycles among them would stay. The control socket is off.
"""

from __future__ import annotations

import gc
from typing import Any

from directory.searching import warm_search_index

# gunicorn's control socket (on by default since 25) lets any process of the same user shut the
# server down or change its workers, and every server on the machine shares its default path.
# Nothing here uses it.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    """gunicorn hook: runs in each worker once the app is loaded, before any request."""
    with worker.wsgi.app_context():
        warmed = warm_search_index()
    worker.log.info("search index %s", "ready" if warmed else "not built yet")
    gc.freeze()
