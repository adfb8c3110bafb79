"""Map tiles fetched by the server and kept on disk, so browsers only ever talk to this site.

A person's browser asks /tiles/z/x/y.png; we answer from the cache or fetch the tile once from
the configured tile server (with our own User-Agent, as tile servers' usage policies ask) and
keep it for a week. The tile server never sees the person's address, and the Content-Security
Policy can forbid every other host, maps included. When the tile server cannot be reached the
map simply has no background; the list of services never depended on it.

The fetching is bounded, because an open proxy to a tile server is a bulk downloader (which
OpenStreetMap's tile policy bans) and a slow tile server would otherwise hold our workers:

- only the zooms our maps allow, and only tiles over the UK (plus one tile each side, so a
  map's edges near the coast are drawn); anything else is refused without a fetch;
- at most one fetch at a time from one cache folder (every worker of this instance): the others
  answer at once instead of queueing, and a fetch gives up after a few seconds;
- a failed fetch is remembered for a minute, so a broken tile server is not asked again at once;
- the cache has a size cap; past it the oldest tiles go first;
- the caller decides whether this client may cause a fetch at all (a rate limit), asked only
  once this request holds the fetch slot, so a busy answer costs the client nothing; if the
  caller cannot tell at once, the answer is "busy" too. A cached tile is served to anyone.
"""

from __future__ import annotations

import fcntl
import math
import os
import tempfile
import threading
import time
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# The zooms the site's maps allow (maps/render.py sets these on every map): 5 shows all of
# Great Britain and Northern Ireland in a frame; at 17 a single street fills it.
MIN_ZOOM = 5
MAX_ZOOM = 17
# South, west, north, east in degrees: the Isles of Scilly, Fermanagh, Shetland, Lowestoft.
UK_BOUNDS = (49.8, -8.7, 60.9, 1.8)

KEEP_FOR_SECONDS = 7 * 24 * 3600
FAIL_FOR_SECONDS = 60
FETCH_TIMEOUT_SECONDS = 3.0
MAX_TILE_BYTES = 512 * 1024
# About ten thousand OpenStreetMap tiles: every town's street-level tiles that people look at,
# not the whole country. Beyond this, serve tiles from nginx's cache (docs/operating.md).
MAX_CACHE_BYTES = 200 * 1024 * 1024
# Other workers write to the same folder; recount it now and then, not only when we pass the cap.
RECOUNT_EVERY_WRITES = 100
_FAILURES_KEPT = 4096
_LOCK_NAME = ".fetching"


class Unavailable(Enum):
    """Why there is no tile to send."""

    FAILED = "failed"  # the tile server failed, now or in the last minute
    BUSY = "busy"  # another fetch is in flight; try again in a moment
    LIMITED = "limited"  # this client has caused too many fetches lately


def tile_x(longitude: float, z: int) -> int:
    """The column of the zoom-z tile holding `longitude` (Web Mercator)."""
    return math.floor((longitude + 180) / 360 * 2**z)


def tile_y(latitude: float, z: int) -> int:
    """The row of the zoom-z tile holding `latitude` (Web Mercator; row 0 is the north)."""
    mercator = math.asinh(math.tan(math.radians(latitude)))
    return math.floor((1 - mercator / math.pi) / 2 * 2**z)


def tile_ranges(
    bounds: tuple[float, float, float, float], zooms: Iterable[int]
) -> dict[int, tuple[range, range]]:
    """Per zoom, the columns and rows of tiles covering `bounds`, plus one spare tile each side."""
    south, west, north, east = bounds
    ranges = {}
    for z in zooms:
        last = 2**z - 1
        columns = range(max(tile_x(west, z) - 1, 0), min(tile_x(east, z) + 1, last) + 1)
        rows = range(max(tile_y(north, z) - 1, 0), min(tile_y(south, z) + 1, last) + 1)
        ranges[z] = (columns, rows)
    return ranges


UK_TILES = tile_ranges(UK_BOUNDS, range(MIN_ZOOM, MAX_ZOOM + 1))


def wanted_tile(z: int, x: int, y: int) -> bool:
    """Whether z/x/y is a tile our maps can show: a zoom they allow, over the UK."""
    ranges = UK_TILES.get(z)
    return ranges is not None and x in ranges[0] and y in ranges[1]


def upstream_url(template: str, z: int, x: int, y: int) -> str:
    """The tile server's address for one tile ("{s}" servers: always the first)."""
    return template.replace("{s}", "a").format(z=z, x=x, y=y, r="")


@cache
def user_agent() -> str:
    """Who is asking, as tile servers' usage policies require: the application and version."""
    try:
        release = version("waymark-directory")
    except PackageNotFoundError:
        release = "unknown"
    return f"Waymark/{release} (service directory; server-side tile cache, python-urllib)"


