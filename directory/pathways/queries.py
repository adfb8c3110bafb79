"""Reads for pathway pages: the services a localised pathway names."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Attribute, ReferralRoute, Service, ServiceStatus, TaxonomyTerm
from directory.pathways.routes import ServiceRoute


def route_inputs(
    session: Session, *, include_examples: bool
) -> tuple[dict[uuid.UUID, list[str]], list[ServiceRoute], dict[uuid.UUID, str]]:
    """Each listed service's types, the routes between listed services, and service names."""
    listed_ids = select(Service.id).where(Service.status != ServiceStatus.DEFUNCT)
    if not include_examples:
        listed_ids = listed_ids.where(Service.is_example.is_(False))
    categories: dict[uuid.UUID, list[str]] = {}
    rows = session.execute(
        select(Attribute.link_id, TaxonomyTerm.code)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_type == "category", Attribute.link_id.in_(listed_ids))
    )
    for service_id, code in rows:
        categories.setdefault(service_id, []).append(code)
    routes = [
        ServiceRoute(r.from_service_id, r.to_service_id, r.kind, r.self_referral, r.consent,
                     r.criteria)
        for r in session.scalars(
            select(ReferralRoute).where(
                ReferralRoute.from_service_id.in_(listed_ids),
                ReferralRoute.to_service_id.in_(listed_ids),
            )
        )
    ]  # fmt: skip
    names = dict(
        session.execute(select(Service.id, Service.name).where(Service.id.in_(listed_ids))).all()
    )
    return categories, routes, names
