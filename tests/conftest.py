"""Fixtures: a fresh database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from directory import create_app
from directory.db import get_engine, session_factory
from directory.models import Base


def _database_url(tmp_path: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


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
