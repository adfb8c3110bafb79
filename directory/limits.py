"""Rate limits counted in the database, so every app instance shares one count.

Keys are one-way hashes salted with the site's secret and the day: the table can say "this
client sent five reports this hour" but not who the client was.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from directory.models import RateCount


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
    start = _window_start(limit, now)
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    stmt = insert(RateCount).values(bucket=limit.bucket, key=key, window_start=start, count=1)
    count = session.scalar(
        stmt.on_conflict_do_update(
            index_elements=["bucket", "key", "window_start"],
            set_={"count": RateCount.count + 1},
        ).returning(RateCount.count)
    )
    session.execute(delete(RateCount).where(RateCount.window_start < now - timedelta(days=1)))
    session.commit()
    return (count or 0) <= limit.count


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
