"""Writes the finder needs: the aggregate search counts, best effort.

Counting must never block or fail a search. While the database is locked for writing (a
`flask data load`, an import) or read-only, a search would otherwise wait out the 30 s busy
timeout and answer 503. So the count is written on its own connection with a short lock wait;
if that fails, the increments wait in a small in-process buffer and go in with the next count
that succeeds on the same database. The buffer holds only (day, district, category, found
nothing) and a number.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from directory.db import short_lock_waits
from directory.models import SearchCount
from directory.search_periods import still_counting

log = logging.getLogger(__name__)

CountKey = tuple[date, str, str, bool]  # day, outcode, category, found nothing

# At most this many distinct (day, district, category, nothing found) keys wait in memory per
# database; past it, new ones are dropped: a lost count is better than unbounded memory.
MAX_PENDING = 2000

# Per database (its URL): one process may serve several apps, each on its own database.
_pending: dict[str, dict[CountKey, int]] = {}
_pending_lock = threading.Lock()


def count_search(
    session: Session, day: date, outcode: str | None, categories: Sequence[str], zero: bool
) -> bool:
    """Add one search made on `day` to the aggregate counts (district, category, found nothing).

    Best effort: True if it (and anything buffered) reached the table, False if it was kept
    in the buffer instead. Buffered counts for a month already published on `day` are dropped:
    a published figure must not change afterwards.
    """
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    increments = {(day, outcode or "", category, zero): 1 for category in categories or [""]}
    batch = _take_pending(engine, increments, day)
    try:
        with engine.connect() as connection, short_lock_waits(connection):
            for key, count in batch.items():
                connection.execute(_upsert(connection, key, count))
            connection.commit()
    except DBAPIError as error:
        log.warning("search count kept for later: %s", error.orig or error)
        _put_back(engine, batch)
        return False
    return True


def pending_counts(engine: Engine) -> dict[CountKey, int]:
    """A copy of the increments waiting for `engine`'s database (for tests and diagnostics)."""
    with _pending_lock:
        return dict(_pending.get(_database(engine), {}))


def _database(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _take_pending(
    engine: Engine, increments: dict[CountKey, int], today: date
) -> dict[CountKey, int]:
    with _pending_lock:
        pending = _pending.pop(_database(engine), {})
    batch = {key: n for key, n in pending.items() if still_counting(key[0], today)}
    for key, n in increments.items():
        batch[key] = batch.get(key, 0) + n
    return batch


def _put_back(engine: Engine, batch: dict[CountKey, int]) -> None:
    with _pending_lock:
        pending = _pending.setdefault(_database(engine), {})
        for key, n in batch.items():
            if key in pending or len(pending) < MAX_PENDING:
                pending[key] = pending.get(key, 0) + n


def _upsert(connection: Connection, key: CountKey, count: int) -> Executable:
    insert = sqlite_insert if connection.dialect.name == "sqlite" else pg_insert
    day, outcode, category, zero = key
    stmt = insert(SearchCount).values(
        day=day, outcode=outcode, category=category, zero_results=zero, count=count
    )
    return stmt.on_conflict_do_update(
        index_elements=["day", "outcode", "category", "zero_results"],
        set_={"count": SearchCount.count + count},
    )
