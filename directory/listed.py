"""Reads of listed services that several features share (finder, pathways, the API)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from directory.models import Location, Service, ServiceAtLocation, ServiceStatus


def listed(stmt: Select, include_examples: bool) -> Select:
    stmt = stmt.where(Service.status != ServiceStatus.DEFUNCT)
    return stmt if include_examples else stmt.where(Service.is_example.is_(False))


def with_details(stmt: Select) -> Select:
    return stmt.options(
        selectinload(Service.organization),
        selectinload(Service.service_areas),
        selectinload(Service.attributes),
        selectinload(Service.phones),
        selectinload(Service.verifications),
    )


def load_services(
    session: Session, ids: Sequence[uuid.UUID], *, include_examples: bool
) -> list[Service]:
    """Services for `ids`, in the order given (search ranks them); unlisted ones dropped."""
    if not ids:
        return []
    stmt = with_details(
        listed(select(Service).where(Service.id.in_(ids)), include_examples)
    ).options(
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .selectinload(Location.addresses)
    )
    found = {service.id: service for service in session.scalars(stmt)}
    return [found[i] for i in ids if i in found]
