"""A live index build that cannot be opened never fails a request: the build a worker already
has keeps serving, the worker rebuilds the bad one, and a clean rebuild is picked up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask

from directory import create_app
from directory.config import PROJECT_ROOT
from directory.context import search_index
from directory.db import session_factory
from directory.loading.bundle import load_bundle
from tests.helpers import assert_govuk_page

# Every kind of page and API call that searches, each finding the Samaritans when it works.
SEARCHES = [
    "/search?q=samaritans",
    "/search?q=samaritans&near=Leeds",
    "/search/map?q=samaritans",
    "/api/services?search=samaritans",
    "/pathways/mental-health-crisis?near=Leeds",
]


@pytest.fixture
def loaded(app, session) -> Flask:
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()
    return app


def _point_live_at_an_empty_build(app: Flask) -> str:
    """Make the live build one that cannot be opened, as a half-copied or emptied folder is."""
    root = Path(app.config["INDEX_DIR"])
    (root / "build-empty").mkdir()
    (root / "CURRENT").write_text("build-empty")
    return "build-empty"


def _statuses(app: Flask, rounds: int = 3) -> list[int]:
    client = app.test_client()
    return [client.get(url).status_code for _ in range(rounds) for url in SEARCHES]


def test_after_a_failed_open_every_search_answers_and_a_clean_rebuild_is_used(loaded):
    assert set(_statuses(loaded, rounds=1)) == {200}  # builds the index and opens it
    _point_live_at_an_empty_build(loaded)

    assert set(_statuses(loaded)) == {200}

    result = loaded.test_cli_runner().invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert set(_statuses(loaded)) == {200}
    assert search_index(loaded).live_build() != "build-empty"
    assert "Samaritans" in loaded.test_client().get("/search?q=samaritans").text


def test_a_worker_rebuilds_a_build_it_cannot_open_at_its_next_catch_up(loaded):
    loaded.config["INDEX_SYNC_SECONDS"] = 0
    assert loaded.test_client().get("/search?q=samaritans").status_code == 200
    broken = _point_live_at_an_empty_build(loaded)

    assert set(_statuses(loaded, rounds=1)) == {200}

    assert search_index(loaded).live_build() not in (None, broken)
    assert not search_index(loaded).live_is_unreadable()
    assert "Samaritans" in loaded.test_client().get("/search?q=samaritans").text


def test_a_new_worker_facing_a_build_it_cannot_open_rebuilds_it_and_answers(loaded, tmp_path):
    assert loaded.test_client().get("/search?q=samaritans").status_code == 200
    broken = _point_live_at_an_empty_build(loaded)
    fresh = create_app({**loaded.config, "INSTANCE_PATH": str(tmp_path)})

    try:
        assert set(_statuses(fresh, rounds=1)) == {200}
        assert search_index(fresh).live_build() not in (None, broken)
        assert "Samaritans" in fresh.test_client().get("/search?q=samaritans").text
    finally:
        search_index(fresh).close()
        session_factory(fresh).kw["bind"].dispose()


def test_with_no_index_and_none_that_can_be_built_searches_say_try_later(app, tmp_path):
    not_a_folder = tmp_path / "index-is-a-file"
    not_a_folder.write_text("an operator's mistake")
    misconfigured = create_app({**app.config, "INDEX_DIR": str(not_a_folder)})
    client = misconfigured.test_client()

    try:
        page = client.get("/search?q=samaritans")
        api = client.get("/api/services?search=samaritans")
    finally:
        session_factory(misconfigured).kw["bind"].dispose()

    assert_govuk_page(page, status=503)
    assert page.headers["Retry-After"] == "30"
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.json["message"] == "Search is unavailable just now. Try again in a minute."


def test_rebuild_if_missing_rebuilds_a_live_build_that_cannot_be_opened(loaded):
    runner = loaded.test_cli_runner()
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert "present" in runner.invoke(args=["index", "rebuild", "--if-missing"]).output
    _point_live_at_an_empty_build(loaded)

    result = runner.invoke(args=["index", "rebuild", "--if-missing"])

    assert result.exit_code == 0, result.output
    assert search_index(loaded).live_build() not in (None, "build-empty")
    assert "Samaritans" in loaded.test_client().get("/search?q=samaritans").text


def test_a_build_that_failed_to_open_only_in_passing_is_not_rebuilt(loaded):
    loaded.config["INDEX_SYNC_SECONDS"] = 0
    assert loaded.test_client().get("/search?q=samaritans").status_code == 200
    index = search_index(loaded)
    live = index.live_build()
    index._unreadable[live] = time.monotonic() + 60  # as after a reader raced a commit

    assert set(_statuses(loaded, rounds=1)) == {200}

    assert index.live_build() == live
