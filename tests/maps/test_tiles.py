"""Map tiles come through this site's own cache, so browsers never contact the tile server.

The cache itself is tested here with a tile server on disk (file://); the route's limits, with a
fake HTTP tile server, are in tests/site/test_tiles.py.
"""

from __future__ import annotations

import time

import pytest

from directory import create_app
from directory.maps import MapPoint, TileSource, results_map
from directory.maps.tiles import (
    FAIL_FOR_SECONDS,
    KEEP_FOR_SECONDS,
    MAX_ZOOM,
    MIN_ZOOM,
    TileCache,
    Unavailable,
    tile_x,
    tile_y,
    wanted_tile,
)

PNG = b"\x89PNG\r\n\x1a\n-a-tiny-tile"


def always() -> bool:
    return True


@pytest.fixture
def upstream(tmp_path):
    """A tile server on disk (file://), so the tests stay offline."""
    root = tmp_path / "server"
    for x in range(507, 512):
        (root / "10" / str(x)).mkdir(parents=True)
        (root / "10" / str(x) / "329.png").write_bytes(PNG + str(x).encode())
    return root


@pytest.fixture
def cache(tmp_path, upstream):
    return TileCache(tmp_path / "cache", f"file://{upstream}/{{z}}/{{x}}/{{y}}.png")


@pytest.mark.parametrize(
    ("place", "latitude", "longitude"),
    [
        ("Lerwick", 60.155, -1.145),
        ("St Mary's, Scilly", 49.914, -6.311),
        ("Enniskillen", 54.344, -7.639),
        ("Lowestoft", 52.475, 1.751),
        ("Leeds", 53.8, -1.55),
    ],
)
def test_every_corner_of_the_uk_is_covered_at_every_zoom_our_maps_allow(place, latitude, longitude):
    for z in range(MIN_ZOOM, MAX_ZOOM + 1):
        assert wanted_tile(z, tile_x(longitude, z), tile_y(latitude, z)), (place, z)


@pytest.mark.parametrize(
    ("place", "latitude", "longitude"),
    [("Paris", 48.857, 2.352), ("Oslo", 59.91, 10.75), ("New York", 40.71, -74.0)],
)
def test_places_abroad_are_not_covered_once_a_map_is_zoomed_in(place, latitude, longitude):
    # Below zoom 10 the spare tile round the UK is wide enough to reach Paris: that is the sea
    # and coasts a map of Britain shows at its edges, a few dozen tiles in all.
    for z in range(10, MAX_ZOOM + 1):
        assert not wanted_tile(z, tile_x(longitude, z), tile_y(latitude, z)), (place, z)


def test_zooms_our_maps_do_not_allow_are_not_covered_and_maps_allow_only_cached_zooms():
    leeds = (53.8, -1.55)
    for z in (0, 3, MIN_ZOOM - 1, MAX_ZOOM + 1, 19):
        assert not wanted_tile(z, tile_x(leeds[1], z), tile_y(leeds[0], z))
    document = results_map(
        [MapPoint(*leeds, "A", "/services/a", "c", "C")], tiles=TileSource(url="/t/{z}/{x}/{y}")
    ).html

    assert f'"minZoom": {MIN_ZOOM},' in document and f'"maxZoom": {MAX_ZOOM},' in document
    assert '"maxZoom": 19' not in document and '"minZoom": 0' not in document


def test_a_tile_is_fetched_once_then_served_from_the_cache(cache, upstream):
    fetches: list[int] = []

    def counted() -> bool:
        fetches.append(1)
        return True

    assert cache.tile(10, 507, 329, may_fetch=counted) == PNG + b"507"
    (upstream / "10" / "507" / "329.png").unlink()

    assert cache.tile(10, 507, 329, may_fetch=counted) == PNG + b"507"
    assert len(fetches) == 1  # a cached tile never counts against anyone


def test_a_week_old_tile_is_fetched_again(cache, upstream):
    cache.tile(10, 507, 329, may_fetch=always)
    (upstream / "10" / "507" / "329.png").write_bytes(PNG + b"-new")

    later = time.time() + KEEP_FOR_SECONDS + 1
    assert cache.tile(10, 507, 329, may_fetch=always, now=later) == PNG + b"-new"


def test_an_old_copy_is_served_when_the_tile_server_fails(cache, upstream):
    cache.tile(10, 507, 329, may_fetch=always)
    (upstream / "10" / "507" / "329.png").unlink()

    later = time.time() + KEEP_FOR_SECONDS + 1
    assert cache.tile(10, 507, 329, may_fetch=always, now=later) == PNG + b"507"


def test_a_failure_is_remembered_for_a_short_while_only(cache, upstream):
    now = time.time()
    assert cache.tile(10, 600, 329, may_fetch=always, now=now) is Unavailable.FAILED
    (upstream / "10" / "600").mkdir()
    (upstream / "10" / "600" / "329.png").write_bytes(PNG)

    soon = now + FAIL_FOR_SECONDS - 1
    assert cache.tile(10, 600, 329, may_fetch=always, now=soon) is Unavailable.FAILED
    later = now + FAIL_FOR_SECONDS + 1
    assert cache.tile(10, 600, 329, may_fetch=always, now=later) == PNG


def test_a_client_over_its_limit_gets_no_fetch(cache):
    assert cache.tile(10, 507, 329, may_fetch=lambda: False) is Unavailable.LIMITED
    assert cache.tile(10, 507, 329, may_fetch=always) == PNG + b"507"


def test_when_the_fetch_cannot_be_counted_at_once_the_answer_is_busy_or_an_old_copy(cache):
    assert cache.tile(10, 507, 329, may_fetch=lambda: None) is Unavailable.BUSY
    cache.tile(10, 507, 329, may_fetch=always)

    later = time.time() + KEEP_FOR_SECONDS + 1
    assert cache.tile(10, 507, 329, may_fetch=lambda: None, now=later) == PNG + b"507"


def test_past_its_size_cap_the_cache_drops_its_oldest_tiles_first(tmp_path, upstream):
    tile_size = len(PNG + b"507")
    cache = TileCache(
        tmp_path / "cache",
        f"file://{upstream}/{{z}}/{{x}}/{{y}}.png",
        max_bytes=3 * tile_size,
    )
    start = time.time()
    for age, x in enumerate(range(507, 512)):
        cache.tile(10, x, 329, may_fetch=always, now=start + age)

    kept = sorted(int(p.parent.name) for p in (tmp_path / "cache").rglob("*.png"))
    assert kept == [509, 510, 511]  # the fourth tile cut it to nine tenths: 507 and 508 went
    total = sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*.png"))
    assert total <= 3 * tile_size


def test_an_unreachable_tile_server_means_no_tile(tmp_path):
    for template in ("file:///nowhere/{z}/{x}/{y}.png", "gopher://example.org/{z}/{x}/{y}.png"):
        cache = TileCache(tmp_path / "cache", template)
        assert cache.tile(10, 507, 329, may_fetch=always) is Unavailable.FAILED


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    def make(tiles: str):
        monkeypatch.setenv("DIRECTORY_MAP_TILES", tiles)
        monkeypatch.setenv("DIRECTORY_INSTANCE_PATH", str(tmp_path / "instance"))
        return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"})

    return make


def test_with_tiles_switched_off_there_are_none(make_app):
    app = make_app("none")

    assert app.test_client().get("/tiles/10/507/329.png").status_code == 404
