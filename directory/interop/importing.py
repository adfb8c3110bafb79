"""Import HSDS 3 / ORUK services: checked record by record, written all-or-nothing.

Every service is checked against the official HSDS 3.0 schema, then against what our tables can
hold (dates, lengths, areas we can place, ids that belong to another source). Any rejected
record means nothing is written. Records are merged by id, so importing the same file again
updates rather than duplicates; a re-imported service's children that are no longer in the
file are removed. Listings already in the directory that look like an incoming one (same name
and postcode, or a shared phone number) are reported for a person to review.

The caller owns the transaction: `import_records` writes into the session and never commits.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.forms.checks import email_problem, text_problem
from directory.interop import schemas
from directory.interop.fields import FIELDS, UNSUPPORTED
from directory.interop.hsds import CONFIDENTIAL_FLAG, EXAMPLE_FLAG
from directory.interop.sources import Incoming
from directory.models import (
    Accessibility,
    Address,
    AreaKind,
    Attribute,
    Base,
    Contact,
    CostOption,
    Language,
    LocalAuthority,
    Location,
    Organization,
    Phone,
    PoliceForceArea,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.models.base import utcnow

SOURCE_PREFIX = "import:"
NATIONAL_NAMES = {"united kingdom", "uk", "national", "great britain"}
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
GSS_IN_URI = re.compile(r"([EWSN]\d{8})/?$")
MODELS: dict[str, type[Base]] = {
    "organization": Organization, "service": Service, "location": Location, "address": Address,
    "service_at_location": ServiceAtLocation, "phone": Phone, "contact": Contact,
    "schedule": Schedule, "service_area": ServiceArea, "language": Language,
    "accessibility": Accessibility, "cost_option": CostOption, "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm, "attribute": Attribute,
}  # fmt: skip
# Children of a service, deleted when a re-import no longer has them (children first).
_STALE_ORDER = ("attribute", "language", "phone", "contact", "schedule", "cost_option",
                "service_area", "service_at_location")  # fmt: skip

# Fields published as `mailto:` links or addresses: plain local@domain only (no ?bcc=).
EMAIL_FIELDS = frozenset({"email", "assurer_email"})

# Nested HSDS arrays of entities Waymark has no table for.
NOT_STORED_KEYS = ("funding", "program", "required_documents", "metadata")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Rejection:
    """One record that cannot be imported: where it is, which field, and why."""

    record: str
    field: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    """An incoming service that looks like one already listed."""

    incoming: str
    existing_id: uuid.UUID
    existing_name: str
    why: str


@dataclass
class Report:
    """What an import did or would do."""

    source: str
    services: int = 0
    created: int = 0
    updated: int = 0
    taxonomy_terms: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    service_ids: list[uuid.UUID] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every record can be imported."""
        return not self.rejected


class _Rejected(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path, self.reason = path, reason


def source_name(name: str) -> str:
    """The `source` recorded on imported organisations ("import:<name>")."""
    return SOURCE_PREFIX + re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:80]


# --- Values: HSDS JSON -> what our columns hold. ---


def _value(model: type[Base], name: str, value: Any, path: str) -> Any:
    column = model.__table__.columns[name]
    kind = column.type.python_type if name != "id" and not name.endswith("_id") else uuid.UUID
    try:
        if kind is uuid.UUID:
            return uuid.UUID(str(value))
        if kind is datetime:
            parsed = datetime.fromisoformat(str(value))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if kind is date:
            return date.fromisoformat(str(value))
        if kind is time:
            return time.fromisoformat(str(value)).replace(tzinfo=None)
        if kind is int:
            if isinstance(value, bool) or float(value) != int(float(value)):
                raise ValueError(f"{value!r} is not a whole number")
            return int(float(value))
        if kind is float:
            return float(value)
    except (TypeError, ValueError) as error:
        raise _Rejected(path, f"{value!r} is not a valid {kind.__name__}: {error}") from None
    text = str(value)
    if text_problem(text, multiline=True):
        raise _Rejected(path, "holds a control character or a direction mark (hidden text)")
    if name in EMAIL_FIELDS and email_problem(text):
        raise _Rejected(path, f"{text[:80]!r} is not a plain email address like name@example.org")
    length = getattr(column.type, "length", None)
    if length is not None and len(text) > length:
        raise _Rejected(path, f"is {len(text)} characters long; at most {length} fit")
    return text


