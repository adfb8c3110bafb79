"""Fixtures: a fresh database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.orm import Session

from directory import create_app
from directory.config import PROJECT_ROOT
from directory.context import search_index, vocabulary
from directory.db import get_engine, session_factory
from directory.loading.bundle import load_bundle
from directory.models import Base
from directory.searching import rebuild_search_index


def _database_url(tmp_path: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or _new_sqlite(tmp_path / "test.sqlite3")


def _new_sqlite(path: Path) -> str:
    """An empty SQLite database file (the app opens only an existing one) and its URL."""
    path.touch()
    return f"sqlite:///{path}"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database with every table created."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": _database_url(tmp_path),
            "INDEX_DIR": str(tmp_path / "index"),
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    engine = get_engine(app)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield app
    Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def engine(app: Flask) -> Engine:
    return get_engine(app)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with session_factory(app)() as session:
        yield session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _scratch_url(tmp_path_factory: pytest.TempPathFactory, suffix: str) -> str:
    """A second database beside the per-test one, so shared fixtures survive per-test resets."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return _new_sqlite(tmp_path_factory.mktemp(suffix) / "loaded.sqlite3")
    parsed = make_url(url)
    name = f"{parsed.database}_{suffix}"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def loaded_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app whose database holds every bundled file except the 2.7M postcodes, and an index.

    Shared by the read-only page tests; tests that write use `app` instead.
    """
    root = tmp_path_factory.mktemp("loaded")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": _scratch_url(tmp_path_factory, "loaded"),
            "INDEX_DIR": str(root / "index"),
        }
    )
    engine = get_engine(app)
    Base.metadata.create_all(engine)
    with session_factory(app)() as session, session.begin():
        load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    with app.app_context(), session_factory(app)() as session:
        rebuild_search_index(session, root / "index", vocabulary())
    yield app
    search_index(app).close()
    engine.dispose()


@pytest.fixture
def loaded_client(loaded_app: Flask) -> FlaskClient:
    return loaded_app.test_client()


@pytest.fixture
def loaded_session(loaded_app: Flask) -> Iterator[Session]:
    """A session on the shared loaded database; read from it, never write."""
    with session_factory(loaded_app)() as session:
        yield session
