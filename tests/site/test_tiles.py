"""The tile route never lets visitors turn this site into a bulk downloader or a slow page.

A fake tile server on 127.0.0.1 stands in for OpenStreetMap: it counts requests, can fail, and
can hold a request open until the test lets it go. Nothing here reaches the internet.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from sqlalchemy import func, select

from directory.limits import TILE_FETCHES
from directory.models import RateCount
from tests.locks import write_lock

PNG = b"\x89PNG\r\n\x1a\n-a-tiny-tile"
LEEDS = "/tiles/10/507/329.png"  # zoom 10, over Leeds
LEEDS_NEXT = "/tiles/10/508/329.png"
PROMPT = 5.0  # seconds: far below the 30 s busy timeout a blocked write would wait


@dataclass
class FakeTileServer:
    """What the fake tile server does, and what it was asked."""

    status: int = 200
    hold: threading.Event | None = None
    paths: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def upstream() -> Iterator[FakeTileServer]:
    """A tile server on a free local port, answering every path with one small PNG."""
    fake = FakeTileServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.paths.append(self.path)
            fake.user_agents.append(self.headers.get("User-Agent", ""))
            if fake.hold is not None:
                fake.hold.wait(10)
            self.send_response(fake.status)
            body = PNG if fake.status == 200 else b"no"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    yield fake
    if fake.hold is not None:
        fake.hold.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def tile_app(app: Flask, upstream: FakeTileServer, tmp_path) -> Flask:
    """The app with the fake tile server configured and its tile cache in a scratch folder."""
    app.config["MAP_TILES_URL"] = upstream.url
    app.instance_path = str(tmp_path / "instance")
    return app


def test_a_uk_tile_is_fetched_once_with_our_user_agent_then_served_from_the_cache(
    tile_app, upstream
):
    client = tile_app.test_client()

    first = client.get(LEEDS)
    second = client.get(LEEDS)

    assert first.status_code == second.status_code == 200
    assert first.data == second.data == PNG and first.mimetype == "image/png"
    assert upstream.paths == ["/10/507/329.png"]
    assert upstream.user_agents[0].startswith("Waymark/")


@pytest.mark.parametrize(
    "path",
    [
        "/tiles/10/518/352.png",  # Paris
        "/tiles/10/300/400.png",  # the Atlantic
        "/tiles/3/3/2.png",  # a zoom no map of ours shows (the whole of Europe)
        "/tiles/19/259870/168630.png",  # Leeds, closer than any map of ours goes
        "/tiles/3/8/0.png",  # not a tile at all
    ],
)
def test_tiles_outside_the_uk_or_our_zooms_are_not_found_without_asking_upstream(
    tile_app, upstream, path
):
    response = tile_app.test_client().get(path)

    assert response.status_code == 404
    assert upstream.paths == []


def test_a_failed_fetch_is_remembered_so_the_tile_server_is_not_asked_again_at_once(
    tile_app, upstream
):
    upstream.status = 500
    client = tile_app.test_client()

    assert client.get(LEEDS).status_code == 404
    assert client.get(LEEDS).status_code == 404

    assert upstream.paths == ["/10/507/329.png"]


@contextmanager
def _slow_fetch(tile_app: Flask, upstream: FakeTileServer) -> Iterator[dict[str, int]]:
    """One request for LEEDS waiting on the tile server (so holding the fetch slot) throughout."""
    upstream.hold = threading.Event()
    slow: dict[str, int] = {}

    def ask_slowly() -> None:
        slow["status"] = tile_app.test_client().get(LEEDS).status_code

    first = threading.Thread(target=ask_slowly)
    first.start()
    deadline = time.monotonic() + 5
    while not upstream.paths and time.monotonic() < deadline:
        time.sleep(0.01)
    assert upstream.paths, "the first fetch never reached the tile server"
    try:
        yield slow
    finally:
        upstream.hold.set()
        first.join(10)


def _tile_fetches_counted(session) -> int:
    session.rollback()  # a fresh snapshot: the app wrote on its own connection
    return session.scalar(
        select(func.sum(RateCount.count)).where(RateCount.bucket == TILE_FETCHES.bucket)
    )


def test_while_one_fetch_waits_on_a_slow_tile_server_other_misses_answer_at_once(
    tile_app, upstream
):
    with _slow_fetch(tile_app, upstream) as slow:
        started = time.monotonic()
        second = tile_app.test_client().get(LEEDS_NEXT)
        waited = time.monotonic() - started

    assert second.status_code == 503 and waited < 1
    assert "Retry-After" in second.headers
    assert slow["status"] == 200
    assert upstream.paths == ["/10/507/329.png"]


def test_misses_answered_busy_do_not_use_up_the_clients_allowance(tile_app, upstream, session):
    with _slow_fetch(tile_app, upstream):
        busy = [tile_app.test_client().get(f"/tiles/12/{2020 + x}/1310.png") for x in range(5)]

    assert [response.status_code for response in busy] == [503] * 5
    assert _tile_fetches_counted(session) == 1  # the one real fetch


def test_an_uncached_tile_answers_at_once_while_another_writer_holds_the_database(
    tile_app, upstream, engine, session
):
    with write_lock(engine, "rate_count"):
        started = time.monotonic()
        response = tile_app.test_client().get(LEEDS)
        waited = time.monotonic() - started

    assert response.status_code == 503 and waited < PROMPT
    assert "Retry-After" in response.headers
    assert upstream.paths == []  # uncounted, so not fetched
    assert not _tile_fetches_counted(session)


def test_a_client_that_asks_for_too_many_uncached_tiles_is_told_to_slow_down(tile_app, upstream):
    client = tile_app.test_client()
    for x in range(TILE_FETCHES.count):
        assert client.get(f"/tiles/12/{2020 + x % 40}/{1310 + x // 40}.png").status_code == 200

    refused = client.get("/tiles/12/2030/1330.png")
    again = client.get("/tiles/12/2020/1310.png")

    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert len(upstream.paths) == TILE_FETCHES.count
    assert again.status_code == 200 and again.data == PNG  # cached tiles are never limited