def _fields(entity: str, raw: dict[str, Any], path: str, **fixed: Any) -> dict[str, Any]:
    model = MODELS[entity]
    values: dict[str, Any] = {}
    for name in FIELDS[entity]:
        if name in fixed:
            continue
        if raw.get(name) in (None, ""):
            # Set, not skipped: a re-import replaces the whole record, absent fields included.
            values[name] = None
            continue
        values[name] = _value(model, name, raw[name], f"{path}.{name}" if path else name)
    values.update(fixed)
    return values


# --- Planning: one service record -> rows to merge, or a rejection. ---


@dataclass
class _Plan:
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, entity: str, values: dict[str, Any]) -> None:
        self.rows.append((entity, values))

    def ids(self, entity: str) -> set[uuid.UUID]:
        return {values["id"] for kind, values in self.rows if kind == entity}


class _Context:
    """What planning needs from the database, read once per import."""

    def __init__(self, session: Session, source: str, terms: dict[uuid.UUID, dict]) -> None:
        self.session = session
        self.source = source
        self.terms = terms
        self.areas = dict(
            session.execute(select(LocalAuthority.gss_code, LocalAuthority.name)).all()
        )
        self.areas.update(
            session.execute(select(PoliceForceArea.pfa_code, PoliceForceArea.name)).all()
        )
        self.taxonomies = set(session.scalars(select(Taxonomy.id)))

    def owner(self, org_id: uuid.UUID) -> str | None:
        org = self.session.get(Organization, org_id)
        return None if org is None else org.source or "unknown"


def _plan_service(raw: dict[str, Any], context: _Context) -> _Plan:
    plan = _Plan()
    org_raw = raw.get("organization") or {}
    org_id = org_raw.get("id") or raw.get("organization_id")
    if not org_id:
        raise _Rejected("organization_id", "every service needs its organisation (ORUK)")
    if not org_raw:
        found = context.session.get(
            Organization, _value(Organization, "id", org_id, "organization_id")
        )
        if found is None:
            raise _Rejected("organization", "the organisation is neither in the file nor listed")
    else:
        if not org_raw.get("name") or "description" not in org_raw:
            raise _Rejected("organization", "needs a name and a description")
        org = _fields(
            "organization",
            org_raw,
            "organization",
            is_example=bool(org_raw.get(EXAMPLE_FLAG)),
            source=context.source,
        )
        plan.add("organization", org)
    org_uuid = _value(Service, "organization_id", org_id, "organization_id")
    service = _fields(
        "service", raw, "", organization_id=org_uuid, is_example=bool(raw.get(EXAMPLE_FLAG))
    )
    if service.get("last_modified") is None:
        service["last_modified"] = utcnow()
    owner = context.owner(service["organization_id"])
    if owner is not None and owner != context.source:
        raise _Rejected(
            "organization.id",
            f"belongs to listings from {owner!r}; an import never overwrites them",
        )
    plan.add("service", service)
    _note_dropped(plan, "service", raw, "")
    dropped = [key for key in NOT_STORED_KEYS if raw.get(key)]
    if dropped:
        plan.notes.append(f"not stored by Waymark, left out: {', '.join(dropped)}")
    sid = service["id"]
    for n, item in enumerate(raw.get("phones") or []):
        _plan_phone(plan, item, f"phones.{n}", service_id=sid)
    for n, item in enumerate(raw.get("schedules") or []):
        plan.add("schedule", _schedule(plan, item, f"schedules.{n}", service_id=sid))
    for n, item in enumerate(raw.get("service_areas") or []):
        area = _area(item, context)
        if area is None:
            plan.notes.append(
                f"service_areas.{n}: area {item.get('name') or item.get('uri')!r} "
                "not recognised; left out"
            )
            continue
        plan.add(
            "service_area",
            _fields(
                "service_area",
                item,
                f"service_areas.{n}",
                service_id=sid,
                area_kind=area[0],
                area_code=area[1],
            ),
        )
    for n, item in enumerate(raw.get("languages") or []):
        plan.add("language", _fields("language", item, f"languages.{n}", service_id=sid))
    for n, item in enumerate(raw.get("cost_options") or []):
        plan.add("cost_option", _fields("cost_option", item, f"cost_options.{n}", service_id=sid))
    for n, item in enumerate(raw.get("contacts") or []):
        contact = _fields("contact", item, f"contacts.{n}", service_id=sid)
        plan.add("contact", contact)
        for m, phone in enumerate(item.get("phones") or []):
            _plan_phone(plan, phone, f"contacts.{n}.phones.{m}", contact_id=contact["id"])
    seen_locations: set[uuid.UUID] = set()
    for n, item in enumerate(raw.get("service_at_locations") or []):
        where = f"service_at_locations.{n}"
        location = item.get("location") or {}
        location_id = location.get("id") or item.get("location_id")
        if not location_id:
            raise _Rejected(f"{where}.location", "a service_at_location needs its location")
        location_uuid = _value(
            ServiceAtLocation, "location_id", location_id, f"{where}.location_id"
        )
        link = _fields(
            "service_at_location", item, where, service_id=sid, location_id=location_uuid
        )
        if link["location_id"] in seen_locations:
            raise _Rejected(f"{where}.location", "the service is linked to this location twice")
        seen_locations.add(link["location_id"])
        if location:
            _plan_location(plan, location, f"{where}.location", org_id=service["organization_id"])
        elif context.session.get(Location, link["location_id"]) is None:
            raise _Rejected(f"{where}.location_id", "no such location in the file or the directory")
        plan.add("service_at_location", link)
    for n, item in enumerate(raw.get("attributes") or []):
        _plan_attribute(plan, item, f"attributes.{n}", sid, context)
    return plan


