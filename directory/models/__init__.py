"""The database tables: HSDS 3-shaped listings, our extensions, and bundled geography."""

from directory.models.account import AccountStatus, Role, User
from directory.models.base import Base
from directory.models.contact import Contact, Phone
from directory.models.data_load import DataLoad
from directory.models.enums import (
    AreaKind,
    Consent,
    EntryRoute,
    LocationType,
    RouteKind,
    ServiceStatus,
    VerificationMethod,
)
from directory.models.geography import (
    LocalAuthority,
    Place,
    PoliceForceArea,
    Postcode,
    PostcodeDistrict,
    PostcodeSector,
    local_authority_police_force,
)
from directory.models.language import Language
from directory.models.location import Accessibility, Address, Location, ServiceAtLocation
from directory.models.organization import Organization
from directory.models.referral import ReferralRoute
from directory.models.report import ProblemKind, ProblemReport, RateCount
from directory.models.review import AuditEntry, ChangeRequest, ChangeStatus
from directory.models.schedule import Schedule
from directory.models.search_count import SearchCount
from directory.models.service import CostOption, Service, ServiceArea
from directory.models.taxonomy import Attribute, Taxonomy, TaxonomyTerm
from directory.models.verification import Verification

__all__ = [
    "Accessibility",
    "AccountStatus",
    "Address",
    "AreaKind",
    "Attribute",
    "AuditEntry",
    "Base",
    "ChangeRequest",
    "ChangeStatus",
    "Consent",
    "Contact",
    "CostOption",
    "DataLoad",
    "EntryRoute",
    "Language",
    "LocalAuthority",
    "Location",
    "LocationType",
    "Organization",
    "Phone",
    "Place",
    "PoliceForceArea",
    "Postcode",
    "PostcodeDistrict",
    "PostcodeSector",
    "ProblemKind",
    "ProblemReport",
    "RateCount",
    "ReferralRoute",
    "Role",
    "RouteKind",
    "Schedule",
    "SearchCount",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "User",
    "Verification",
    "VerificationMethod",
    "local_authority_police_force",
]
