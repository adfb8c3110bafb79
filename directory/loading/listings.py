"""Load listings (organisations and their services) from bundled YAML-shaped documents.

A document's records all carry one `source` name; reloading a source replaces exactly its
records, so a load is idempotent and never duplicates. Ids derive from each record's `key`, so
a listing keeps its URL across reloads.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from directory.models import (
    Accessibility,
    Address,
    AreaKind,
    Attribute,
    CostOption,
    EntryRoute,
    Language,
    LocalAuthority,
    Location,
    LocationType,
    Organization,
    Phone,
    PoliceForceArea,
    ReferralRoute,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
    Verification,
    VerificationMethod,
)
from directory.vocabulary import CATEGORY_TAXONOMY, FACET_TAXONOMIES, Vocabulary

ID_NAMESPACE = uuid.UUID("5d9f6c1e-3f7a-4c1b-9a57-0b8a8f1d2e61")
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")

ORG_KEYS = {"key", "name", "description", "website", "email", "services"}
SERVICE_KEYS = {
    "key", "name", "description", "eligibility_description", "application_process",
    "referral_route", "categories", "access_modes", "identity_focus", "lived_experience_led",
    "url", "email", "cost", "alert", "minimum_age", "maximum_age", "phones", "schedules",
    "languages", "areas", "areas_note", "locations", "verification",
}  # fmt: skip
LOCATION_KEYS = {
    "name", "address_1", "address_2", "city", "state_province", "postal_code", "latitude",
    "longitude", "confidential", "accessibility", "transportation", "description",
}  # fmt: skip


class ListingError(ValueError):
    """A listing document is malformed; the message names the record and field."""


def stable_id(*parts: str) -> uuid.UUID:
    """A UUID that is the same every time for the same key parts."""
    return uuid.uuid5(ID_NAMESPACE, "/".join(parts))


def _check_keys(record: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(record) - allowed
    if unknown:
        raise ListingError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for required in ("key", "name") if "key" in allowed else ():
        if not record.get(required):
            raise ListingError(f"{where}: '{required}' is required")


def replace_source(
    session: Session,
    source: str,
    organizations: Iterable[Mapping[str, Any]],
    *,
    is_example: bool,
    vocabulary: Vocabulary,
) -> dict[str, int]:
    """Replace every record from `source` with `organizations`; returns counts. Does not commit.

    Referral routes that other sources recorded to or from these services are kept: ids are
    stable, so they are put back once the services exist again.
    """
    kept_routes = _foreign_routes(session, source)
    remove_source(session, source)
    terms = _term_ids(session)
    areas = _area_names(session)
    counts = {"organizations": 0, "services": 0}
    for raw_org in organizations:
        org = _organization(raw_org, source, is_example)
        session.add(org)
        counts["organizations"] += 1
        for raw_service in raw_org.get("services") or []:
            where = f"{raw_org['key']}/{raw_service.get('key')}"
            _check_keys(raw_service, SERVICE_KEYS, where)
            service = _service(raw_service, org, is_example, areas)
            session.add(service)
            session.flush()
            session.add_all(_attributes(raw_service, service.id, terms, vocabulary, where))
            counts["services"] += 1
    session.flush()
    existing = set(session.scalars(select(Service.id)))
    session.add_all(
        ReferralRoute(**route)
        for route in kept_routes
        if {route["from_service_id"], route["to_service_id"]} <= existing
    )
    session.flush()
    return counts


def _source_services(source: str) -> Select:
    return select(Service.id).join(Organization).where(Organization.source == source)


def _foreign_routes(session: Session, source: str) -> list[dict[str, Any]]:
    service_ids = _source_services(source)
    routes = session.scalars(
        select(ReferralRoute).where(
            (ReferralRoute.source.is_(None) | (ReferralRoute.source != source))
            & (
                ReferralRoute.from_service_id.in_(service_ids)
                | ReferralRoute.to_service_id.in_(service_ids)
            )
        )
    )
    columns = [c.key for c in ReferralRoute.__table__.columns]
    return [{key: getattr(route, key) for key in columns} for route in routes]


def remove_source(session: Session, source: str) -> None:
    """Delete every organisation (and so its services) that came from `source`."""
    service_ids = _source_services(source)
    session.execute(delete(Attribute).where(Attribute.link_id.in_(service_ids)))
    session.execute(
        delete(ReferralRoute).where(
            ReferralRoute.from_service_id.in_(service_ids)
            | ReferralRoute.to_service_id.in_(service_ids)
        )
    )
    for org in session.scalars(select(Organization).where(Organization.source == source)):
        session.delete(org)
    session.flush()


def _organization(raw: Mapping[str, Any], source: str, is_example: bool) -> Organization:
    _check_keys(raw, ORG_KEYS, str(raw.get("key")))
    return Organization(
        id=stable_id("organization", raw["key"]),
        name=raw["name"],
        description=raw.get("description") or "",
        website=raw.get("website"),
        email=raw.get("email"),
        is_example=is_example,
        source=source,
    )


def _service(
    raw: Mapping[str, Any], org: Organization, is_example: bool, areas: dict[str, str]
) -> Service:
    key = raw["key"]
    route = raw.get("referral_route")
    if route is not None and route not in {r.value for r in EntryRoute}:
        raise ListingError(f"{key}: referral_route must be self, professional or both")
    verification = _verification(raw.get("verification"), key)
    service = Service(
        id=stable_id("service", key),
        organization=org,
        name=raw["name"],
        description=raw.get("description"),
        eligibility_description=raw.get("eligibility_description"),
        application_process=raw.get("application_process"),
        referral_route=EntryRoute(route) if route else None,
        lived_experience_led=bool(raw.get("lived_experience_led", False)),
        url=raw.get("url"),
        email=raw.get("email"),
        fees_description=raw.get("cost"),
        alert=raw.get("alert"),
        minimum_age=raw.get("minimum_age"),
        maximum_age=raw.get("maximum_age"),
        is_example=is_example,
        assured_date=verification.source_date if verification else None,
        verifications=[verification] if verification else [],
    )
    if raw.get("cost"):
        service.cost_options = [
            CostOption(id=stable_id("cost", key), option=raw["cost"], currency="GBP")
        ]
    service.phones = [
        Phone(
            id=stable_id("phone", key, str(n)),
            number=str(p["number"]),
            type=p.get("type", "voice"),
            description=p.get("description"),
        )
        for n, p in enumerate(raw.get("phones") or [])
    ]
    service.schedules = [_schedule(s, key, n) for n, s in enumerate(raw.get("schedules") or [])]
    service.languages = [
        Language(id=stable_id("language", key, str(n)), name=lang.get("name"),
                 code=lang.get("code"), note=lang.get("note"))
        for n, lang in enumerate(raw.get("languages") or [])
    ]  # fmt: skip
    service.service_areas = [
        _area(code, key, areas, raw.get("areas_note")) for code in raw.get("areas") or []
    ]
    service.service_at_locations = [
        ServiceAtLocation(
            id=stable_id("service_at_location", key, str(n)),
            location=_location(loc, org, key, n),
        )
        for n, loc in enumerate(raw.get("locations") or [])
    ]
    return service


def _verification(raw: Mapping[str, Any] | None, key: str) -> Verification | None:
    if not raw:
        return None
    try:
        method = VerificationMethod(raw["method"])
        checked_on = _date(raw["checked_on"])
    except (KeyError, ValueError) as exc:
        raise ListingError(f"{key}: verification needs a known method and checked_on") from exc
    assert checked_on is not None
    source_date, precision = _partial_date(raw.get("source_date"), key)
    return Verification(
        id=stable_id("verification", key),
        method=method,
        verified_by=raw.get("verified_by", "Waymark team"),
        checked_on=checked_on,
        source_url=raw.get("source_url"),
        source_date=source_date,
        source_date_precision=precision,
        notes=raw.get("notes"),
    )


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _partial_date(value: object, key: str) -> tuple[date | None, str]:
    """A source's date and how precise it is: "2020-03" is a month, "2017" a year."""
    if value is None or isinstance(value, date):
        return value, "day"
    text = str(value)
    try:
        if len(text) == 4:
            return date(int(text), 1, 1), "year"
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:]), 1), "month"
        return date.fromisoformat(text), "day"
    except ValueError as exc:
        raise ListingError(f"{key}: source_date {text!r} is not YYYY, YYYY-MM or a date") from exc


