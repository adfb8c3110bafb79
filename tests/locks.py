"""Another connection holding the database's write lock, as `flask data load` or an import would."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine


@contextmanager
def write_lock(engine: Engine, table: str) -> Iterator[None]:
    """Hold the write lock on `engine`'s database (SQLite: all of it; PostgreSQL: `table`)."""
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(engine.url.database, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    other_engine = create_engine(engine.url)
    with other_engine.connect() as other:
        other.exec_driver_sql(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            other.rollback()
    other_engine.dispose()