def _schedule(plan: _Plan, raw: dict[str, Any], path: str, **parent: Any) -> dict[str, Any]:
    """A schedule; a "how to attend" too long for its column is kept, in the notes."""
    room = Schedule.__table__.columns["attending_type"].type.length
    attending = str(raw.get("attending_type") or "")
    if len(attending) > room:
        notes = "\n".join(t for t in (raw.get("notes"), f"How to attend: {attending}") if t)
        raw = {**raw, "attending_type": None, "notes": notes}
        plan.notes.append(f"{path}.attending_type: longer than {room} characters; kept in notes")
    _note_dropped(plan, "schedule", raw, path)
    return _fields("schedule", raw, path, **parent)


def _note_dropped(plan: _Plan, entity: str, raw: dict[str, Any], path: str) -> None:
    dropped = [name for name in UNSUPPORTED.get(entity, ()) if raw.get(name) not in (None, "")]
    if dropped:
        plan.notes.append(
            f"{path or entity}: not stored by Waymark, left out: {', '.join(dropped)}"
        )


def _plan_phone(plan: _Plan, raw: dict[str, Any], path: str, **parent: Any) -> None:
    phone = _fields("phone", raw, path, **parent)
    plan.add("phone", phone)
    for n, item in enumerate(raw.get("languages") or []):
        plan.add(
            "language", _fields("language", item, f"{path}.languages.{n}", phone_id=phone["id"])
        )


def _plan_location(plan: _Plan, raw: dict[str, Any], path: str, org_id: uuid.UUID) -> None:
    confidential = bool(raw.get(CONFIDENTIAL_FLAG))
    fixed: dict[str, Any] = {"is_confidential": confidential}
    if not raw.get("organization_id"):
        fixed["organization_id"] = org_id
    if confidential:
        # A refuge's address must never reach the database (as in the bundled loader).
        fixed.update(latitude=None, longitude=None, transportation=None,
                     external_identifier=None, external_identifier_type=None)  # fmt: skip
        if raw.get("addresses") or raw.get("latitude") is not None:
            plan.notes.append(f"{path}: confidential location: its address and point were dropped")
    location = _fields("location", raw, path, **fixed)
    plan.add("location", location)
    lid = location["id"]
    for n, item in enumerate(raw.get("schedules") or []):
        plan.add("schedule", _schedule(plan, item, f"{path}.schedules.{n}", location_id=lid))
    children = [("accessibility", "accessibility"), ("languages", "language")]
    if not confidential:
        children.append(("addresses", "address"))
    for key, entity in children:
        for n, item in enumerate(raw.get(key) or []):
            plan.add(entity, _fields(entity, item, f"{path}.{key}.{n}", location_id=lid))
    for n, item in enumerate(raw.get("phones") or []):
        _plan_phone(plan, item, f"{path}.phones.{n}", location_id=lid)


def _plan_attribute(
    plan: _Plan, raw: dict[str, Any], path: str, sid: uuid.UUID, context: _Context
) -> None:
    term_raw = raw.get("taxonomy_term") or {}
    term_id = term_raw.get("id") or raw.get("taxonomy_term_id")
    if not term_id:
        raise _Rejected(f"{path}.taxonomy_term_id", "an attribute needs its taxonomy term")
    term_uuid = _value(Attribute, "taxonomy_term_id", term_id, f"{path}.taxonomy_term_id")
    if term_raw and term_uuid not in context.terms:
        context.terms[term_uuid] = term_raw
    if term_uuid not in context.terms and context.session.get(TaxonomyTerm, term_uuid) is None:
        raise _Rejected(f"{path}.taxonomy_term_id", "no such term in the file or the directory")
    plan.add("attribute", _fields("attribute", raw, path, link_id=sid, link_entity="service",
                                  taxonomy_term_id=term_uuid))  # fmt: skip


