"""Reads for the API: the only API code that builds `select()`.

Listed means what it means on the site (directory.listed): never defunct services, and example
listings only when the site shows them. Organisations are listed when they run a listed service.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from directory.api.params import Paging, ServiceQuery, TermQuery
from directory.geo.distance import bounding_box, distance_miles
from directory.listed import listed, with_everything
from directory.models import (
    Attribute,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class Near:
    """A point and radius that service_at_locations must lie within."""

    latitude: float
    longitude: float
    metres: float

    @property
    def miles(self) -> float:
        """The radius in miles, as the geo code measures."""
        return self.metres / METRES_PER_MILE


def service_filters(query: ServiceQuery, area_codes: Sequence[str] = ()) -> list[ColumnElement]:
    """SQL conditions for every filter except text and nearness (those come from search)."""
    clauses: list[ColumnElement] = []
    for term_id in query.taxonomy_term_ids:
        clauses.append(Service.id.in_(_tagged(Attribute.taxonomy_term_id == term_id)))
    for taxonomy_id in query.taxonomy_ids:
        in_taxonomy = select(TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == taxonomy_id)
        clauses.append(Service.id.in_(_tagged(Attribute.taxonomy_term_id.in_(in_taxonomy))))
    if query.organization_id is not None:
        clauses.append(Service.organization_id == query.organization_id)
    if query.modified_after is not None:
        clauses.append(Service.last_modified >= query.modified_after)
    # As the ORUK OpenAPI words them: a minimum age of at least, a maximum age of at most.
    if query.minimum_age is not None:
        clauses.append(Service.minimum_age >= query.minimum_age)
    if query.maximum_age is not None:
        clauses.append(Service.maximum_age <= query.maximum_age)
    if area_codes:
        covering = select(ServiceArea.service_id).where(ServiceArea.area_code.in_(area_codes))
        clauses.append(Service.id.in_(covering))
    return clauses


def _tagged(condition: ColumnElement) -> Select:
    return select(Attribute.link_id).where(Attribute.link_entity == "service", condition)


def services_page(
    session: Session,
    clauses: Sequence[ColumnElement],
    ranked: Sequence[uuid.UUID] | None,
    paging: Paging,
    *,
    include_examples: bool,
) -> tuple[list[Service], int]:
    """One page of listed services matching every clause (and `ranked`, in its order); total.

    Without a ranking the database pages by name and counts. With one, the database says which
    ranked ids are still listed and match the filters, and the ranking gives the order; for a
    ranking of over IN_LIMIT services and no other filter, only the page is checked, so the
    total is the index's (a listing closed since the index last heard is left off the page
    but may still be counted).
    """
    matching = listed(select(Service.id).where(*clauses), include_examples)
    if ranked is None:
        total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
        window = list(
            session.scalars(
                matching.order_by(Service.name, Service.id)
                .offset(paging.offset)
                .limit(paging.per_page)
            )
        )
    else:
        if clauses or len(ranked) <= IN_LIMIT:
            # Filters the index does not hold, and listings the index may not know have closed
            # (it can trail the database): the database says which ranked ids still count.
            kept = _kept(session, clauses, ranked, include_examples)
            ranked = [service_id for service_id in ranked if service_id in kept]
        total = len(ranked)
        window = ranked[paging.offset : paging.offset + paging.per_page]
    rows = session.scalars(
        listed(select(Service).where(Service.id.in_(window)), include_examples).options(
            selectinload(Service.organization)
        )
    )
    found = {service.id: service for service in rows}
    return [found[i] for i in window if i in found], total


# Ids per IN list: SQLite allows 32,766 bound values in one statement, PostgreSQL 65,535, and
# a search can match more services than that.
IN_CHUNK = 10_000
# Above this many ranked ids (and no other filter), only the page is checked against the
# database: checking 20,000 cost ~200 ms per search at 50,000 services.
IN_LIMIT = 1_000


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


def _kept(
    session: Session,
    clauses: Sequence[ColumnElement],
    ids: Sequence[uuid.UUID],
    include_examples: bool,
) -> set[uuid.UUID]:
    """Which of `ids` are listed services matching every clause."""
    kept: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        stmt = listed(select(Service.id).where(*clauses, Service.id.in_(chunk)), include_examples)
        kept.update(session.scalars(stmt))
    return kept


def get_service(session: Session, service_id: uuid.UUID, *, include_examples: bool) -> Service:
    """A listed service with everything HSDS nests in it; NoResultFound if not listed."""
    stmt = listed(select(Service).where(Service.id == service_id), include_examples)
    return session.scalars(with_everything(stmt)).one()


def service_at_locations_page(
    session: Session,
    clauses: Sequence[ColumnElement],
    ranked: Sequence[uuid.UUID] | None,
    near: Near | None,
    paging: Paging,
    *,
    include_examples: bool,
) -> tuple[list[ServiceAtLocation], int]:
    """One page of service-at-locations of listed services; nearest first when `near` is set.

    Confidential locations have no point, so they never match a distance.
    """
    stmt = listed(
        select(ServiceAtLocation.id, ServiceAtLocation.service_id, Location.latitude,
               Location.longitude)
        .join(Service, ServiceAtLocation.service_id == Service.id)
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .where(*clauses),
        include_examples,
    ).order_by(Service.name, ServiceAtLocation.id)  # fmt: skip
    if near is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(near.latitude, near.longitude, near.miles)
        stmt = stmt.where(
            Location.is_confidential.is_(False),
            Location.latitude.between(min_lat, max_lat),
            Location.longitude.between(min_lon, max_lon),
        )
    if ranked is None:
        rows = session.execute(stmt).all()
    else:
        rows = [
            row
            for chunk in _chunks(ranked)
            for row in session.execute(stmt.where(Service.id.in_(chunk)))
        ]
    order = {service_id: n for n, service_id in enumerate(ranked or ())}
    if near is not None:
        measured = [
            (distance_miles(near.latitude, near.longitude, row.latitude, row.longitude), row)
            for row in rows
        ]
        kept = sorted(
            ((d, row) for d, row in measured if d <= near.miles),
            key=lambda pair: (order.get(pair[1].service_id, 0), pair[0]),
        )
        ids = [row.id for _d, row in kept]
    else:
        ids = [row.id for row in sorted(rows, key=lambda r: order.get(r.service_id, 0))]
    window = ids[paging.offset : paging.offset + paging.per_page]
    found = {
        link.id: link
        for link in session.scalars(
            _with_location_details(
                select(ServiceAtLocation).where(ServiceAtLocation.id.in_(window))
            )
        )
    }
    return [found[i] for i in window], len(ids)


def get_service_at_location(
    session: Session, link_id: uuid.UUID, *, include_examples: bool
) -> ServiceAtLocation:
    """A service-at-location of a listed service; NoResultFound otherwise."""
    stmt = listed(
        select(ServiceAtLocation)
        .join(Service, ServiceAtLocation.service_id == Service.id)
        .where(ServiceAtLocation.id == link_id),
        include_examples,
    )
    return session.scalars(_with_location_details(stmt)).one()


def _with_location_details(stmt: Select) -> Select:
    """Load in a few queries what a service-at-location record nests, not one query per row.

    Many-to-one records (service, its organisation, location) join the main query.
    """
    location = joinedload(ServiceAtLocation.location)
    return stmt.options(
        joinedload(ServiceAtLocation.service).joinedload(Service.organization),
        location.selectinload(Location.addresses),
        location.selectinload(Location.accessibility),
        location.selectinload(Location.phones).selectinload(Phone.languages),
        location.selectinload(Location.schedules),
        location.selectinload(Location.languages),
    )


def _listed_organizations(include_examples: bool) -> ColumnElement:
    return Organization.id.in_(listed(select(Service.organization_id), include_examples))


def organizations_page(
    session: Session, paging: Paging, *, include_examples: bool
) -> tuple[list[Organization], int]:
    """One page of organisations that run a listed service, by name; and the total."""
    where = _listed_organizations(include_examples)
    total = session.scalar(select(func.count(Organization.id)).where(where)) or 0
    stmt = select(Organization).where(where).order_by(Organization.name, Organization.id)
    return list(session.scalars(stmt.offset(paging.offset).limit(paging.per_page))), total


def get_organization(
    session: Session, org_id: uuid.UUID, *, include_examples: bool
) -> tuple[Organization, list[Service]]:
    """An organisation that runs a listed service, and those services; NoResultFound otherwise."""
    org = session.scalars(
        select(Organization).where(
            Organization.id == org_id, _listed_organizations(include_examples)
        )
    ).one()
    services = session.scalars(
        listed(select(Service).where(Service.organization_id == org_id), include_examples)
        .order_by(Service.name, Service.id)
    )  # fmt: skip
    return org, list(services)


def taxonomies_page(session: Session, paging: Paging) -> tuple[list[Taxonomy], int]:
    """One page of taxonomies by name, and the total."""
    total = session.scalar(select(func.count(Taxonomy.id))) or 0
    stmt = select(Taxonomy).order_by(Taxonomy.name, Taxonomy.id)
    return list(session.scalars(stmt.offset(paging.offset).limit(paging.per_page))), total


def get_taxonomy(session: Session, taxonomy_id: uuid.UUID) -> tuple[Taxonomy, list[TaxonomyTerm]]:
    """A taxonomy and its terms; NoResultFound if there is none with that id."""
    taxonomy = session.scalars(select(Taxonomy).where(Taxonomy.id == taxonomy_id)).one()
    terms = session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id == taxonomy_id)
        .order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    )  # fmt: skip
    return taxonomy, list(terms)


def taxonomy_terms_page(
    session: Session, query: TermQuery, paging: Paging
) -> tuple[list[TaxonomyTerm], int]:
    """One page of taxonomy terms matching every filter, by name; and the total."""
    clauses: list[ColumnElement] = []
    if query.taxonomy_id is not None:
        clauses.append(TaxonomyTerm.taxonomy_id == query.taxonomy_id)
    if query.parent_id is not None:
        clauses.append(TaxonomyTerm.parent_id == query.parent_id)
    if query.top_only:
        clauses.append(TaxonomyTerm.parent_id.is_(None))
    total = session.scalar(select(func.count(TaxonomyTerm.id)).where(*clauses)) or 0
    stmt = select(TaxonomyTerm).where(*clauses).order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    return list(session.scalars(stmt.offset(paging.offset).limit(paging.per_page))), total


def get_taxonomy_term(session: Session, term_id: uuid.UUID) -> TaxonomyTerm:
    """A taxonomy term; NoResultFound if there is none with that id."""
    return session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.id == term_id)).one()