def _time(value: object) -> time | None:
    if value is None:
        return None
    text = str(value)
    # YAML 1.1 reads 18:00 as the sexagesimal integer 1080.
    if isinstance(value, int):
        text = f"{value // 60:02d}:{value % 60:02d}"
    return time.fromisoformat(text)


def _schedule(raw: Mapping[str, Any], key: str, n: int) -> Schedule:
    return Schedule(
        id=stable_id("schedule", key, str(n)),
        description=raw.get("description"),
        freq=raw.get("freq", "WEEKLY"),
        byday=raw.get("byday"),
        bymonthday=raw.get("bymonthday"),
        opens_at=_time(raw.get("opens_at")),
        closes_at=_time(raw.get("closes_at")),
        notes=raw.get("notes"),
    )


def _area(code: str, key: str, areas: dict[str, str], note: str | None) -> ServiceArea:
    code = str(code)
    if code == "national":
        kind, name, uri = AreaKind.NATIONAL, "United Kingdom", None
    elif code in NATIONS:
        kind, name, uri = AreaKind.NATION, code, None
    elif code in areas:
        kind = (
            AreaKind.POLICE_FORCE_AREA
            if code.startswith(("E23", "W15"))
            else (AreaKind.LOCAL_AUTHORITY)
        )
        name, uri = areas[code], f"http://statistics.data.gov.uk/id/statistical-geography/{code}"
    else:
        raise ListingError(f"{key}: unknown area code {code!r}")
    return ServiceArea(
        id=stable_id("service_area", key, code),
        area_kind=kind,
        area_code=code,
        name=name,
        description=note,
        extent_type="text" if uri is None else None,
        uri=uri,
    )