def _gss_kind(gss: str) -> AreaKind:
    return (
        AreaKind.POLICE_FORCE_AREA if gss.startswith(("E23", "W15")) else AreaKind.LOCAL_AUTHORITY
    )


def _area(raw: dict[str, Any], context: _Context) -> tuple[AreaKind, str] | None:
    """Which of our area kinds an HSDS service area names, from its GSS uri or its name."""
    uri = str(raw.get("uri") or "")
    name = str(raw.get("name") or raw.get("service_area") or "").strip()
    code = GSS_IN_URI.search(uri)
    if code:
        # A GSS code names its area even where our geography tables lack it (an empty database).
        return _gss_kind(code.group(1)), code.group(1)
    if name.lower() in NATIONAL_NAMES:
        return AreaKind.NATIONAL, "national"
    if name in NATIONS:
        return AreaKind.NATION, name
    by_name = {n.lower(): c for c, n in context.areas.items()}
    if name.lower() in by_name:
        gss = by_name[name.lower()]
        return _gss_kind(gss), gss
    return None


# --- The import. ---


def _schema_rejections(where: str, entity: str, raw: Any) -> list[Rejection]:
    return [
        Rejection(where, *schemas.describe(error))
        for error in schemas.errors(schemas.HSDS + f"{entity}.json", raw)
    ]


def _label(where: str, raw: Any) -> str:
    if isinstance(raw, dict) and raw.get("id"):
        name = f", {str(raw['name'])[:60]}" if raw.get("name") else ""
        return f"{where} (id {str(raw['id'])[:40]}{name})"
    return where


def import_records(
    session: Session, incoming: Incoming, name: str, progress: Progress | None = None
) -> Report:
    """Check and write `incoming` into the session (the caller commits or rolls back)."""
    source = source_name(name)
    report = Report(source=source, services=len(incoming.services))
    report.rejected += [Rejection(*orphan) for orphan in incoming.orphans]
    terms: dict[uuid.UUID, dict] = {}
    taxonomies: list[dict[str, Any]] = []
    for where, raw in incoming.taxonomies:
        found = _schema_rejections(_label(where, raw), "taxonomy", raw)
        for n, term in enumerate(raw.get("taxonomy_terms") or []):
            found += _schema_rejections(
                f"{_label(where, raw)} taxonomy_terms.{n}", "taxonomy_term", term
            )
        report.rejected += found
        if not found:
            taxonomies.append(raw)
            for term in raw.get("taxonomy_terms") or []:
                terms[uuid.UUID(term["id"])] = {**term, "taxonomy_id": raw["id"]}
    context = _Context(session, source, terms)
    plans: list[_Plan] = []
    seen_services: set[uuid.UUID] = set()
    for done, (where, raw) in enumerate(incoming.services, start=1):
        label = _label(where, raw)
        found = _schema_rejections(label, "service", raw)
        if not found:
            try:
                plan = _plan_service(raw, context)
                sid = plan.ids("service").pop()
                if sid in seen_services:
                    raise _Rejected("id", "the same service appears twice in the input")
                seen_services.add(sid)
                plans.append(plan)
                report.notes += [f"{label}: {note}" for note in plan.notes]
            except _Rejected as error:
                found = [Rejection(label, error.path, error.reason)]
        report.rejected += found
        if progress:
            progress(done, len(incoming.services))
    for term_id, term in terms.items():
        for path, reason in _term_problems(term):
            report.rejected.append(Rejection(f"taxonomy_term {term_id}", path, reason))
    if not report.ok:
        return report
    report.duplicates = _likely_duplicates(session, plans)
    try:
        _write(session, taxonomies, terms, plans, context, report)
        session.flush()
    except (IntegrityError, _Rejected) as error:
        session.rollback()
        reason = error.reason if isinstance(error, _Rejected) else str(error.orig).splitlines()[0]
        report.rejected.append(Rejection("(database)", getattr(error, "path", "-"), reason))
    return report


def _term_problems(term: dict[str, Any]) -> list[tuple[str, str]]:
    return [schemas.describe(e) for e in schemas.errors(schemas.HSDS + "taxonomy_term.json", term)]


