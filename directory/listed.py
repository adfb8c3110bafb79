"""Reads of listed services that several features share (finder, pathways, the API)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from directory.models import (
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)


def listed(stmt: Select, include_examples: bool) -> Select:
    stmt = stmt.where(Service.status != ServiceStatus.DEFUNCT)
    return stmt if include_examples else stmt.where(Service.is_example.is_(False))


def with_everything(stmt: Select) -> Select:
    """Load every record HSDS nests in a service (the API's detail view and the export)."""
    place = selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
    return stmt.options(
        selectinload(Service.organization),
        selectinload(Service.phones).selectinload(Phone.languages),
        selectinload(Service.schedules),
        selectinload(Service.service_areas),
        selectinload(Service.languages),
        selectinload(Service.cost_options),
        selectinload(Service.contacts).selectinload(Contact.phones),
        selectinload(Service.attributes),
        place.selectinload(Location.addresses),
        place.selectinload(Location.accessibility),
        place.selectinload(Location.phones),
        place.selectinload(Location.schedules),
        place.selectinload(Location.languages),
    )


def last_change(session: Session) -> datetime | None:
    """When a service or organisation last changed (the newest `last_modified`), in UTC."""
    newest = [
        session.scalar(select(func.max(Service.last_modified))),
        session.scalar(select(func.max(Organization.last_modified))),
    ]
    found = [_utc(moment) for moment in newest if moment is not None]
    return max(found, default=None)


def changed_since(session: Session, moment: datetime) -> list[uuid.UUID]:
    """Services that changed after `moment`, or whose organisation did (defunct ones too)."""
    by_organization = select(Organization.id).where(Organization.last_modified > moment)
    stmt = select(Service.id).where(
        (Service.last_modified > moment) | Service.organization_id.in_(by_organization)
    )
    return list(session.scalars(stmt))


def _utc(moment: datetime) -> datetime:
    # SQLite hands back the UTC wall time it stored, without a zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The index holds every listed service, examples too (searches leave them out when asked).
def count_for_index(session: Session) -> int:
    """How many services the index should hold."""
    return session.scalar(listed(select(func.count(Service.id)), include_examples=True)) or 0


def listed_ids(session: Session) -> list[uuid.UUID]:
    """The id of every service the index should hold."""
    return list(session.scalars(listed(select(Service.id), include_examples=True)))


def services_for_index(
    session: Session, only: Sequence[uuid.UUID] | None = None
) -> Iterator[Service]:
    """Every service the index should hold (or those of `only`), with their details, streamed."""
    stmt = listed(select(Service), include_examples=True)
    if only is not None:
        stmt = stmt.where(Service.id.in_(only))
    stmt = stmt.options(
        selectinload(Service.organization),
        selectinload(Service.service_areas),
        selectinload(Service.attributes),
        selectinload(Service.phones),
        selectinload(Service.verifications),
        selectinload(Service.schedules),
        selectinload(Service.languages),
        selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
    )
    stmt = stmt.order_by(Service.id)
    for partition in session.scalars(stmt.execution_options(yield_per=500)).partitions():
        yield from partition
