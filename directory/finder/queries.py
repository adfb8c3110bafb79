"""Reads for the finder pages: the only finder code that builds `select()`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from directory.listed import listed
from directory.models import (
    AreaKind,
    Attribute,
    LocalAuthority,
    Location,
    PoliceForceArea,
    PostcodeDistrict,
    ReferralRoute,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.summaries import ServiceSummary, load_summaries
from directory.vocabulary import CATEGORY_TAXONOMY


def _in_categories(codes: Sequence[str]) -> Select:
    """Ids of services of any of the `codes` service types."""
    return (
        select(Attribute.link_id)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(
            Attribute.link_entity == "service",
            Attribute.link_type == "category",
            TaxonomyTerm.taxonomy == CATEGORY_TAXONOMY,
            TaxonomyTerm.code.in_(codes),
        )
    )


def category_counts(session: Session, *, include_examples: bool) -> dict[str, int]:
    """How many listed services each category code has."""
    stmt = (
        select(TaxonomyTerm.code, func.count(Service.id))
        .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .join(Service, Service.id == Attribute.link_id)
        .where(Attribute.link_type == "category", TaxonomyTerm.taxonomy == CATEGORY_TAXONOMY)
        .group_by(TaxonomyTerm.code)
    )
    return {code: count for code, count in session.execute(listed(stmt, include_examples))}


def services_in_category(
    session: Session, code: str, *, include_examples: bool, offset: int = 0, limit: int = 50
) -> tuple[list[ServiceSummary], int]:
    """One page of a category's services, national ones first then by name, and the total."""
    members = Service.id.in_(_in_categories([code]))
    base = listed(select(Service.id).where(members), include_examples)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    national = (
        select(ServiceArea.service_id)
        .where(ServiceArea.area_kind == AreaKind.NATIONAL)
        .scalar_subquery()
    )
    stmt = base.order_by(Service.id.not_in(national), Service.name, Service.id)
    ids = list(session.scalars(stmt.offset(offset).limit(limit)))
    return load_summaries(session, ids, include_examples=include_examples), total


def get_service(session: Session, service_id: uuid.UUID, *, include_examples: bool) -> Service:
    """The service with every related record the page shows; NoResultFound if not listed."""
    # Many-to-one records join the main query; each collection is one more query.
    stmt = listed(select(Service).where(Service.id == service_id), include_examples).options(
        joinedload(Service.organization),
        selectinload(Service.service_areas),
        selectinload(Service.attributes),
        selectinload(Service.phones),
        selectinload(Service.schedules),
        selectinload(Service.languages),
        selectinload(Service.cost_options),
        selectinload(Service.verifications),
        selectinload(Service.service_at_locations)
        .joinedload(ServiceAtLocation.location)
        .options(selectinload(Location.addresses), selectinload(Location.accessibility)),
    )
    return session.scalars(stmt).one()


def crisis_lines(session: Session, codes: Sequence[str]) -> list[ServiceSummary]:
    """Real, active national lines in `codes` categories with a phone number, for the home page."""
    # The few national services first: asked the other way round, the database lists every
    # service of those categories (thousands in a large directory) before narrowing them down.
    national = list(
        session.scalars(
            select(ServiceArea.service_id).where(ServiceArea.area_kind == AreaKind.NATIONAL)
        )
    )
    stmt = select(Service.id).where(
        Service.id.in_(_in_categories(codes).where(Attribute.link_id.in_(national))),
        Service.phones.any(),
        Service.status == ServiceStatus.ACTIVE,
        Service.is_example.is_(False),
    )
    ids = list(session.scalars(stmt.order_by(Service.name, Service.id)))
    return load_summaries(session, ids, include_examples=False)


def is_known_district(session: Session, text: str) -> bool:
    """Whether `text` is a postcode district ("LS6") in the bundled geography."""
    return session.get(PostcodeDistrict, " ".join(text.split()).upper()) is not None


def area_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """Names of local authorities and police force areas by code."""
    wanted = set(codes)
    if not wanted:
        return {}
    names = dict(
        session.execute(
            select(LocalAuthority.gss_code, LocalAuthority.name).where(
                LocalAuthority.gss_code.in_(wanted)
            )
        ).all()
    )
    names.update(
        session.execute(
            select(PoliceForceArea.pfa_code, PoliceForceArea.name).where(
                PoliceForceArea.pfa_code.in_(wanted)
            )
        ).all()
    )
    return names


# The service at the other end of a route; made once, as building an alias costs each call.
_PARTNER = aliased(Service)


def routes_of(
    session: Session, service_id: uuid.UUID, *, include_examples: bool
) -> tuple[list[ReferralRoute], list[ReferralRoute]]:
    """Routes out of a service and routes into it, to and from listed services."""

    def routes(own: Any, other: Any, relation: Any) -> list[ReferralRoute]:
        stmt = (
            select(ReferralRoute)
            .join(_PARTNER, other == _PARTNER.id)
            .where(own == service_id, _PARTNER.status != ServiceStatus.DEFUNCT)
            .options(joinedload(relation).joinedload(Service.organization))
            .order_by(ReferralRoute.kind, _PARTNER.name)
        )
        if not include_examples:
            stmt = stmt.where(_PARTNER.is_example.is_(False))
        return list(session.scalars(stmt))

    return (
        routes(
            ReferralRoute.from_service_id, ReferralRoute.to_service_id, ReferralRoute.to_service
        ),
        routes(
            ReferralRoute.to_service_id, ReferralRoute.from_service_id, ReferralRoute.from_service
        ),
    )
