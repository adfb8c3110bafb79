"""Map tiles fetched by the server and kept on disk, so browsers only ever talk to this site.

A person's browser asks /tiles/z/x/y.png; we answer from the cache or fetch the tile once from
the configured tile server (with our own User-Agent, as tile servers' usage policies ask) and
keep it for a week. The tile server never sees the person's address, and the Content-Security
Policy can forbid every other host, maps included. When the tile server cannot be reached the
map simply has no background; the list of services never depended on it.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.request
from pathlib import Path

MAX_ZOOM = 19
KEEP_FOR_SECONDS = 7 * 24 * 3600
FETCH_TIMEOUT_SECONDS = 5
MAX_TILE_BYTES = 512 * 1024
USER_AGENT = "Waymark service directory (tile cache)"


def valid_tile(z: int, x: int, y: int) -> bool:
    """Whether z/x/y names a tile that exists (so nothing else is ever requested or stored)."""
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def upstream_url(template: str, z: int, x: int, y: int) -> str:
    """The tile server's address for one tile ("{s}" servers: always the first)."""
    return template.replace("{s}", "a").format(z=z, x=x, y=y, r="")


def cached_tile(
    cache_dir: Path, template: str, z: int, x: int, y: int, now: float | None = None
) -> bytes | None:
    """The tile's PNG bytes from the cache, or fetched and cached; None if it cannot be had."""
    path = cache_dir / str(z) / str(x) / f"{y}.png"
    now = time.time() if now is None else now
    try:
        if now - path.stat().st_mtime < KEEP_FOR_SECONDS:
            return path.read_bytes()
    except OSError:
        pass
    body = _fetch(upstream_url(template, z, x, y))
    if body is None:
        return path.read_bytes() if path.exists() else None  # an old copy beats none
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as part:
        part.write(body)
    os.replace(part.name, path)  # readers never see half a tile
    return body


def _fetch(url: str) -> bytes | None:
    if not url.startswith(("https://", "http://", "file://")):
        return None
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            body = response.read(MAX_TILE_BYTES + 1)
    except (OSError, ValueError):
        return None
    return body if 0 < len(body) <= MAX_TILE_BYTES else None
