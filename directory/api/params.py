"""Read the API's query strings; anything unreadable is a 400 with a message, never a crash."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from werkzeug.datastructures import MultiDict

from directory.geo.postcodes import is_full_postcode, is_outcode, is_sector
from directory.numbers import decimal_number, whole_number

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_SEARCH = 200
# 100 km: four times the finder's widest radius; wider asks the index for too many grid cells.
MAX_PROXIMITY_METRES = 100_000
# Schedule filters in the ORUK OpenAPI that this API does not implement (yet): refused, so a
# client never takes an unfiltered answer for a filtered one.
UNSUPPORTED = ("day", "start_time", "end_time", "format", "minimal", "full")
SINGLE = ("search", "organization_id", "modified_after", "minimum_age", "maximum_age",
          "postcode", "proximity", "page", "per_page")  # fmt: skip


class ApiError(Exception):
    """A request the API cannot answer; `status` and `message` go back as JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad(message: str) -> ApiError:
    """A 400 Bad Request with `message`."""
    return ApiError(400, message)


@dataclass(frozen=True)
class Paging:
    """Which page of a list was asked for (1-based)."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        """How many items come before this page."""
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class ServiceQuery:
    """The filters of `/services` and `/service_at_locations`; every one given must hold."""

    search: str = ""
    # Repeated, each must hold: taxonomy_term_id=A&taxonomy_term_id=B means tagged A and B.
    taxonomy_term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_ids: tuple[uuid.UUID, ...] = ()
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    postcode: str = ""
    proximity_metres: float | None = None


@dataclass(frozen=True)
class TermQuery:
    """The filters of `/taxonomy_terms`."""

    taxonomy_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    top_only: bool = False


def paging(args: MultiDict[str, str]) -> Paging:
    """`page` (from 1) and `per_page` (1 to MAX_PER_PAGE)."""
    page = _integer(args, "page", 1)
    per_page = _integer(args, "per_page", DEFAULT_PER_PAGE)
    if page < 1:
        raise bad("page must be a whole number of 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise bad(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}")
    return Paging(page, per_page)


def service_query(args: MultiDict[str, str], *, places: bool) -> ServiceQuery:
    """The service filters; `places` allows `postcode` and `proximity` (service_at_locations)."""
    for name in UNSUPPORTED:
        if name in args:
            raise bad(f"The {name} parameter is not supported by this API")
    for name in SINGLE:
        if len(args.getlist(name)) > 1:
            raise bad(f"Give {name} once")
    search = " ".join(args.get("search", "").split())
    if len(search) > MAX_SEARCH:
        raise bad(f"search must be {MAX_SEARCH} characters or fewer")
    minimum_age = _number(args, "minimum_age")
    maximum_age = _number(args, "maximum_age")
    postcode, proximity = "", None
    if places:
        postcode = " ".join(args.get("postcode", "").split()).upper()
        if postcode and not (is_full_postcode(postcode) or is_sector(postcode)
                             or is_outcode(postcode)):  # fmt: skip
            raise bad(f"postcode {postcode[:20]!r} is not a UK postcode, like LS6 1AA or LS6")
        proximity = _number(args, "proximity")
        if proximity is not None:
            if not postcode:
                raise bad("proximity needs a postcode to measure from")
            if not 0 < proximity <= MAX_PROXIMITY_METRES:
                raise bad(f"proximity must be metres, more than 0 and at most "
                          f"{MAX_PROXIMITY_METRES:,}")  # fmt: skip
    elif "postcode" in args or "proximity" in args:
        raise bad("postcode and proximity are filters of /service_at_locations")
    return ServiceQuery(
        search=search,
        taxonomy_term_ids=_uuids(args, "taxonomy_term_id"),
        taxonomy_ids=_uuids(args, "taxonomy_id"),
        organization_id=_uuid(args, "organization_id"),
        modified_after=_datetime(args, "modified_after"),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        postcode=postcode,
        proximity_metres=proximity,
    )


def term_query(args: MultiDict[str, str]) -> TermQuery:
    """The taxonomy-term filters."""
    top_only = args.get("top_only", "false").strip().lower()
    if top_only not in {"true", "false", "1", "0"}:
        raise bad("top_only must be true or false")
    return TermQuery(
        taxonomy_id=_uuid(args, "taxonomy_id"),
        parent_id=_uuid(args, "parent_id"),
        top_only=top_only in {"true", "1"},
    )


def record_id(value: str, kind: str) -> uuid.UUID:
    """A path id; every HSDS id is a UUID, so anything else names no record (404)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ApiError(404, f"No {kind} has the id {value[:60]!r}") from None


def _integer(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    number = whole_number(raw)
    if number is None:
        raise bad(f"{name} must be a whole number, not {raw[:20]!r}")
    return number


def _number(args: MultiDict[str, str], name: str) -> float | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    value = decimal_number(raw, signed=True)
    if value is None:
        raise bad(f"{name} must be a number, not {raw[:20]!r}")
    if value < 0:
        raise bad(f"{name} must be a number of 0 or more")
    return value


def _uuid(args: MultiDict[str, str], name: str) -> uuid.UUID | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise bad(f"{name} must be a UUID, not {raw[:40]!r}") from None


def _uuids(args: MultiDict[str, str], name: str) -> tuple[uuid.UUID, ...]:
    found = []
    # A blank value is no filter, as it is for the single-valued ids (`taxonomy_id=`).
    for raw in (value for value in args.getlist(name) if value.strip()):
        try:
            found.append(uuid.UUID(raw.strip()))
        except ValueError:
            raise bad(f"{name} must be a UUID, not {raw[:40]!r}") from None
    return tuple(found)


def _datetime(args: MultiDict[str, str], name: str) -> datetime | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        # An unencoded "+01:00" arrives as " 01:00": put the plus back.
        value = datetime.fromisoformat(raw.replace(" ", "+") if "T" in raw else raw)
        # A date-time without a zone is read as UTC, the zone every timestamp here is kept in.
        # In UTC, so SQLite (which keeps no zone) compares like with like. Near year 1 or
        # 9999 the zone can carry it past the calendar's end (OverflowError).
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise bad(f"{name} must be a date or date-time like 2025-01-31T09:00:00Z, "
                  f"not {raw[:40]!r}") from None  # fmt: skip