def _location(raw: Mapping[str, Any], org: Organization, key: str, n: int) -> Location:
    _check_keys(raw, LOCATION_KEYS, f"{key}/location {n}")
    confidential = bool(raw.get("confidential", False))
    if confidential and {"address_1", "latitude", "longitude", "postal_code"} & set(raw):
        # A refuge's address must never reach the database, so no page, map or export can leak it.
        raise ListingError(f"{key}/location {n}: a confidential location holds no address or point")
    location_id = stable_id("location", key, str(n))
    location = Location(
        id=location_id,
        organization=org,
        location_type=LocationType.PHYSICAL,
        name=raw.get("name"),
        description=raw.get("description"),
        transportation=raw.get("transportation"),
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
        is_confidential=confidential,
    )
    if raw.get("address_1"):
        location.addresses = [
            Address(
                id=stable_id("address", key, str(n)),
                address_1=raw["address_1"],
                address_2=raw.get("address_2"),
                city=raw["city"],
                state_province=raw.get("state_province") or raw["city"],
                postal_code=raw["postal_code"],
                country="GB",
                address_type=LocationType.PHYSICAL,
            )
        ]
    location.accessibility = [
        Accessibility(id=stable_id("accessibility", key, str(n), str(i)),
                      description=a.get("description"), details=a.get("details"))
        for i, a in enumerate(raw.get("accessibility") or [])
    ]  # fmt: skip
    return location


def _attributes(
    raw: Mapping[str, Any],
    service_id: uuid.UUID,
    terms: dict[tuple[str, str], uuid.UUID],
    vocabulary: Vocabulary,
    where: str,
) -> list[Attribute]:
    wanted = [(CATEGORY_TAXONOMY, "category", code) for code in raw.get("categories") or []]
    wanted += [
        (FACET_TAXONOMIES["access_mode"], "access_mode", code)
        for code in raw.get("access_modes") or []
    ]
    wanted += [
        (FACET_TAXONOMIES["identity_focus"], "identity_focus", code)
        for code in raw.get("identity_focus") or []
    ]
    if not raw.get("categories"):
        raise ListingError(f"{where}: at least one category is required")
    leaves = {term.code for term in vocabulary.categories}
    for code in raw["categories"]:
        if code not in leaves:
            raise ListingError(f"{where}: unknown category {code!r}")
    attributes = []
    for taxonomy, link_type, code in wanted:
        term_id = terms.get((taxonomy, code))
        if term_id is None:
            raise ListingError(f"{where}: unknown {link_type} {code!r}")
        attributes.append(
            Attribute(
                id=stable_id("attribute", str(service_id), link_type, code),
                link_id=service_id,
                link_entity="service",
                link_type=link_type,
                taxonomy_term_id=term_id,
            )
        )
    return attributes


def _term_ids(session: Session) -> dict[tuple[str, str], uuid.UUID]:
    rows = session.execute(select(TaxonomyTerm.taxonomy, TaxonomyTerm.code, TaxonomyTerm.id))
    return {(taxonomy or "", code): term_id for taxonomy, code, term_id in rows}


def _area_names(session: Session) -> dict[str, str]:
    names = dict(session.execute(select(LocalAuthority.gss_code, LocalAuthority.name)).all())
    names.update(session.execute(select(PoliceForceArea.pfa_code, PoliceForceArea.name)).all())
    return names
