"""Map tiles come through this site's own cache, so browsers never contact the tile server."""

from __future__ import annotations

import time

import pytest

from directory import create_app
from directory.maps.tiles import KEEP_FOR_SECONDS, cached_tile, valid_tile

PNG = b"\x89PNG\r\n\x1a\n-a-tiny-tile"


@pytest.fixture
def upstream(tmp_path):
    """A tile server on disk (file://), so the tests stay offline."""
    root = tmp_path / "server"
    (root / "3" / "4").mkdir(parents=True)
    (root / "3" / "4" / "2.png").write_bytes(PNG)
    return root


def test_only_real_tiles_are_valid():
    assert valid_tile(0, 0, 0) and valid_tile(3, 7, 7)
    assert not valid_tile(3, 8, 0) and not valid_tile(20, 0, 0) and not valid_tile(-1, 0, 0)


def test_a_tile_is_fetched_once_then_served_from_the_cache(tmp_path, upstream):
    template = f"file://{upstream}/{{z}}/{{x}}/{{y}}.png"
    cache = tmp_path / "cache"

    assert cached_tile(cache, template, 3, 4, 2) == PNG
    (upstream / "3" / "4" / "2.png").unlink()

    assert cached_tile(cache, template, 3, 4, 2) == PNG


def test_a_week_old_tile_is_fetched_again(tmp_path, upstream):
    template = f"file://{upstream}/{{z}}/{{x}}/{{y}}.png"
    cache = tmp_path / "cache"
    cached_tile(cache, template, 3, 4, 2)
    (upstream / "3" / "4" / "2.png").write_bytes(PNG + b"-new")

    later = time.time() + KEEP_FOR_SECONDS + 1
    assert cached_tile(cache, template, 3, 4, 2, now=later) == PNG + b"-new"


def test_an_unreachable_tile_server_means_no_tile(tmp_path):
    assert cached_tile(tmp_path, "file:///nowhere/{z}/{x}/{y}.png", 1, 0, 0) is None
    assert cached_tile(tmp_path, "gopher://example.org/{z}/{x}/{y}.png", 1, 0, 0) is None


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    def make(tiles: str):
        monkeypatch.setenv("DIRECTORY_MAP_TILES", tiles)
        monkeypatch.setenv("DIRECTORY_INSTANCE_PATH", str(tmp_path / "instance"))
        return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"})

    return make


def test_the_site_serves_tiles_from_its_own_address(tmp_path, upstream, make_app):
    app = make_app(f"file://{upstream}/{{z}}/{{x}}/{{y}}.png")

    response = app.test_client().get("/tiles/3/4/2.png")

    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data == PNG
    assert (tmp_path / "instance" / "tiles" / "3" / "4" / "2.png").exists()


@pytest.mark.parametrize("path", ["/tiles/3/8/0.png", "/tiles/25/0/0.png", "/tiles/3/4/3.png"])
def test_impossible_or_missing_tiles_are_not_found(upstream, make_app, path):
    app = make_app(f"file://{upstream}/{{z}}/{{x}}/{{y}}.png")

    assert app.test_client().get(path).status_code == 404


def test_with_tiles_switched_off_there_are_none(make_app):
    app = make_app("none")

    assert app.test_client().get("/tiles/0/0/0.png").status_code == 404
