"""What the schema itself refuses, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.exc import IntegrityError

from directory.models import (
    Organization,
    ReferralRoute,
    RouteKind,
    Service,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)


def _service(session, name: str = "Drop-in") -> Service:
    org = Organization(name="Example Org", description="An example", is_example=True)
    service = Service(name=name, organization=org, is_example=True)
    session.add(service)
    session.flush()
    return service


def test_ids_are_uuids_made_on_insert(session):
    service = _service(session)

    assert isinstance(service.id, uuid.UUID)
    assert isinstance(service.organization.id, uuid.UUID)


def test_a_new_service_is_active_and_timestamped(session):
    service = _service(session)
    session.commit()

    assert service.status == ServiceStatus.ACTIVE
    assert service.last_modified is not None


def test_a_service_needs_an_existing_organisation(session):
    session.add(Service(name="Orphan", organization_id=uuid.uuid4()))

    with pytest.raises(IntegrityError):
        session.flush()


def test_a_referral_route_cannot_point_at_its_own_service(session):
    service = _service(session)
    session.add(ReferralRoute(from_service=service, to_service=service, kind=RouteKind.REFER))

    with pytest.raises(IntegrityError):
        session.flush()


def test_the_same_route_cannot_be_recorded_twice(session):
    a, b = _service(session, "A"), _service(session, "B")
    session.add(ReferralRoute(from_service=a, to_service=b, kind=RouteKind.SIGNPOST))
    session.flush()
    session.add(ReferralRoute(from_service=a, to_service=b, kind=RouteKind.SIGNPOST))

    with pytest.raises(IntegrityError):
        session.flush()


def test_a_term_code_is_unique_within_its_taxonomy(session):
    taxonomy = Taxonomy(name="Types", description="Service types")
    session.add_all(
        [
            TaxonomyTerm(code="peer", name="Peer", description="x", taxonomy_detail=taxonomy),
            TaxonomyTerm(code="peer", name="Peer 2", description="y", taxonomy_detail=taxonomy),
        ]
    )

    with pytest.raises(IntegrityError):
        session.flush()


def test_deleting_an_organisation_deletes_its_services(session):
    service = _service(session)
    session.commit()

    session.delete(service.organization)
    session.commit()

    assert session.get(Service, service.id) is None
