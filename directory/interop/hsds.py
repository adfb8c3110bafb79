"""Our rows as HSDS 3.0 JSON that also validates as ORUK 3.0 (no database access here).

HSDS fields ORUK removed (service phones, language name/code, eligibility text) are still
published: they are HSDS terms and the ORUK schemas are open. ORUK's own extra strings
(`term`, `service_area`, `accessibility`) are filled as copies of the HSDS name or description.
Waymark's own facts use an `x_waymark_` prefix and never replace an HSDS field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from directory.interop.fields import record
from directory.interop.mappings import Mapping as TermMapping
from directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.vocabulary import CATEGORY_TAXONOMY

EXAMPLE_FLAG = "x_waymark_example"
MAPPINGS_FIELD = "x_waymark_mappings"
CONFIDENTIAL_FLAG = "x_waymark_confidential"


def organization_item(org: Organization) -> dict[str, Any]:
    """An organisation's own fields (list items and the `organization` inside a service)."""
    out = record(org, "organization")
    if org.is_example:
        out[EXAMPLE_FLAG] = True
    return out


def organization_full(org: Organization, services: Iterable[Service]) -> dict[str, Any]:
    """An organisation with its listed services (list-level fields) nested."""
    out = organization_item(org)
    _put(out, "services", [service_item(s, with_organization=False) for s in services])
    return out


def service_item(service: Service, *, with_organization: bool = True) -> dict[str, Any]:
    """A service's own fields and its organisation: a `/services` list item."""
    out = record(service, "service")
    if with_organization:
        out["organization"] = organization_item(service.organization)
    if service.is_example:
        out[EXAMPLE_FLAG] = True
    return out


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service, as `GET /services/{id}` returns it."""
    out = service_item(service)
    _put(out, "phones", [phone(p) for p in service.phones])
    _put(out, "schedules", [record(s, "schedule") for s in service.schedules])
    _put(out, "service_areas", [service_area(a) for a in service.service_areas])
    _put(
        out,
        "service_at_locations",
        [service_at_location(link, with_service=False) for link in service.service_at_locations],
    )
    _put(out, "languages", [record(lang, "language") for lang in service.languages])
    _put(out, "cost_options", [record(c, "cost_option") for c in service.cost_options])
    _put(out, "contacts", [contact(c) for c in service.contacts])
    _put(out, "attributes", [attribute(a) for a in service.attributes])
    return out


def service_at_location(link: ServiceAtLocation, *, with_service: bool = True) -> dict[str, Any]:
    """A service-at-location with its location nested (and its service, for the SAL endpoints).

    ORUK's OpenAPI checks `/service_at_locations/{id}` against the service schema, which needs
    `name` and `status`; they are copied from the service so that check passes too.
    """
    out = record(link, "service_at_location")
    out["location"] = location(link.location)
    if with_service:
        out["service"] = service_item(link.service)
        out["name"] = link.service.name
        out["status"] = str(link.service.status)
    return out


def location(loc: Location) -> dict[str, Any]:
    """A location with its addresses and access details; a confidential one only says it is one.

    A refuge's address, point, name and description are never published, wherever they are
    held: `record` gives it a fixed name, and nothing nested under it is added.
    """
    if loc.is_confidential:
        out = record(loc, "location")
        out[CONFIDENTIAL_FLAG] = True
        return out
    out = record(loc, "location")
    _put(out, "addresses", [record(a, "address") for a in loc.addresses])
    _put(out, "accessibility", [_accessibility(a) for a in loc.accessibility])
    _put(out, "phones", [phone(p) for p in loc.phones])
    _put(out, "schedules", [record(s, "schedule") for s in loc.schedules])
    _put(out, "languages", [record(lang, "language") for lang in loc.languages])
    return out


def phone(row: Phone) -> dict[str, Any]:
    """A phone number with the languages it is answered in."""
    out = record(row, "phone")
    _put(out, "languages", [record(lang, "language") for lang in row.languages])
    return out


def contact(row: Contact) -> dict[str, Any]:
    """A named contact with their phone numbers."""
    out = record(row, "contact")
    _put(out, "phones", [phone(p) for p in row.phones])
    return out


def service_area(row: Any) -> dict[str, Any]:
    """An area served; ORUK's free-text `service_area` repeats the name."""
    out = record(row, "service_area")
    if row.name:
        out["service_area"] = row.name
    return out


def _accessibility(row: Any) -> dict[str, Any]:
    out = record(row, "accessibility")
    if row.description:
        out["accessibility"] = row.description
    return out


def attribute(row: Attribute) -> dict[str, Any]:
    """A term applied to a record, with the term embedded."""
    out = record(row, "attribute")
    out["taxonomy_term"] = taxonomy_term(row.taxonomy_term)
    return out


def taxonomy_term(
    term: TaxonomyTerm, mappings: Mapping[str, list[TermMapping]] | None = None
) -> dict[str, Any]:
    """A taxonomy term; ORUK's `term` repeats the name.

    With `mappings`, one of our service types also says which LGA/esd or Open Referral term it
    matches, or plainly that none is known.
    """
    out = record(term, "taxonomy_term")
    out["term"] = term.name
    if mappings and term.taxonomy == CATEGORY_TAXONOMY and term.code in mappings:
        out[MAPPINGS_FIELD] = [m.published() for m in mappings[term.code]]
    return out


def taxonomy(
    row: Taxonomy,
    terms: Iterable[TaxonomyTerm] | None = None,
    mappings: Mapping[str, list[TermMapping]] | None = None,
) -> dict[str, Any]:
    """A taxonomy; with `terms`, its terms embedded as ORUK allows."""
    out = record(row, "taxonomy")
    if terms is not None:
        _put(out, "taxonomy_terms", [taxonomy_term(t, mappings) for t in terms])
    return out


def _put(out: dict[str, Any], key: str, items: list[dict[str, Any]]) -> None:
    """Add a child array only when it has members (empty optional fields are omitted).

    Sorted by id: HSDS gives arrays no order, and a stable one makes exports repeatable.
    """
    if items:
        out[key] = sorted(items, key=lambda item: item["id"])


def page(contents: list[dict[str, Any]], total: int, number: int, per_page: int) -> dict[str, Any]:
    """The HSDS paginated envelope; a page past the end is empty rather than an error."""
    pages = -(-total // per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }
