"""Writes the finder needs: the aggregate search counts, best effort.

Counting must never block or fail a search. While the database is locked for writing (a
`flask data load`, an import) or read-only, a search would otherwise wait out the 30 s busy
timeout and answer 503. So the count is written on its own connection with a short lock wait;
if that fails, the increments wait in a small in-process buffer and go in with the next count
that succeeds. The buffer holds only (day, district, category, found nothing) and a number.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from directory.models import SearchCount

log = logging.getLogger(__name__)

CountKey = tuple[date, str, str, bool]  # day, outcode, category, found nothing

# How long the count may wait for a lock: a search must not notice it.
LOCK_WAIT_MS = 100
STATEMENT_MS = 500
# At most this many distinct (day, district, category, nothing found) keys wait in memory;
# past it, new ones are dropped: a lost count is better than unbounded memory.
MAX_PENDING = 2000

_pending: dict[CountKey, int] = {}
_pending_lock = threading.Lock()


def count_search(
    session: Session,
    day: date,
    outcode: str | None,
    categories: Sequence[str],
    zero: bool,
    *,
    keep: Callable[[date], bool] = lambda _day: True,
) -> bool:
    """Add one search to the aggregate counts (district, category, found nothing).

    Best effort: True if it (and anything buffered) reached the table, False if it was kept
    in the buffer instead. `keep(day)` says whether a buffered day may still be written: a
    day whose period is already published must not change afterwards.
    """
    increments = {(day, outcode or "", category, zero): 1 for category in categories or [""]}
    batch = _take_pending(increments, keep)
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    try:
        with engine.connect() as connection, _short_waits(connection):
            for key, count in batch.items():
                connection.execute(_upsert(connection, key, count))
            connection.commit()
    except DBAPIError as error:
        log.warning("search count kept for later: %s", error.orig or error)
        _put_back(batch)
        return False
    return True


def pending_counts() -> dict[CountKey, int]:
    """A copy of the increments waiting for the database (for tests and diagnostics)."""
    with _pending_lock:
        return dict(_pending)


def _take_pending(
    increments: dict[CountKey, int], keep: Callable[[date], bool]
) -> dict[CountKey, int]:
    with _pending_lock:
        batch = {key: n for key, n in _pending.items() if keep(key[0])}
        _pending.clear()
    for key, n in increments.items():
        batch[key] = batch.get(key, 0) + n
    return batch


def _put_back(batch: dict[CountKey, int]) -> None:
    with _pending_lock:
        for key, n in batch.items():
            if key in _pending or len(_pending) < MAX_PENDING:
                _pending[key] = _pending.get(key, 0) + n


@contextmanager
def _short_waits(connection: Connection) -> Iterator[None]:
    """Wait at most LOCK_WAIT_MS for a lock during this transaction, then the usual time again.

    PostgreSQL's SET LOCAL ends with the transaction; SQLite's busy timeout belongs to the
    pooled connection, so it is put back afterwards.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = '{STATEMENT_MS}ms'")
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        yield
    finally:
        connection.rollback()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous or 0)}")


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
