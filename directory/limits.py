"""Rate limits counted in the database, so every app instance shares one count.

Keys are one-way hashes salted with the site's secret and the day: the table can say "this
client sent five reports this hour" but not who the client was.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import Connection, Engine, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from directory.db import short_lock_waits
from directory.models import RateCount

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most `count` events per `window` for one key."""

    bucket: str
    count: int
    window: timedelta


# Problem reports from the public: plenty for a person, too few to flood the moderation queue.
REPORTS = Limit("report", 5, timedelta(hours=1))
# Sign-in attempts from one client, across every account it tries.
SIGN_IN = Limit("sign-in", 20, timedelta(minutes=15))
# Map tiles that one client makes us fetch from the tile server (cached tiles are not counted):
# a few maps' worth of panning and zooming, far short of a bulk download.
TILE_FETCHES = Limit("tile-fetch", 200, timedelta(minutes=10))
# Requests for an editor account: each costs a password hash, and a person needs one or two.
REQUEST_ACCESS = Limit("request-access", 5, timedelta(hours=1))


def hashed_key(secret: str, *parts: str, now: datetime) -> str:
    """A key that cannot be turned back into the address or email it was made from."""
    material = "\x1f".join([secret, now.date().isoformat(), *parts])
    return hashlib.sha256(material.encode()).hexdigest()


def _window_start(limit: Limit, now: datetime) -> datetime:
    seconds = int(limit.window.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def allow(session: Session, limit: Limit, key: str, now: datetime) -> bool:
    """Count one event for `key` and say whether it is within the limit (commits the count).

    One upsert both counts and reads the count, so concurrent callers each get a different
    number and no more than `limit.count` of them are allowed.
    """
    count = _count(session, session.get_bind().dialect.name, limit, key, now)
    session.commit()
    return count <= limit.count


def allow_at_once(session: Session, limit: Limit, key: str, now: datetime) -> bool | None:
    """`allow` for a request that must not wait on the database: the count is written on its own
    connection with a short lock wait, and None (nothing counted) if that could not be done."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    try:
        with engine.connect() as connection, short_lock_waits(connection):
            count = _count(connection, connection.dialect.name, limit, key, now)
            connection.commit()
    except DBAPIError as error:
        log.warning("%s not counted: %s", limit.bucket, error.orig or error)
        return None
    return count <= limit.count


def count_tile_fetch(session: Session, key: str, now: datetime) -> bool | None:
    """Count one tile-server fetch caused by the client `key`: whether it is within
    TILE_FETCHES, or None if the count could not be written at once (a data load holds the
    database), so the caller answers "busy" rather than hold a worker for the busy timeout."""
    return allow_at_once(session, TILE_FETCHES, key, now)


def _count(db: Session | Connection, dialect: str, limit: Limit, key: str, now: datetime) -> int:
    """Count one event for `key` in this window and return the window's count (not committed);
    drop windows older than a day."""
    start = _window_start(limit, now)
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    stmt = insert(RateCount).values(bucket=limit.bucket, key=key, window_start=start, count=1)
    count = db.scalar(
        stmt.on_conflict_do_update(
            index_elements=["bucket", "key", "window_start"],
            set_={"count": RateCount.count + 1},
        ).returning(RateCount.count)
    )
    db.execute(delete(RateCount).where(RateCount.window_start < now - timedelta(days=1)))
    return count or 0


def forget_count(session: Session, limit: Limit, key: str, now: datetime) -> None:
    """Start `key`'s count for this window again (not committed)."""
    session.execute(
        delete(RateCount).where(
            RateCount.bucket == limit.bucket,
            RateCount.key == key,
            RateCount.window_start == _window_start(limit, now),
        )
    )


def client_key(now: datetime) -> str:
    """Who is asking, as every per-client limit counts them: the address, hashed.

    The address is the one the trusted-proxy setting makes `remote_addr`. An IPv6 client is its
    /64, since a home or phone is given a whole /64 and could step round a per-address count.
    """
    address = request.remote_addr or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 client reached over IPv6 (::ffff:a.b.c.d) is still that one IPv4 address.
        mapped = ip.ipv4_mapped
        address = str(mapped or ipaddress.IPv6Network((int(ip), 64), strict=False))
    return hashed_key(current_app.config["SECRET_KEY"], address, now=now)