def _write(
    session: Session,
    taxonomies: list[dict[str, Any]],
    terms: dict[uuid.UUID, dict],
    plans: list[_Plan],
    context: _Context,
    report: Report,
) -> None:
    known_taxonomies = set(context.taxonomies)
    for raw in taxonomies:
        taxonomy_id = uuid.UUID(raw["id"])
        if taxonomy_id not in known_taxonomies:
            session.add(Taxonomy(**_fields("taxonomy", raw, "taxonomy")))
            known_taxonomies.add(taxonomy_id)
    session.flush()
    # Parents first, so a term's parent_id always names a row that exists.
    for term_id in sorted(terms, key=lambda t: terms[t].get("parent_id") is not None):
        if session.get(TaxonomyTerm, term_id) is not None:
            continue  # terms already here (ours included) are never rewritten by an import
        raw = terms[term_id]
        values = _fields("taxonomy_term", raw, f"taxonomy_term {term_id}")
        # ORUK terms carry no code; ours needs one, unique within its taxonomy.
        values["code"] = values.get("code") or str(term_id)
        if values.get("taxonomy_id") not in known_taxonomies:
            if values.get("taxonomy_id"):
                report.notes.append(
                    f"taxonomy_term {term_id}: its taxonomy is not in the input; kept without it"
                )
            values["taxonomy_id"] = None
        parent = values.get("parent_id")
        if parent is not None and parent not in terms and session.get(TaxonomyTerm, parent) is None:
            values.pop("parent_id")
        session.add(TaxonomyTerm(**values))
        session.flush()
        report.taxonomy_terms += 1
    for plan in plans:
        sid = plan.ids("service").pop()
        existed = session.get(Service, sid) is not None
        for entity, values in plan.rows:
            session.merge(MODELS[entity](**values))
        session.flush()
        if existed:
            _remove_stale(session, sid, plan)
            report.updated += 1
        else:
            report.created += 1
        report.service_ids.append(sid)


def _remove_stale(session: Session, sid: uuid.UUID, plan: _Plan) -> None:
    """Children of a re-imported service that the new record no longer has."""
    contacts = select(Contact.id).where(Contact.service_id == sid)
    phones = select(Phone.id).where((Phone.service_id == sid) | Phone.contact_id.in_(contacts))
    parents = {
        "attribute": Attribute.link_id == sid,
        "language": (Language.service_id == sid) | Language.phone_id.in_(phones),
        "phone": Phone.id.in_(phones),
        "contact": Contact.service_id == sid,
        "schedule": Schedule.service_id == sid,
        "cost_option": CostOption.service_id == sid,
        "service_area": ServiceArea.service_id == sid,
        "service_at_location": ServiceAtLocation.service_id == sid,
    }
    for entity in _STALE_ORDER:
        model = MODELS[entity]
        keep = plan.ids(entity)
        session.execute(
            delete(model)
            .where(parents[entity], model.id.not_in(keep))
            .execution_options(synchronize_session=False)
        )
    for location_id in plan.ids("location"):
        for model, entity in ((Address, "address"), (Accessibility, "accessibility")):
            stale = model.location_id == location_id, model.id.not_in(plan.ids(entity))
            session.execute(
                delete(model).where(*stale).execution_options(synchronize_session=False)
            )
    session.expire_all()


_DIGITS = re.compile(r"\D+")


def _phone_key(number: str) -> str:
    digits = _DIGITS.sub("", number)
    return "0" + digits[2:] if digits.startswith("44") else digits


def _likely_duplicates(session: Session, plans: Iterable[_Plan]) -> list[Duplicate]:
    """Listed services that may be the same as an incoming one (not the same id)."""
    found: list[Duplicate] = []
    phones = session.execute(
        select(Phone.service_id, Service.name, Phone.number).join(
            Service, Phone.service_id == Service.id
        )
    ).all()
    for plan in plans:
        service = next(values for entity, values in plan.rows if entity == "service")
        sid, name = service["id"], service["name"]
        postcodes = {
            values["postal_code"].replace(" ", "").upper()
            for entity, values in plan.rows
            if entity == "address"
        }
        numbers = {_phone_key(v["number"]) for e, v in plan.rows if e == "phone"} - {""}
        label = f"{name} (id {sid})"
        if postcodes:
            stmt = (
                select(Service.id, Service.name)
                .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
                .join(Address, Address.location_id == ServiceAtLocation.location_id)
                .where(
                    func.lower(Service.name) == name.lower(),
                    func.upper(func.replace(Address.postal_code, " ", "")).in_(postcodes),
                    Service.id != sid,
                )
                .distinct()
            )
            for other_id, other_name in session.execute(stmt):
                found.append(Duplicate(label, other_id, other_name, "same name and postcode"))
        for other_id, other_name, number in phones:
            if other_id != sid and _phone_key(number) in numbers:
                found.append(Duplicate(label, other_id, other_name, f"same phone {number}"))
    return found
