"""Load service-to-service referral routes from a bundled document, by service key."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from directory.loading.listings import ListingError, stable_id
from directory.models import Consent, ReferralRoute, RouteKind, Service

ROUTE_KEYS = {"from", "to", "kind", "self_referral", "consent", "criteria", "notes"}


def replace_routes(session: Session, source: str, routes: Iterable[Mapping[str, Any]]) -> int:
    """Replace every route from `source`; returns how many were loaded. Does not commit."""
    session.execute(delete(ReferralRoute).where(ReferralRoute.source == source))
    known = set(session.scalars(select(Service.id)))
    count = 0
    for n, raw in enumerate(routes):
        where = f"routes[{n}]"
        unknown = set(raw) - ROUTE_KEYS
        if unknown:
            raise ListingError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        ends = []
        for end in ("from", "to"):
            service_id = stable_id("service", str(raw.get(end)))
            if service_id not in known:
                raise ListingError(f"{where}.{end}: no service with key {raw.get(end)!r}")
            ends.append(service_id)
        try:
            kind = RouteKind(raw["kind"])
            consent = Consent(raw["consent"]) if raw.get("consent") else None
        except (KeyError, ValueError) as exc:
            raise ListingError(f"{where}: kind or consent is not a known code ({exc})") from exc
        session.add(
            ReferralRoute(
                id=stable_id("referral_route", source, str(raw["from"]), str(raw["to"]), kind),
                from_service_id=ends[0],
                to_service_id=ends[1],
                kind=kind,
                self_referral=bool(raw.get("self_referral", False)),
                consent=consent,
                criteria=raw.get("criteria"),
                notes=raw.get("notes"),
                source=source,
            )
        )
        count += 1
    session.flush()
    return count
