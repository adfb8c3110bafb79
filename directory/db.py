"""Engine and session setup; one Session per request, closed at teardown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "directory.db"
MISSING_SQLITE = (
    "The SQLite database {path} does not exist. Create it with `flask --app directory db "
    "upgrade` (`make setup` or `make run` do that), or set DATABASE_URL to the database to use."
)
# Writes a request must not wait for (search counts, tile-fetch counts): how long they may wait
# for a lock, and run, before giving up. Far below the 30 s busy timeout everything else gets.
LOCK_WAIT_MS = 100
STATEMENT_MS = 500


def make_engine(url: str, *, create: bool = False, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys and WAL so readers do not block the loader.

    A SQLite file that does not exist is refused at the first connection, naming it, unless
    `create` (`flask db upgrade`): sqlite3 would otherwise create it empty, and a wrong path or
    a lost volume would look like a site with no listings.
    """
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    engine = create_engine(url, **kwargs)
    database = engine.url.database or ":memory:"
    in_a_file = database != ":memory:" and not database.startswith("file:")  # not URI filenames
    if engine.dialect.name == "sqlite" and in_a_file and not create:
        _refuse_a_missing_file(engine, Path(database))
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    return engine


def _refuse_a_missing_file(engine: Engine, path: Path) -> None:
    @event.listens_for(engine, "do_connect")
    def _only_an_existing_file(dialect: Any, _record: Any, _args: Any, _params: Any) -> None:
        if not path.exists():
            # A DB-API error, so it is reported as the database being unavailable (a 503).
            raise dialect.loaded_dbapi.OperationalError(MISSING_SQLITE.format(path=path))


def init_app(app: Flask, url: str) -> None:
    """Attach an engine and a session factory to `app` and close sessions after each request."""
    engine = make_engine(url)
    app.extensions[EXTENSION_KEY] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session_factory(app: Flask | None = None) -> sessionmaker[Session]:
    """Return the app's session factory (for commands and tests that need their own sessions)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def get_session() -> Session:
    """Return this request's Session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


def get_engine(app: Flask | None = None) -> Engine:
    """Return the engine bound to the app's session factory."""
    bind = session_factory(app).kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def short_lock_waits(connection: Connection) -> Iterator[None]:
    """Wait at most LOCK_WAIT_MS for a lock during this transaction, then the usual time again.

    For a best-effort write while a data load or an import holds the database: failing at once
    is better than holding a worker for the busy timeout. PostgreSQL's SET LOCAL ends with the
    transaction; SQLite's busy timeout belongs to the pooled connection, so it is put back.
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
