"""Which HSDS 3.0 fields each of our tables holds, and how a value is written as HSDS text.

One table of facts shared by the JSON serialiser, the CSV export and the importer. A field in
the standard but not here has no column in our models (see `UNSUPPORTED`), so it is never
published and an import ignores it (the import report lists it).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any

# Entity -> the HSDS fields our model of that entity stores under the same name.
FIELDS: dict[str, tuple[str, ...]] = {
    "organization": (
        "id", "name", "alternate_name", "description", "email", "website", "legal_status", "uri",
    ),
    "service": (
        "id", "organization_id", "name", "alternate_name", "description", "url", "email",
        "status", "interpretation_services", "application_process", "fees_description",
        "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email",
        "alert", "last_modified",
    ),
    "location": (
        "id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
        "transportation", "latitude", "longitude", "external_identifier",
        "external_identifier_type",
    ),
    "address": (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region",
        "state_province", "postal_code", "country", "address_type",
    ),
    "service_at_location": ("id", "service_id", "location_id", "description"),
    "phone": (
        "id", "location_id", "service_id", "organization_id", "contact_id",
        "service_at_location_id", "number", "extension", "type", "description",
    ),
    "contact": (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
        "title", "department", "email",
    ),
    "schedule": (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
        "dtstart", "until", "wkst", "freq", "interval", "byday", "bymonthday", "description",
        "opens_at", "closes_at", "schedule_link", "attending_type", "notes",
    ),
    "service_area": ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
    "language": ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    "accessibility": ("id", "location_id", "description", "details", "url"),
    "cost_option": (
        "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
        "amount_description",
    ),
    "taxonomy": ("id", "name", "description", "uri", "version"),
    "taxonomy_term": (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
        "term_uri",
    ),
    "attribute": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
}  # fmt: skip

# HSDS 3.0 fields of the entities above that Waymark has no column for (never published).
UNSUPPORTED: dict[str, tuple[str, ...]] = {
    "organization": (
        "tax_status", "tax_id", "year_incorporated", "logo", "parent_organization_id",
    ),
    "service": ("program_id", "wait_time", "fees", "accreditations", "licenses"),
    "schedule": ("timezone", "count", "byweekno", "byyearday"),
}  # fmt: skip

# HSDS entities Waymark does not store at all: their CSV files are written empty.
NOT_STORED = (
    "program", "funding", "required_document", "metadata", "meta_table_description",
    "organization_identifier",
)  # fmt: skip

# Fields we hold but never publish. `assurer_email` is whoever pressed "Still correct" (an
# editor's own sign-in address): HSDS calls it optional, and the public check line says who
# confirmed a listing (the provider or the directory team) without naming anyone.
WITHHELD: dict[str, frozenset[str]] = {"service": frozenset({"assurer_email"})}

# A confidential location (a refuge) publishes its id, its type, its organisation and this
# fixed name: its own name, description and the rest could say where it is.
CONFIDENTIAL_NAME = "Confidential location"
CONFIDENTIAL_FIELDS = ("id", "location_type", "organization_id")


def format_value(value: Any) -> Any:
    """A column value as HSDS JSON writes it: ids and dates as ISO text, numbers as numbers."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return value


def format_datetime(value: datetime) -> str:
    """RFC 3339 in UTC with milliseconds, as HSDS recommends for `last_modified`."""
    if value.tzinfo is None:
        # SQLite hands back naive values; every timestamp we write is UTC.
        value = value.replace(tzinfo=UTC)
    return (
        value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    )


def is_empty(value: Any) -> bool:
    """Whether a value counts as absent: HSDS publishers omit these rather than send null."""
    return value is None or value == "" or value == [] or value == {}


def published(row: Any, entity: str) -> dict[str, Any]:
    """Every HSDS field of `row` the public may see, formatted (empty ones included).

    The one rule for the API and both exports: withheld fields are left out, a confidential
    location is only `CONFIDENTIAL_NAME`, and a service-at-location of one says nothing more.
    """
    if entity == "location" and row.is_confidential:
        out = {name: format_value(getattr(row, name)) for name in CONFIDENTIAL_FIELDS}
        out["name"] = CONFIDENTIAL_NAME
        return out
    names = [name for name in FIELDS[entity] if name not in WITHHELD.get(entity, ())]
    if entity == "service_at_location" and row.location.is_confidential:
        names.remove("description")
    return {name: format_value(getattr(row, name)) for name in names}


def record(row: Any, entity: str) -> dict[str, Any]:
    """The row's published HSDS fields, empty ones left out."""
    return {name: value for name, value in published(row, entity).items() if not is_empty(value)}
