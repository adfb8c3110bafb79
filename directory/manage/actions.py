"""Writes for keeping listings true: propose, approve, reject, verify, settle problem reports.

An editor's change is held as a ChangeRequest and touches nothing public until an admin
approves it; an admin's own change is approved as it is made. Approval refuses to apply when the
same part of the listing has changed since the editor saw it, and bumps the listing's version
with a compare-and-set, so two reviewers (on any app instance) cannot both apply on one version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.manage import queries
from directory.manage.sections import (
    Values,
    read_areas,
    read_contact,
    read_details,
    read_hours,
    read_location,
    read_organization,
    read_route,
)
from directory.models import (
    Accessibility,
    Address,
    AreaKind,
    Attribute,
    AuditEntry,
    ChangeRequest,
    ChangeStatus,
    Contact,
    Location,
    LocationType,
    Organization,
    Phone,
    ProblemReport,
    ReferralRoute,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    User,
    Verification,
    VerificationMethod,
)
from directory.opening_hours import DAY_CODES

STALE = (
    "This listing was changed by someone else after you opened this page. "
    "Your changes have not been saved. Copy anything you need, then reload the page and try again."
)
WAITING = (
    "A change to this part of the listing is already waiting for review. "
    "You can change it again once that change has been approved or rejected."
)
CONFLICT = (
    "This part of the listing has changed since the edit was proposed, so approving it would "
    "overwrite newer information. Reject it and ask the editor to make the change again."
)
FACET_LINKS = ("category", "access_mode", "identity_focus")
_FACET_FIELDS = {
    "category": "categories",
    "access_mode": "access_modes",
    "identity_focus": "identity_focus",
}


class EditRefused(Exception):
    """A change that cannot be made as asked; the message is for the person making it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Proposal:
    """What an editor asks for: one section of one listing, from one version, before → after."""

    organization_id: uuid.UUID
    service_id: uuid.UUID | None
    section: str
    target_id: uuid.UUID | None
    base_version: int
    before: Values | None
    after: Values | None


def _label(user: User) -> str:
    return f"{user.name} <{user.email}>"


def _audit(
    session: Session,
    user: User | None,
    change: ChangeRequest,
    action: str,
    now: datetime,
    note: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor_id=user.id if user else None,
            actor_label=_label(user) if user else "Waymark",
            organization_id=change.organization_id,
            service_id=change.service_id,
            action=action,
            section=change.section,
            before=change.before,
            after=change.after,
            note=note,
            change_request_id=change.id,
        )
    )


def current_version(session: Session, proposal: Proposal) -> int:
    """The version the proposal must have been made on (0 for a service not created yet)."""
    if proposal.section == "organization":
        org = session.get(Organization, proposal.organization_id)
        return org.version if org else -1
    if proposal.service_id is None:
        return 0
    service = session.get(Service, proposal.service_id)
    return service.version if service else -1


def part_of(proposal: Proposal) -> uuid.UUID:
    """The record a proposal changes: with its section, it names the part of the listing."""
    if proposal.target_id is not None:
        return proposal.target_id
    if proposal.before is None:
        return uuid.uuid4()  # a new service, place or route: the id it will get
    if proposal.section == "organization":
        return proposal.organization_id
    assert proposal.service_id is not None
    return proposal.service_id


def propose(session: Session, user: User, proposal: Proposal, now: datetime) -> ChangeRequest:
    """Hold a change for review (or apply it at once for an admin) and commit.

    EditRefused when the listing changed since the form was opened, or a change to the same
    part is already waiting: the second of two concurrent edits never overwrites the first.
    The database's unique index on pending parts decides between two saves at the same moment.
    """
    if current_version(session, proposal) != proposal.base_version:
        raise EditRefused(STALE)
    change = ChangeRequest(
        id=uuid.uuid4(),
        organization_id=proposal.organization_id,
        service_id=proposal.service_id,
        section=proposal.section,
        target_id=part_of(proposal),
        base_version=proposal.base_version,
        before=proposal.before,
        after=proposal.after,
        status=ChangeStatus.PENDING,
        submitted_by_id=user.id,
        submitted_at=now,
    )
    if change.section == "details" and change.service_id is None:
        change.service_id = change.target_id  # the id the new service will have
    session.add(change)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        if queries.waiting_change(session, change.section, change.target_id) is None:
            raise
        raise EditRefused(WAITING) from None
    _audit(session, user, change, "submitted", now)
    if user.is_admin:
        _approve(session, user, change, now)
    session.commit()
    return change


def approve(session: Session, reviewer: User, change: ChangeRequest, now: datetime) -> None:
    """Apply a pending change to the listing, record who approved it, and commit."""
    _approve(session, reviewer, change, now)
    session.commit()


def _approve(session: Session, reviewer: User, change: ChangeRequest, now: datetime) -> None:
    if change.status != ChangeStatus.PENDING:
        raise EditRefused("This change has already been reviewed")
    if _now_values(session, change) != change.before:
        raise EditRefused(CONFLICT)
    _apply(session, change)
    _bump_version(session, change, now)
    change.status = ChangeStatus.APPROVED
    change.reviewed_by_id = reviewer.id
    change.reviewed_at = now
    _audit(session, reviewer, change, "approved", now)


