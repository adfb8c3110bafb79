"""What the API and the data package publish: no editor's email, no refuge's name."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest

from directory.db import session_factory
from directory.interop.export import csv_tables, snapshot, write_json
from directory.models import Location, Organization, Service, ServiceAtLocation

CONFIDENTIAL_NAME = "Confidential location"
EDITOR_EMAIL = "jo.editor@harbourlight.example.org"
SECRETS = ("Harbourlight refuge, Chapeltown", "The old vicarage", "Behind the church", EDITOR_EMAIL)


@pytest.fixture
def refuge(session) -> Service:
    """A listed service with a confidential place, checked by an editor under the old code."""
    org = Organization(name="Harbourlight Trust", description="Safe housing.")
    service = Service(
        name="Harbourlight advice line",
        organization=org,
        description="Advice for people leaving abuse.",
        assured_date=date(2026, 12, 1),
        assurer_email=EDITOR_EMAIL,
    )
    place = Location(
        organization=org,
        name="Harbourlight refuge, Chapeltown",
        alternate_name="The old vicarage",
        description="Behind the church on Chapeltown Road",
        is_confidential=True,
    )
    session.add(ServiceAtLocation(service=service, location=place, description="Behind the church"))
    session.commit()
    return service


def _everything_published(app, client, service: Service, tmp_path) -> dict[str, str]:
    """Every public rendering of the service: API records, both exports, its page."""
    link = service.service_at_locations[0]
    published = {
        "api service": client.get(f"/api/services/{service.id}").get_data(as_text=True),
        "api services": client.get("/api/services").get_data(as_text=True),
        "api service_at_location": client.get(f"/api/service_at_locations/{link.id}").get_data(
            as_text=True
        ),
        "api service_at_locations": client.get("/api/service_at_locations").get_data(as_text=True),
        "service page": client.get(f"/services/{service.id}").get_data(as_text=True),
    }
    with session_factory(app)() as session:
        found = snapshot(session, include_examples=True)
        for name, text in csv_tables(found).items():
            published[f"csv {name}"] = text
        for path in write_json(found, tmp_path / "json"):
            published[f"json {path.name}"] = path.read_text(encoding="utf-8")
    package = client.get("/api/export/datapackage.zip")
    assert package.status_code == 200
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        for name in archive.namelist():
            published[f"zip {name}"] = archive.read(name).decode("utf-8")
    published["api services.json"] = client.get("/api/export/services.json").get_data(as_text=True)
    return published


def test_a_refuges_name_and_description_are_never_published(app, client, refuge, tmp_path):
    published = _everything_published(app, client, refuge, tmp_path)

    for where, text in published.items():
        for secret in SECRETS[:3]:
            assert secret not in text, f"{secret!r} is published in {where}"
    location = client.get(f"/api/services/{refuge.id}").json["service_at_locations"][0]
    assert location["location"]["name"] == CONFIDENTIAL_NAME
    assert location["location"]["x_waymark_confidential"] is True
    assert CONFIDENTIAL_NAME in published["csv locations.csv"]


def test_the_email_of_whoever_checked_a_listing_is_never_published(app, client, refuge, tmp_path):
    published = _everything_published(app, client, refuge, tmp_path)

    for where, text in published.items():
        assert EDITOR_EMAIL not in text, f"the checker's email is published in {where}"
    record = client.get(f"/api/services/{refuge.id}").json
    assert record["assured_date"] == "2026-12-01"
    assert "assurer_email" not in record
    services = json.loads(published["json services.json"])
    assert "assurer_email" not in services[0]
