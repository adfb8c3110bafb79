"""The parts of a listing an editor changes one at a time, read into plain values.

A change request stores a section's values before and after as JSON, so a reviewer sees exactly
which fields changed and approval can check nobody changed the same part in between. Reading
is pure: it walks objects already loaded, and never queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory.models import Location, Organization, ReferralRoute, Service
from directory.opening_hours import DAY_CODES

Values = dict[str, Any]

DAY_NAMES = dict(
    zip(
        DAY_CODES,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
PHONE_SLOTS = 3


@dataclass(frozen=True)
class Section:
    """One editable part of a listing, with the words for each of its fields."""

    name: str
    title: str
    labels: dict[str, str]
    # Whether the section is one of several records (locations, routes) rather than one.
    is_item: bool = False


SECTIONS = {
    section.name: section
    for section in (
        Section(
            "organization",
            "Organisation",
            {
                "name": "Name",
                "description": "What the organisation does",
                "website": "Website",
                "email": "Email address",
            },
        ),
        Section(
            "details",
            "About the service",
            {
                "name": "Name",
                "description": "Description",
                "status": "Status",
                "categories": "Types of support",
                "access_modes": "Ways to use it",
                "identity_focus": "Led by or for",
                "eligibility_description": "Who it is for",
                "minimum_age": "Minimum age",
                "maximum_age": "Maximum age",
                "referral_route": "How people get in",
                "application_process": "What happens next",
                "fees_description": "Cost",
                "lived_experience_led": "Led by people with lived experience",
                "alert": "Notice shown at the top of the listing",
            },
        ),
        Section(
            "contact",
            "Contact details",
            {
                "url": "Website",
                "email": "Email address",
                "phones": "Phone numbers",
                "contact_name": "Named contact",
                "contact_email": "Named contact's email",
            },
        ),
        Section(
            "hours",
            "Opening hours",
            {**{code: name for code, name in DAY_NAMES.items()}, "note": "About the hours"},
        ),
        Section(
            "areas",
            "Areas served",
            {"scope": "Whole country", "areas": "Councils and police areas"},
        ),
        Section(
            "location",
            "Location",
            {
                "name": "Name of the place",
                "address_1": "Address line 1",
                "address_2": "Address line 2",
                "city": "Town or city",
                "postcode": "Postcode",
                "latitude": "Latitude",
                "longitude": "Longitude",
                "confidential": "Address kept confidential",
                "accessibility": "Access",
                "transportation": "Getting there",
            },
            is_item=True,
        ),
        Section(
            "route",
            "Referral route",
            {
                "to_service_id": "To service",
                "to_service_name": "To service (name)",
                "kind": "Kind of step",
                "self_referral": "People can refer themselves",
                "consent": "Consent",
                "criteria": "Criteria",
                "notes": "Notes",
            },
            is_item=True,
        ),
    )
}


def read_organization(org: Organization) -> Values:
    return {
        "name": org.name,
        "description": org.description or "",
        "website": org.website or "",
        "email": org.email or "",
    }


def _codes(service: Service, link_type: str) -> list[str]:
    return sorted(a.taxonomy_term.code for a in service.attributes if a.link_type == link_type)


def read_details(service: Service) -> Values:
    return {
        "name": service.name,
        "description": service.description or "",
        "status": str(service.status),
        "categories": _codes(service, "category"),
        "access_modes": _codes(service, "access_mode"),
        "identity_focus": _codes(service, "identity_focus"),
        "eligibility_description": service.eligibility_description or "",
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "referral_route": str(service.referral_route or ""),
        "application_process": service.application_process or "",
        "fees_description": service.fees_description or "",
        "lived_experience_led": bool(service.lived_experience_led),
        "alert": service.alert or "",
    }


def read_contact(service: Service) -> Values:
    phones = [
        {"number": p.number, "type": p.type or "voice", "description": p.description or ""}
        for p in sorted(service.phones, key=lambda p: (p.number, p.type or ""))
        if p.contact_id is None
    ]
    person = next((c for c in service.contacts), None)
    return {
        "url": service.url or "",
        "email": service.email or "",
        "phones": phones,
        "contact_name": (person.name or "") if person else "",
        "contact_email": (person.email or "") if person else "",
    }


def read_hours(service: Service) -> Values:
    """Weekly hours by day ("09:00-17:00", "" when closed); other rules are left untouched."""
    values: Values = {code: "" for code in DAY_CODES}
    notes = []
    for schedule in service.schedules:
        if schedule.freq not in (None, "WEEKLY"):
            continue
        if schedule.byday and schedule.opens_at and schedule.closes_at:
            hours = f"{schedule.opens_at:%H:%M}-{schedule.closes_at:%H:%M}"
            for day in schedule.byday.replace(" ", "").split(","):
                if day in values:
                    values[day] = hours
        if schedule.description:
            notes.append(schedule.description)
    values["note"] = " ".join(dict.fromkeys(notes))
    return values


def read_areas(service: Service) -> Values:
    scope = ""
    areas = []
    for area in service.service_areas:
        if area.area_kind in ("national", "nation"):
            scope = area.area_code
        else:
            areas.append(area.area_code)
    return {"scope": scope, "areas": sorted(areas)}


def read_location(location: Location) -> Values:
    address = location.addresses[0] if location.addresses else None
    access = location.accessibility[0].description if location.accessibility else None
    return {
        "name": location.name or "",
        "address_1": address.address_1 if address else "",
        "address_2": (address.address_2 or "") if address else "",
        "city": address.city if address else "",
        "postcode": address.postal_code if address else "",
        "latitude": location.latitude,
        "longitude": location.longitude,
        "confidential": bool(location.is_confidential),
        "accessibility": access or "",
        "transportation": location.transportation or "",
    }


def read_route(route: ReferralRoute) -> Values:
    return {
        "to_service_id": str(route.to_service_id),
        "to_service_name": route.to_service.name if route.to_service else "",
        "kind": str(route.kind),
        "self_referral": bool(route.self_referral),
        "consent": str(route.consent or ""),
        "criteria": route.criteria or "",
        "notes": route.notes or "",
    }


def changed_fields(before: Values | None, after: Values | None) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every field that differs; a new or removed record lists all."""
    before, after = before or {}, after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return [(f, before.get(f), after.get(f)) for f in fields if before.get(f) != after.get(f)]


def shown(value: Any) -> str:
    """A section value in words for review and history pages ("—" when empty)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(_shown_item(item) for item in value)
    return str(value)


def _shown_item(item: Any) -> str:
    if isinstance(item, dict):
        text = f"{item.get('number', '')} ({item.get('type', '')})"
        return f"{text}: {item['description']}" if item.get("description") else text
    return str(item)
