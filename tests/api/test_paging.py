"""Pages of a ranked list count only what the database still lists, however long the ranking."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from directory.api import queries
from directory.api.params import Paging
from directory.models import Service, ServiceAtLocation, ServiceStatus


def _listed_ids(session, count):
    stmt = (
        select(Service.id)
        .where(Service.status != ServiceStatus.DEFUNCT)
        .order_by(Service.name, Service.id)
        .limit(count)
    )
    return list(session.scalars(stmt))


def test_a_ranked_id_the_database_no_longer_lists_is_not_counted(loaded_session):
    ranked = _listed_ids(loaded_session, 5)
    ranked.insert(2, uuid.uuid4())  # in a stale index, gone from the database

    rows, total = queries.services_page(
        loaded_session, [], ranked, Paging(1, 10), include_examples=True
    )

    assert total == 5
    assert [row.id for row in rows] == ranked[:2] + ranked[3:]


def test_a_long_ranking_is_checked_in_parts_when_filtered(loaded_session, monkeypatch):
    ranked = _listed_ids(loaded_session, 7)
    ranked.insert(1, uuid.uuid4())
    clauses = [Service.id.in_(ranked)]  # any filter the index does not hold
    whole = queries.services_page(
        loaded_session, clauses, ranked, Paging(2, 3), include_examples=True
    )
    monkeypatch.setattr(queries, "IN_CHUNK", 2)
    monkeypatch.setattr(queries, "IN_LIMIT", 2)
    parts = queries.services_page(
        loaded_session, clauses, ranked, Paging(2, 3), include_examples=True
    )

    assert [row.id for row in parts[0]] == [row.id for row in whole[0]] == ranked[4:7]
    assert parts[1] == whole[1] == 7


def test_an_unfiltered_long_ranking_checks_only_the_page(loaded_session, monkeypatch):
    ranked = _listed_ids(loaded_session, 7)
    ranked.insert(1, uuid.uuid4())
    monkeypatch.setattr(queries, "IN_LIMIT", 2)

    rows, total = queries.services_page(
        loaded_session, [], ranked, Paging(1, 3), include_examples=True
    )

    assert [row.id for row in rows] == [ranked[0], ranked[2]]
    assert total == 8


def test_a_long_ranking_of_service_at_locations_is_asked_for_in_parts(loaded_session, monkeypatch):
    located = select(ServiceAtLocation.service_id).distinct().limit(20)
    ranked = list(loaded_session.scalars(located))
    whole = queries.service_at_locations_page(
        loaded_session, [], ranked, None, Paging(1, 50), include_examples=True
    )
    monkeypatch.setattr(queries, "IN_CHUNK", 3)
    parts = queries.service_at_locations_page(
        loaded_session, [], ranked, None, Paging(1, 50), include_examples=True
    )

    assert [link.id for link in parts[0]] == [link.id for link in whole[0]]
    assert parts[1] == whole[1] > 0
