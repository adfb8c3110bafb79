"""Reads for the manage pages: listings with every part, changes, history, checks, reports."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from directory.models import (
    AuditEntry,
    ChangeRequest,
    ChangeStatus,
    LocalAuthority,
    Location,
    Organization,
    PoliceForceArea,
    ProblemReport,
    ReferralRoute,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

# Listings not checked for this long are "due for checking" (the public warning is at 12 months).
DUE_AFTER = timedelta(days=183)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _with_everything(stmt: Select) -> Select:
    return stmt.options(
        selectinload(Service.organization),
        selectinload(Service.attributes),
        selectinload(Service.phones),
        selectinload(Service.contacts),
        selectinload(Service.schedules),
        selectinload(Service.service_areas),
        selectinload(Service.verifications),
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .options(selectinload(Location.addresses), selectinload(Location.accessibility)),
    )


def listing(session: Session, service_id: uuid.UUID) -> Service:
    """A service with every part an editor can change (any status); NoResultFound if none."""
    return session.scalars(_with_everything(select(Service).where(Service.id == service_id))).one()


def organisation(session: Session, organization_id: uuid.UUID) -> Organization:
    stmt = select(Organization).where(Organization.id == organization_id)
    return session.scalars(stmt.options(selectinload(Organization.services))).one()


def organisations_page(
    session: Session, only: uuid.UUID | None, *, text: str, offset: int, limit: int
) -> tuple[list[Organization], int]:
    """A page of organisations by name with their services, and how many there are in all.

    All organisations or one editor's; with `text`, those whose name or whose services' names
    contain it (any case), so the directory team can find one among thousands.
    """
    stmt = select(Organization.id)
    if only is not None:
        stmt = stmt.where(Organization.id == only)
    if text:
        named = select(Service.organization_id).where(Service.name.icontains(text, autoescape=True))
        stmt = stmt.where(
            Organization.name.icontains(text, autoescape=True) | Organization.id.in_(named)
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(Organization.name, Organization.id).offset(offset).limit(limit)
    found = (
        select(Organization)
        .where(Organization.id.in_(page))
        .options(selectinload(Organization.services))
        .order_by(Organization.name, Organization.id)
    )
    return list(session.scalars(found)), total


def routes_from(session: Session, service_id: uuid.UUID) -> list[ReferralRoute]:
    stmt = (
        select(ReferralRoute)
        .where(ReferralRoute.from_service_id == service_id)
        .options(selectinload(ReferralRoute.to_service))
    )
    return sorted(session.scalars(stmt), key=lambda r: (r.kind, r.to_service.name))


def route(session: Session, route_id: uuid.UUID) -> ReferralRoute:
    stmt = select(ReferralRoute).where(ReferralRoute.id == route_id)
    return session.scalars(stmt.options(selectinload(ReferralRoute.to_service))).one()


def find_service(session: Session, text: str) -> Service | None:
    """The service named by a Waymark address or id pasted into a form."""
    match = _UUID.search(text or "")
    return session.get(Service, uuid.UUID(match.group(0))) if match else None


def term_ids(session: Session) -> dict[str, uuid.UUID]:
    """Taxonomy term ids by code (category and facet codes are distinct)."""
    return dict(session.execute(select(TaxonomyTerm.code, TaxonomyTerm.id)).all())


def area_names(session: Session) -> dict[str, str]:
    """Names of every local authority and police force area, by code."""
    names = dict(session.execute(select(LocalAuthority.gss_code, LocalAuthority.name)).all())
    names.update(session.execute(select(PoliceForceArea.pfa_code, PoliceForceArea.name)).all())
    return names


def police_codes(session: Session) -> set[str]:
    return set(session.scalars(select(PoliceForceArea.pfa_code)))


def match_areas(session: Session, lines: Iterable[str]) -> tuple[list[str], list[str]]:
    """Codes for lines naming councils or police force areas (by name or code), and misses."""
    names = area_names(session)
    by_key = {name.casefold(): code for code, name in names.items()}
    by_key.update({code.casefold(): code for code in names})
    codes, misses = [], []
    for line in lines:
        key = line.strip().casefold()
        if not key:
            continue
        code = by_key.get(key) or by_key.get(key.removesuffix(" council").strip())
        (codes.append(code) if code else misses.append(line.strip()))
    return codes, misses


def pending_changes(
    session: Session, organization_id: uuid.UUID | None = None
) -> list[ChangeRequest]:
    """Changes waiting for review, oldest first (one organisation's, or all)."""
    stmt = select(ChangeRequest).where(ChangeRequest.status == ChangeStatus.PENDING)
    if organization_id is not None:
        stmt = stmt.where(ChangeRequest.organization_id == organization_id)
    stmt = stmt.options(selectinload(ChangeRequest.submitted_by))
    return list(session.scalars(stmt.order_by(ChangeRequest.submitted_at)))


def pending_for(session: Session, service_id: uuid.UUID) -> list[ChangeRequest]:
    stmt = select(ChangeRequest).where(
        ChangeRequest.service_id == service_id, ChangeRequest.status == ChangeStatus.PENDING
    )
    return list(session.scalars(stmt.order_by(ChangeRequest.submitted_at)))


def waiting_change(session: Session, section: str, target_id: uuid.UUID) -> ChangeRequest | None:
    """The change to this part of a listing that is waiting for review, if there is one."""
    stmt = select(ChangeRequest).where(
        ChangeRequest.status == ChangeStatus.PENDING,
        ChangeRequest.section == section,
        ChangeRequest.target_id == target_id,
    )
    return session.scalars(stmt.limit(1)).first()


def change(session: Session, change_id: uuid.UUID) -> ChangeRequest:
    stmt = select(ChangeRequest).where(ChangeRequest.id == change_id)
    return session.scalars(stmt.options(selectinload(ChangeRequest.submitted_by))).one()


def history(session: Session, service_id: uuid.UUID) -> list[AuditEntry]:
    """Everything done to a listing, newest first."""
    stmt = select(AuditEntry).where(AuditEntry.service_id == service_id)
    return list(session.scalars(stmt.order_by(AuditEntry.at.desc())))


def organisation_history(session: Session, organization_id: uuid.UUID) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(
        AuditEntry.organization_id == organization_id, AuditEntry.section == "organization"
    )
    return list(session.scalars(stmt.order_by(AuditEntry.at.desc())))


def _due(today: date, organization_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    due = [
        Service.status != "defunct",
        or_(Service.assured_date.is_(None), Service.assured_date < today - DUE_AFTER),
    ]
    if organization_id is not None:
        due.append(Service.organization_id == organization_id)
    return due


def count_due(session: Session, today: date, organization_id: uuid.UUID | None = None) -> int:
    """How many listings are due for checking (all, or one organisation's)."""
    return session.scalar(select(func.count(Service.id)).where(*_due(today, organization_id))) or 0


def due_for_checking(
    session: Session,
    today: date,
    organization_id: uuid.UUID | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[Service]:
    """Listings not checked for over six months (or never), oldest first, with organisations."""
    stmt = (
        select(Service)
        .where(*_due(today, organization_id))
        .options(selectinload(Service.organization))
        .order_by(Service.assured_date.is_not(None), Service.assured_date, Service.name, Service.id)
    )
    return list(session.scalars(stmt.offset(offset).limit(limit)))


def open_reports(
    session: Session, organization_id: uuid.UUID | None = None
) -> list[tuple[ProblemReport, Service | None]]:
    """Unresolved problem reports, oldest first, with their services."""
    stmt = (
        select(ProblemReport, Service)
        .outerjoin(Service, Service.id == ProblemReport.service_id)
        .where(ProblemReport.resolved_at.is_(None))
        .options(selectinload(Service.organization))
        .order_by(ProblemReport.received_at)
    )
    if organization_id is not None:
        stmt = stmt.where(Service.organization_id == organization_id)
    return [(report, service) for report, service in session.execute(stmt).all()]


def open_reports_for(session: Session, service_id: uuid.UUID) -> list[ProblemReport]:
    stmt = select(ProblemReport).where(
        ProblemReport.service_id == service_id, ProblemReport.resolved_at.is_(None)
    )
    return list(session.scalars(stmt.order_by(ProblemReport.received_at)))


def report(session: Session, report_id: uuid.UUID) -> ProblemReport:
    return session.scalars(select(ProblemReport).where(ProblemReport.id == report_id)).one()


def counts_for(session: Session, organization_id: uuid.UUID | None) -> dict[str, int]:
    """How many changes wait for review and reports wait to be resolved (all, or one org's)."""
    changes = select(func.count(ChangeRequest.id)).where(
        ChangeRequest.status == ChangeStatus.PENDING
    )
    reports = (
        select(func.count(ProblemReport.id))
        .join(Service, Service.id == ProblemReport.service_id)
        .where(ProblemReport.resolved_at.is_(None))
    )
    if organization_id is not None:
        changes = changes.where(ChangeRequest.organization_id == organization_id)
        reports = reports.where(Service.organization_id == organization_id)
    return {"changes": session.scalar(changes) or 0, "reports": session.scalar(reports) or 0}
