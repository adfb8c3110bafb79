"""Many app instances, one database: each instance's index catches up with the others' changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from directory import create_app
from directory.config import PROJECT_ROOT
from directory.context import vocabulary
from directory.db import session_factory
from directory.loading.bundle import load_bundle
from directory.models import Organization, Service, ServiceStatus
from directory.search.index import synced_through
from directory.search.query import SearchRequest
from directory.searching import catch_up, rebuild_search_index, search_outcome


@pytest.fixture
def other(app, tmp_path):
    """A second instance of the site: the same database, its own index, checking every search."""
    second = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "INDEX_DIR": str(tmp_path / "other-index"),
            "INSTANCE_PATH": str(tmp_path / "other"),
            "INDEX_SYNC_SECONDS": 0,
        }
    )
    yield second
    session_factory(second).kw["bind"].dispose()


@pytest.fixture
def loaded(app, session, other):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()
    with other.app_context(), session_factory(other)() as other_session:
        rebuild_search_index(other_session, Path(other.config["INDEX_DIR"]), vocabulary())
    return session


def _names(other, text):
    page = other.test_client().get("/search", query_string={"q": text})
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _samaritans(session) -> Service:
    return session.scalars(select(Service).where(Service.name.like("%Samaritans%"))).first()


def test_a_rename_made_elsewhere_is_found_by_the_next_search_here(loaded, other):
    service = _samaritans(loaded)
    service.name = "Quokka listening line"  # as another instance approving an edit would
    loaded.commit()

    assert "Quokka listening line" in _names(other, "quokka")


def test_a_listing_closed_elsewhere_leaves_the_index_here(loaded, other):
    service = _samaritans(loaded)
    name = service.name
    assert name in _names(other, "samaritans")
    service.status = ServiceStatus.DEFUNCT
    loaded.commit()

    assert name not in _names(other, "samaritans")


def test_an_organisation_renamed_elsewhere_is_searchable_by_its_new_name(loaded, other):
    service = _samaritans(loaded)
    organization = loaded.get(Organization, service.organization_id)
    organization.name = "Wombat trust"
    loaded.commit()

    assert service.name in _names(other, "wombat")


def test_with_nothing_new_the_index_is_left_alone(loaded, other):
    root = Path(other.config["INDEX_DIR"])
    before = synced_through(root)

    with other.app_context(), session_factory(other)() as other_session:
        assert catch_up(other_session, root, vocabulary()) == 0
    assert synced_through(root) == before


def test_catching_up_moves_the_marker_to_the_newest_change(loaded, other):
    service = _samaritans(loaded)
    service.last_modified = datetime.now(UTC) + timedelta(minutes=1)
    service.description = "Changed elsewhere"
    loaded.commit()
    root = Path(other.config["INDEX_DIR"])

    with other.app_context(), session_factory(other)() as other_session:
        assert catch_up(other_session, root, vocabulary()) == 1
        assert synced_through(root) == service.last_modified.replace(tzinfo=UTC)
        assert catch_up(other_session, root, vocabulary()) == 0


def test_an_instance_asks_the_database_at_most_once_per_interval(loaded, other):
    other.config["INDEX_SYNC_SECONDS"] = 3600
    _names(other, "samaritans")  # asks now; the next ask is an hour away
    service = _samaritans(loaded)
    service.name = "Quokka listening line"
    loaded.commit()

    assert "Quokka listening line" not in _names(other, "quokka")


def _indexed_ids(other, text) -> set[str]:
    """What the other instance's index finds for `text` (pages show only rows still held)."""
    with other.app_context(), session_factory(other)() as other_session:
        outcome = search_outcome(other_session, SearchRequest(text=text), datetime.now(UTC))
        return {str(result.id) for result in outcome.results}


def _new_service(session, name: str, **fields) -> Service:
    organization = Organization(name=f"{name} trust", description="For tests.")
    service = Service(name=name, organization=organization, **fields)
    session.add(service)
    session.commit()
    return service


def test_a_listing_deleted_outright_elsewhere_leaves_the_index_here(loaded, other):
    service = _new_service(loaded, "Quokka drop-in")
    assert _indexed_ids(other, "quokka") == {str(service.id)}
    loaded.delete(service)  # as a reload of bundled data without it would: no row, no date
    loaded.commit()

    assert _indexed_ids(other, "quokka") == set()


def test_a_listing_added_elsewhere_with_an_old_date_is_found_here(loaded, other):
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)  # as an import keeping the file's dates would
    service = _new_service(loaded, "Quokka drop-in", last_modified=long_ago)

    assert _indexed_ids(other, "quokka") == {str(service.id)}