class TileCache:
    """One process's handle on the tile cache folder shared by every worker of the instance."""

    def __init__(self, directory: Path, upstream: str, *, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.directory = directory
        self.upstream = upstream
        self.max_bytes = max_bytes
        self._failures: OrderedDict[tuple[int, int, int], float] = OrderedDict()
        self._failures_guard = threading.Lock()
        # Bytes in the folder as of the last count plus what this process wrote since.
        self._size: int | None = None
        self._writes_since_count = 0

    def tile(
        self,
        z: int,
        x: int,
        y: int,
        *,
        may_fetch: Callable[[], bool | None],
        now: float | None = None,
    ) -> bytes | Unavailable:
        """The tile's PNG bytes (cached, else fetched), or why there are none.

        `may_fetch` is asked only when the tile server is about to be: it counts this client's
        fetches and says True (go on), False (too many) or None (cannot tell now: busy).
        When a fetch cannot or does not happen, an out-of-date copy is better than none.
        """
        now = time.time() if now is None else now
        path = self.directory / str(z) / str(x) / f"{y}.png"
        fresh = _read(path, newer_than=now - KEEP_FOR_SECONDS)
        if fresh is not None:
            return fresh
        if self._failed_lately((z, x, y), now):
            return _read(path) or Unavailable.FAILED
        with self._fetch_slot() as ours:
            if not ours:
                return _read(path) or Unavailable.BUSY
            # Another worker may have fetched it while we looked for the slot.
            fresh = _read(path, newer_than=now - KEEP_FOR_SECONDS)
            if fresh is not None:
                return fresh
            allowed = may_fetch()
            if allowed is None:
                return _read(path) or Unavailable.BUSY
            if not allowed:
                return _read(path) or Unavailable.LIMITED
            body = _fetch(upstream_url(self.upstream, z, x, y))
            if body is not None:
                self._store(path, body, now)
                return body
        self._remember_failure((z, x, y), now)
        return _read(path) or Unavailable.FAILED

    def _failed_lately(self, key: tuple[int, int, int], now: float) -> bool:
        with self._failures_guard:
            until = self._failures.get(key)
            return until is not None and now < until

    def _remember_failure(self, key: tuple[int, int, int], now: float) -> None:
        with self._failures_guard:
            self._failures.pop(key, None)
            self._failures[key] = now + FAIL_FOR_SECONDS
            while len(self._failures) > _FAILURES_KEPT:
                self._failures.popitem(last=False)

    @contextmanager
    def _fetch_slot(self) -> Iterator[bool]:
        """Hold the folder's one fetch slot if it is free (True), without waiting for it.

        flock, not a thread lock: gunicorn's workers are processes, and one slow fetch per
        instance must leave the other workers free for pages. Each call opens its own file, so
        threads of one process exclude each other too. Closing the file frees the slot, even
        if the worker dies.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.directory / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)

    def _store(self, path: Path, body: bytes, now: float) -> None:
        """Keep the tile (called holding the fetch slot), then keep the folder under its cap."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as part:
            part.write(body)
        os.utime(part.name, (now, now))  # its age, and so its turn for eviction, starts now
        os.replace(part.name, path)  # readers never see half a tile
        self._writes_since_count += 1
        if self._size is not None:
            self._size += len(body)
        if (
            self._size is None
            or self._size > self.max_bytes
            or self._writes_since_count >= RECOUNT_EVERY_WRITES
        ):
            self._evict()

    def _evict(self) -> None:
        """Count the folder; past the cap, delete the oldest tiles down to nine tenths of it."""
        files = []
        for root, _dirs, names in os.walk(self.directory):
            for name in names:
                if name == _LOCK_NAME:
                    continue
                path = Path(root) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                files.append((stat.st_mtime, stat.st_size, path))
        size = sum(entry[1] for entry in files)
        if size > self.max_bytes:
            files.sort(key=lambda entry: entry[0])
            for _mtime, bytes_, path in files:
                if size <= self.max_bytes * 0.9:
                    break
                path.unlink(missing_ok=True)
                size -= bytes_
        self._size = size
        self._writes_since_count = 0


def _read(path: Path, newer_than: float | None = None) -> bytes | None:
    try:
        if newer_than is not None and path.stat().st_mtime <= newer_than:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _fetch(url: str) -> bytes | None:
    if not url.startswith(("https://", "http://", "file://")):
        return None
    request = urllib.request.Request(url, headers={"User-Agent": user_agent()})
    deadline = time.monotonic() + FETCH_TIMEOUT_SECONDS
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            while chunk := response.read(16 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                # The socket timeout bounds each read; this bounds a server that trickles.
                if size > MAX_TILE_BYTES or time.monotonic() > deadline:
                    return None
    except (OSError, ValueError):
        return None
    return b"".join(chunks) if size else None
