"""Counting searches is best effort: a locked or read-only database never blocks a search."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session

from directory.config import PROJECT_ROOT
from directory.finder import actions
from directory.loading.bundle import load_bundle
from directory.models import Base, SearchCount
from tests.locks import write_lock

SEARCH = {"q": "racist abuse", "where": "LS6 1"}
PROMPT = 5.0  # seconds: far below the 30 s busy timeout a blocked write would wait


@pytest.fixture
def directory_db(app, session, monkeypatch):
    """The bundled listings, an empty buffer, and one search already counted."""
    monkeypatch.setattr(actions, "_pending", {})
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()
    assert app.test_client().get("/search", query_string=SEARCH).status_code == 200
    return session


def _counted(session) -> int:
    session.rollback()  # a fresh snapshot: the app wrote on its own connection
    return session.scalar(select(func.sum(SearchCount.count))) or 0


def _timed_search(client) -> tuple[int, str, float]:
    started = time.monotonic()
    response = client.get("/search", query_string=SEARCH)
    return response.status_code, response.text, time.monotonic() - started


@contextmanager
def _read_only(engine: Engine) -> Iterator[None]:
    """Every new connection of the app's engine refuses writes."""

    def refuse_writes(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
        cursor.close()

    engine.dispose()
    event.listen(engine, "connect", refuse_writes)
    try:
        yield
    finally:
        event.remove(engine, "connect", refuse_writes)
        engine.dispose()


def test_a_search_answers_promptly_while_another_writer_holds_the_database(
    directory_db, engine, client
):
    with write_lock(engine, "search_count"):
        status, text, took = _timed_search(client)
        assert _counted(directory_db) == 1

    assert status == 200 and took < PROMPT
    assert 'class="waymark-result"' in text
    assert sum(actions.pending_counts(engine).values()) == 1


def test_a_count_kept_during_a_lock_reaches_the_table_once_the_lock_is_gone(
    directory_db, engine, client
):
    with write_lock(engine, "search_count"):
        _timed_search(client)

    status, _, _ = _timed_search(client)

    assert status == 200
    assert _counted(directory_db) == 3
    assert actions.pending_counts(engine) == {}


def test_a_search_answers_promptly_on_a_read_only_database(directory_db, engine, client):
    with _read_only(engine):
        status, text, took = _timed_search(client)

    assert status == 200 and took < PROMPT
    assert 'class="waymark-result"' in text
    assert _counted(directory_db) == 1
    _timed_search(client)
    assert _counted(directory_db) == 3


def test_the_buffer_is_bounded(app, session, engine, monkeypatch):
    monkeypatch.setattr(actions, "_pending", {})
    monkeypatch.setattr(actions, "MAX_PENDING", 3)

    with _read_only(engine):
        written = [
            actions.count_search(session, date(2026, 3, 2), outcode, ["crisis_house"], False)
            for outcode in ("LS1", "LS2", "LS3", "LS4", "LS5")
        ]

    assert written == [False] * 5
    assert actions.pending_counts(engine) == {
        (date(2026, 3, 2), outcode, "crisis_house", False): 1 for outcode in ("LS1", "LS2", "LS3")
    }


def test_a_kept_count_for_a_month_already_published_is_dropped(app, session, engine, monkeypatch):
    monkeypatch.setattr(actions, "_pending", {})
    with _read_only(engine):
        actions.count_search(session, date(2026, 3, 31), "LS6", ["crisis_house"], False)

    actions.count_search(session, date(2026, 4, 8), "LS6", ["crisis_house"], False)

    session.rollback()
    assert session.scalars(select(SearchCount.day)).all() == [date(2026, 4, 8)]


def test_a_count_kept_for_one_database_is_never_written_into_another(
    app, session, engine, tmp_path, monkeypatch
):
    # One process can hold several apps (this test suite does), each on its own database.
    monkeypatch.setattr(actions, "_pending", {})
    with _read_only(engine):
        actions.count_search(session, date(2026, 3, 2), "LS6", ["crisis_house"], False)
    other = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    Base.metadata.create_all(other)

    with Session(other) as elsewhere:
        actions.count_search(elsewhere, date(2026, 3, 2), "WF1", ["crisis_house"], False)
        written = elsewhere.scalars(select(SearchCount.outcode)).all()
    other.dispose()

    assert written == ["WF1"]
    assert actions.pending_counts(engine) == {(date(2026, 3, 2), "LS6", "crisis_house", False): 1}