def reject(
    session: Session, reviewer: User, change: ChangeRequest, reason: str, now: datetime
) -> None:
    if change.status != ChangeStatus.PENDING:
        raise EditRefused("This change has already been reviewed")
    change.status = ChangeStatus.REJECTED
    change.reviewed_by_id = reviewer.id
    change.reviewed_at = now
    change.review_reason = reason.strip()
    _audit(session, reviewer, change, "rejected", now, note=change.review_reason)
    session.commit()


def _now_values(session: Session, change: ChangeRequest) -> Values | None:
    """The section's values as they are now (None when the record does not exist)."""
    section, target = change.section, change.target_id
    if section == "organization":
        org = session.get(Organization, change.organization_id)
        return read_organization(org) if org else None
    service = session.get(Service, change.service_id) if change.service_id else None
    if service is None:
        return None
    if section == "location":
        location = session.get(Location, target) if target else None
        return read_location(location) if location else None
    if section == "route":
        route = session.get(ReferralRoute, target) if target else None
        return read_route(route) if route else None
    readers = {
        "details": read_details,
        "contact": read_contact,
        "hours": read_hours,
        "areas": read_areas,
    }
    return readers[section](service)


def _bump_version(session: Session, change: ChangeRequest, now: datetime) -> None:
    """Raise the listing's version by one, only if nobody else did in between."""
    session.flush()
    table: type[Organization] | type[Service]
    if change.section == "organization":
        table, key = Organization, change.organization_id
    else:
        table, key = Service, change.service_id
    record = session.get(table, key)
    if record is None:
        return  # a removed listing has no version left to raise
    seen = record.version
    result = session.execute(
        update(table)
        .where(table.id == key, table.version == seen)
        .values(version=seen + 1, last_modified=now)
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        raise EditRefused(STALE)


def _apply(session: Session, change: ChangeRequest) -> None:
    after = change.after
    if change.section == "organization":
        org = session.get(Organization, change.organization_id)
        assert org is not None and after is not None
        org.name, org.description = after["name"], after["description"]
        org.website, org.email = after["website"] or None, after["email"] or None
        return
    if change.section == "details":
        _apply_details(session, change)
        return
    service = session.get(Service, change.service_id)
    assert service is not None
    appliers = {
        "contact": _apply_contact,
        "hours": _apply_hours,
        "areas": _apply_areas,
        "location": _apply_location,
        "route": _apply_route,
    }
    appliers[change.section](session, service, change)


def _apply_details(session: Session, change: ChangeRequest) -> None:
    after = change.after
    assert after is not None and change.service_id is not None
    service = session.get(Service, change.service_id)
    if service is None:
        service = Service(
            id=change.service_id,
            organization_id=change.organization_id,
            name=after["name"],
            version=0,
        )
        session.add(service)
    for field in (
        "name",
        "description",
        "status",
        "eligibility_description",
        "application_process",
        "fees_description",
        "alert",
    ):
        setattr(service, field, after[field] or (None if field != "name" else service.name))
    service.minimum_age, service.maximum_age = after["minimum_age"], after["maximum_age"]
    service.referral_route = after["referral_route"] or None
    service.lived_experience_led = after["lived_experience_led"]
    session.flush()
    session.execute(
        delete(Attribute).where(
            Attribute.link_id == service.id,
            Attribute.link_entity == "service",
            Attribute.link_type.in_(FACET_LINKS),
        )
    )
    terms = queries.term_ids(session)
    for link_type, field in _FACET_FIELDS.items():
        for code in after[field]:
            session.add(
                Attribute(
                    link_id=service.id,
                    link_entity="service",
                    link_type=link_type,
                    taxonomy_term_id=terms[code],
                )
            )
    session.flush()
    session.expire(service, ["attributes"])


def _apply_contact(session: Session, service: Service, change: ChangeRequest) -> None:
    after = change.after
    assert after is not None
    service.url, service.email = after["url"] or None, after["email"] or None
    _apply_phones(service, after["phones"])
    # The form edits the first named contact only; any others (from an import) stay as they are.
    person = next(iter(service.contacts), None)
    name, email = after["contact_name"] or None, after["contact_email"] or None
    if person is not None and (name or email):
        person.name, person.email = name, email
    elif person is not None:
        service.contacts.remove(person)
    elif name or email:
        service.contacts.append(Contact(name=name, email=email))


def _apply_phones(service: Service, wanted: list[dict[str, str]]) -> None:
    """Make the service's own numbers those the form gave, changing rows rather than replacing them.

    A number kept keeps what the form does not show: the location it is answered at, its
    extension and its languages. Numbers gone from the form are removed; new ones added.
    """
    unclaimed = [p for p in service.phones if p.contact_id is None]
    for item in wanted:
        phone = next((p for p in unclaimed if p.number == item["number"]), None)
        if phone is None:
            phone = Phone(number=item["number"])
            service.phones.append(phone)
        else:
            unclaimed.remove(phone)
        phone.type, phone.description = item["type"], item["description"] or None
    for phone in unclaimed:
        service.phones.remove(phone)


def _weekly(schedule: Schedule) -> bool:
    return schedule.freq in (None, "WEEKLY")


def _apply_hours(session: Session, service: Service, change: ChangeRequest) -> None:
    after = change.after
    assert after is not None
    for schedule in [s for s in service.schedules if _weekly(s)]:
        service.schedules.remove(schedule)
    by_hours: dict[str, list[str]] = {}
    for code in DAY_CODES:
        if after[code]:
            by_hours.setdefault(after[code], []).append(code)
    note = after["note"] or None
    for hours, days in by_hours.items():
        opens, closes = (time.fromisoformat(t) for t in hours.split("-"))
        service.schedules.append(
            Schedule(
                freq="WEEKLY",
                byday=",".join(days),
                opens_at=opens,
                closes_at=closes,
                description=note,
            )
        )
    if note and not by_hours:
        service.schedules.append(Schedule(freq="WEEKLY", description=note))


def _apply_areas(session: Session, service: Service, change: ChangeRequest) -> None:
    after = change.after
    assert after is not None
    names = queries.area_names(session)
    police = queries.police_codes(session)
    service.service_areas.clear()
    session.flush()
    scope = after["scope"]
    if scope == "national":
        service.service_areas.append(
            ServiceArea(area_kind=AreaKind.NATIONAL, area_code="national", name="United Kingdom")
        )
    elif scope:
        service.service_areas.append(
            ServiceArea(area_kind=AreaKind.NATION, area_code=scope, name=scope)
        )
    for code in after["areas"]:
        kind = AreaKind.POLICE_FORCE_AREA if code in police else AreaKind.LOCAL_AUTHORITY
        service.service_areas.append(
            ServiceArea(area_kind=kind, area_code=code, name=names.get(code))
        )


def _apply_location(session: Session, service: Service, change: ChangeRequest) -> None:
    after, target = change.after, change.target_id
    location = session.get(Location, target) if target else None
    if after is None:
        if location is not None:
            session.delete(location)
        return
    if location is None:
        location = Location(
            id=target, organization_id=service.organization_id, location_type=LocationType.PHYSICAL
        )
        session.add(location)
        session.add(ServiceAtLocation(service_id=service.id, location_id=location.id))
    location.name = after["name"] or None
    location.latitude, location.longitude = after["latitude"], after["longitude"]
    location.is_confidential = after["confidential"]
    location.transportation = after["transportation"] or None
    location.addresses.clear()
    location.addresses.append(
        Address(
            address_1=after["address_1"],
            address_2=after["address_2"] or None,
            city=after["city"],
            state_province="",
            postal_code=after["postcode"],
        )
    )
    location.accessibility.clear()
    if after["accessibility"]:
        location.accessibility.append(Accessibility(description=after["accessibility"]))


def _apply_route(session: Session, service: Service, change: ChangeRequest) -> None:
    after, target = change.after, change.target_id
    route = session.get(ReferralRoute, target) if target else None
    if after is None:
        if route is not None:
            session.delete(route)
        return
    if route is None:
        route = ReferralRoute(id=target, from_service_id=service.id, source="manage")
        session.add(route)
    route.to_service_id = uuid.UUID(after["to_service_id"])
    route.kind = after["kind"]
    route.self_referral = after["self_referral"]
    route.consent = after["consent"] or None
    route.criteria = after["criteria"] or None
    route.notes = after["notes"] or None


def still_correct(session: Session, user: User, service: Service, now: datetime) -> None:
    """Record that someone responsible checked the whole listing today (HSDS assured_date).

    Who checked is kept in the verification and the audit history, not in `assurer_email`:
    that is an HSDS field, and an editor's sign-in address is not for publishing.
    """
    service.assured_date = now.date()
    method = VerificationMethod.DIRECTORY_TEAM if user.is_admin else VerificationMethod.PROVIDER
    session.add(
        Verification(
            service_id=service.id,
            method=method,
            verified_by=user.name,
            checked_on=now.date(),
            notes="Confirmed still correct",
        )
    )
    session.add(
        AuditEntry(
            at=now,
            actor_id=user.id,
            actor_label=_label(user),
            organization_id=service.organization_id,
            service_id=service.id,
            action="verified",
            note=f"Checked on {now.date():%-d %B %Y}",
        )
    )
    session.commit()


def resolve_report(
    session: Session,
    user: User,
    report: ProblemReport,
    service: Service | None,
    outcome: str,
    note: str,
    now: datetime,
) -> None:
    """Close a problem report with what was done about it."""
    if report.resolved_at is not None:
        raise EditRefused("This report has already been resolved")
    report.resolved_at = now
    report.resolved_by_id = user.id
    report.outcome = outcome
    report.outcome_note = note.strip() or None
    session.add(
        AuditEntry(
            at=now,
            actor_id=user.id,
            actor_label=_label(user),
            organization_id=service.organization_id if service else None,
            service_id=report.service_id,
            action="report resolved",
            note=f"{outcome}{': ' + note.strip() if note.strip() else ''}",
        )
    )
    session.commit()
