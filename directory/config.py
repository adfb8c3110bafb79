"""Configuration: safe defaults, then the environment.

Every variable read here is listed in `.env.example`. Production refuses to start with the
development secret key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from directory.maps.viewmodels import OSM_ATTRIBUTION, OSM_TILE_URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"


class UnsafeConfigError(RuntimeError):
    """Raised when a production configuration would be unsafe to run."""


def _tiles(value: str | None) -> str | None:
    if value is None or value == "":
        return OSM_TILE_URL
    return None if value.strip().lower() == "none" else value.strip()


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _base_path(value: str | None) -> str:
    """A URL path prefix: one leading slash, no trailing one ("/api", "/openreferral/v3")."""
    path = (value or "").strip().strip("/")
    return f"/{path}" if path else "/api"


def _api_base(value: str | None) -> tuple[str, str | None]:
    """The API's path prefix and the site's public origin, if the setting names one.

    DIRECTORY_API_BASE is a path ("/api") or the public URL ("https://waymark.example/api").
    Links the site publishes (the API's openapi_url and servers, a printed pathway's address)
    use that origin, never the Host header, which any client can forge.
    """
    parts = urlsplit((value or "").strip())
    if parts.scheme in {"http", "https"} and parts.netloc:
        return _base_path(parts.path), f"{parts.scheme}://{parts.netloc}"
    return _base_path(value), None


@dataclass(frozen=True)
class Settings:
    """The settings the app reads, resolved once from the environment."""

    instance_path: Path
    database_url: str
    secret_key: str
    data_dir: Path
    index_dir: Path
    show_examples: bool
    production: bool
    exit_url: str = "https://www.bbc.co.uk/weather"
    # None means maps draw no background tiles at all (fully offline).
    map_tiles_url: str | None = OSM_TILE_URL
    map_attribution: str = OSM_ATTRIBUTION
    # "" keeps geocoding offline; "nominatim" asks it for places the bundled data lacks.
    online_geocoder: str = ""
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none, trust
    # nothing). Needed behind a load balancer for HTTPS detection (HSTS) and rate limits.
    trusted_proxies: int = 0
    # Where the Open Referral UK API lives: one base path for every endpoint, and the origin
    # (scheme://host) the site's published links name; None (a bare path) in development.
    api_base: str = "/api"
    public_origin: str | None = None
    # How often (seconds) a process asks the database whether listings changed elsewhere.
    index_sync_seconds: float = 15.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: the process environment)."""
        env = dict(os.environ if env is None else env)
        api_base, public_origin = _api_base(env.get("DIRECTORY_API_BASE"))
        instance = Path(env.get("DIRECTORY_INSTANCE_PATH") or PROJECT_ROOT / "instance")
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'waymark.sqlite3'}"
        # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
        if database_url.startswith("postgres://"):
            database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
        elif database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
        return cls(
            instance_path=instance,
            database_url=database_url,
            secret_key=env.get("SECRET_KEY") or DEV_SECRET_KEY,
            data_dir=Path(env.get("DIRECTORY_DATA_DIR") or PROJECT_ROOT / "data"),
            index_dir=Path(env.get("DIRECTORY_INDEX_DIR") or instance / "index"),
            show_examples=_flag(env.get("DIRECTORY_SHOW_EXAMPLES"), True),
            production=_flag(env.get("DIRECTORY_PRODUCTION"), False),
            exit_url=env.get("DIRECTORY_EXIT_URL") or "https://www.bbc.co.uk/weather",
            map_tiles_url=_tiles(env.get("DIRECTORY_MAP_TILES")),
            map_attribution=env.get("DIRECTORY_MAP_ATTRIBUTION") or OSM_ATTRIBUTION,
            online_geocoder=(env.get("DIRECTORY_ONLINE_GEOCODER") or "").strip().lower(),
            trusted_proxies=int(env.get("DIRECTORY_TRUSTED_PROXIES") or 0),
            api_base=api_base,
            public_origin=public_origin,
            index_sync_seconds=float(env.get("DIRECTORY_INDEX_SYNC_SECONDS") or 15),
        )

    def check_safe(self) -> None:
        """Refuse to run production with settings that are only fit for a laptop."""
        if self.production and self.secret_key == DEV_SECRET_KEY:
            raise UnsafeConfigError("SECRET_KEY must be set when DIRECTORY_PRODUCTION is on.")
        if self.production and self.public_origin is None:
            raise UnsafeConfigError(
                "DIRECTORY_API_BASE must be the public URL of the API "
                "(https://your.site/api) when DIRECTORY_PRODUCTION is on."
            )
