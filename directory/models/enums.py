"""Closed vocabularies stored in the database (HSDS enums and our extensions)."""

from enum import StrEnum


class ServiceStatus(StrEnum):
    """HSDS `service.status`."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


class LocationType(StrEnum):
    """HSDS `location.location_type`; `virtual` is used for phone and online services."""

    PHYSICAL = "physical"
    POSTAL = "postal"
    VIRTUAL = "virtual"


class EntryRoute(StrEnum):
    """How a person gets into a service: by themselves, through a professional, or either."""

    SELF = "self"
    PROFESSIONAL = "professional"
    BOTH = "both"


class AreaKind(StrEnum):
    """What a service area code names."""

    NATIONAL = "national"
    NATION = "nation"
    LOCAL_AUTHORITY = "local_authority"
    POLICE_FORCE_AREA = "police_force_area"


class VerificationMethod(StrEnum):
    """How a listing's facts were checked."""

    PUBLIC_WEB_PAGE = "public web page"
    PUBLISHED_DATASET = "published dataset"
    PROVIDER = "provider"
    DIRECTORY_TEAM = "directory team"
    EXAMPLE_DATA = "example data"


class RouteKind(StrEnum):
    """The kind of step between two services (see DOMAIN.md, Pathways)."""

    REPORT = "report"
    REFER = "refer"
    SELF = "self"
    SIGNPOST = "signpost"
    NOTIFY = "notify"
    ESCALATE = "escalate"
    PARALLEL = "parallel"
    STEP_DOWN = "step_down"


class Consent(StrEnum):
    """Whose agreement a referral needs, and when it can be overridden."""

    NOT_NEEDED = "not_needed"
    SOUGHT = "sought"
    EXPLICIT = "explicit"
    OVERRIDE_IF_RISK = "override_if_risk"
    ANONYMOUS_POSSIBLE = "anonymous_possible"
