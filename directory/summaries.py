"""What lists of services show, read as plain rows rather than whole ORM objects.

Search results, pathways, shortlists, category pages and the crisis lines show a few facts of
many services. Building full `Service` objects with their related records cost a results page
about half its time; these summaries come from five small queries and hold only what a list
shows. A service's own page still loads the whole `Service`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from directory.listed import listed
from directory.models import (
    Attribute,
    EntryRoute,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceStatus,
    TaxonomyTerm,
    Verification,
    VerificationMethod,
)


@dataclass(frozen=True)
class PhoneSummary:
    number: str
    type: str | None
    description: str | None


@dataclass(frozen=True)
class AreaSummary:
    area_kind: str
    area_code: str
    name: str | None
    description: str | None


@dataclass(frozen=True)
class CheckSummary:
    """The newest verification: enough to say how old the listing's facts are."""

    method: VerificationMethod
    verified_by: str
    checked_on: date
    source_date_precision: str


@dataclass(frozen=True)
class OrganizationName:
    name: str


@dataclass(frozen=True)
class ServiceSummary:
    """One service as a list shows it; field names follow `Service` so both read alike."""

    id: uuid.UUID
    name: str
    description: str | None
    url: str | None
    email: str | None
    status: ServiceStatus
    referral_route: EntryRoute | None
    is_example: bool
    assured_date: date | None
    organization: OrganizationName
    category_names: tuple[str, ...]
    phones: tuple[PhoneSummary, ...]
    service_areas: tuple[AreaSummary, ...]
    latest_verification: CheckSummary | None


def load_summaries(
    session: Session, ids: Sequence[uuid.UUID], *, include_examples: bool
) -> list[ServiceSummary]:
    """Summaries for `ids`, in the order given (search ranks them); unlisted ones dropped."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    stmt = listed(
        select(
            Service.id, Service.name, Service.description, Service.url, Service.email,
            Service.status, Service.referral_route, Service.is_example, Service.assured_date,
            Organization.name,
        )
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.id.in_(wanted)),
        include_examples,
    )  # fmt: skip
    rows = {row[0]: row for row in session.execute(stmt)}
    found = [i for i in wanted if i in rows]
    if not found:
        return []
    categories = _grouped(
        session,
        select(Attribute.link_id, TaxonomyTerm.name)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(
            Attribute.link_id.in_(found),
            Attribute.link_entity == "service",
            Attribute.link_type == "category",
        ),
    )
    phones = _grouped(
        session,
        select(Phone.service_id, Phone.number, Phone.type, Phone.description).where(
            Phone.service_id.in_(found)
        ),
    )
    areas = _grouped(
        session,
        select(
            ServiceArea.service_id, ServiceArea.area_kind, ServiceArea.area_code,
            ServiceArea.name, ServiceArea.description,
        ).where(ServiceArea.service_id.in_(found)),
    )  # fmt: skip
    checks = _grouped(
        session,
        select(
            Verification.service_id, Verification.method, Verification.verified_by,
            Verification.checked_on, Verification.source_date_precision,
        )
        .where(Verification.service_id.in_(found))
        .order_by(Verification.checked_on.desc()),
    )  # fmt: skip
    summaries = []
    for service_id in found:
        (_, name, description, url, email, status, route, example, assured, org) = rows[service_id]
        newest = checks.get(service_id, [None])[0]
        summaries.append(
            ServiceSummary(
                id=service_id,
                name=name,
                description=description,
                url=url,
                email=email,
                status=ServiceStatus(status),
                referral_route=EntryRoute(route) if route else None,
                is_example=example,
                assured_date=assured,
                organization=OrganizationName(org),
                category_names=tuple(row[0] for row in categories.get(service_id, ())),
                phones=tuple(PhoneSummary(*row) for row in phones.get(service_id, ())),
                service_areas=tuple(AreaSummary(*row) for row in areas.get(service_id, ())),
                latest_verification=_check(newest),
            )
        )
    return summaries


def summaries_by_id(
    session: Session, ids: Sequence[uuid.UUID], *, include_examples: bool
) -> dict[uuid.UUID, ServiceSummary]:
    """The listed services among `ids`, keyed by id."""
    found = load_summaries(session, ids, include_examples=include_examples)
    return {summary.id: summary for summary in found}


def _check(row: tuple | None) -> CheckSummary | None:
    if row is None:
        return None
    method, verified_by, checked_on, precision = row
    return CheckSummary(VerificationMethod(method), verified_by, checked_on, precision)


def _grouped(session: Session, stmt: Select) -> dict[uuid.UUID, list[tuple]]:
    """Rows of `stmt` grouped by their first column (a service id), in the order read."""
    grouped: dict[uuid.UUID, list[tuple]] = {}
    for key, *rest in session.execute(stmt):
        grouped.setdefault(key, []).append(tuple(rest))
    return grouped
