"""`flask import`: official files import cleanly, bad ones change nothing, and round trips hold."""

from __future__ import annotations

import copy
import json
import threading
import uuid

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from directory.interop.schemas import EXAMPLES, read_json
from directory.models import Address, Organization, Phone, Service
from tests.api.conformance import DETAIL, assert_conforms

OFFICIAL = [
    EXAMPLES["hsds"] / "service_full.json",
    EXAMPLES["oruk"] / "service_full.json",
    EXAMPLES["hsds"] / "service_list.json",
    EXAMPLES["oruk"] / "service_list.json",
]


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["import", *map(str, args)])


def _export(app, fmt, folder):
    result = app.test_cli_runner().invoke(args=["export", "--format", fmt, str(folder)])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def _service(**changes):
    """A small valid HSDS service (made up, example.org addresses only)."""
    record = {
        "id": str(uuid.uuid4()),
        "name": "Riverside listening group",
        "status": "active",
        "email": "hello@riverside.example.org",
        "organization": {
            "id": str(uuid.uuid4()),
            "name": "Riverside Example Trust",
            "description": "A made-up organisation for tests.",
        },
        "phones": [{"id": str(uuid.uuid4()), "number": "0113 496 0999"}],
    }
    record.update(changes)
    return record


def _write(tmp_path, document, name="input.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_official_example_files_import_cleanly(app, client, session, path):
    result = _run(app, path, "--commit")

    assert result.exit_code == 0, result.output
    assert "REJECTED" not in result.output
    document = read_json(path)
    first = document["contents"][0] if "contents" in document else document
    response = client.get(f"/api/services/{first['id']}")
    assert response.status_code == 200
    assert response.json["name"] == first["name"]
    assert_conforms(DETAIL["services"], response.json)


def test_the_import_reports_what_waymark_cannot_store(app):
    result = _run(app, EXAMPLES["hsds"] / "service_full.json")

    assert "not stored by Waymark, left out: funding" in result.output
    assert "attending_type: longer than 50 characters; kept in notes" in result.output


def test_a_broken_file_changes_nothing_and_names_every_bad_record(app, session, tmp_path):
    good = _service()
    bad_id = _service(id="not-a-uuid")
    bad_email = _service(email="not an email", name="Bad email group")
    no_name = _service()
    del no_name["name"]
    path = _write(tmp_path, [good, bad_id, bad_email, no_name])

    result = _run(app, path, "--commit")

    assert result.exit_code == 1
    assert _count(session, Service) == 0 and _count(session, Organization) == 0
    lines = [line for line in result.output.splitlines() if line.startswith("REJECTED")]
    assert len(lines) == 3
    assert "input.json[1]" in lines[0] and "id: 'not-a-uuid' is not a 'uuid'" in lines[0]
    assert "input.json[2]" in lines[1] and "email:" in lines[1] and "not an email" in lines[1]
    assert "input.json[3]" in lines[2] and "'name' is a required property" in lines[2]
    assert "Nothing was imported: 3 records were rejected." in result.output


def test_a_dry_run_writes_nothing(app, session, tmp_path):
    result = _run(app, _write(tmp_path, [_service()]))

    assert result.exit_code == 0
    assert "Dry run: 1 new and 0 updated" in result.output
    assert _count(session, Service) == 0


def test_imported_organisations_record_where_they_came_from(app, session, tmp_path):
    _run(app, _write(tmp_path, [_service()]), "--commit", "--name", "riverside feed")

    assert session.scalars(select(Organization.source)).one() == "import:riverside-feed"


def test_importing_again_updates_by_id_instead_of_duplicating(app, session, tmp_path):
    record = _service()
    _run(app, _write(tmp_path, [record]), "--commit")
    changed = copy.deepcopy(record)
    changed["name"] = "Riverside listening circle"
    changed["phones"] = []

    result = _run(app, _write(tmp_path, [changed]), "--commit")

    assert "Imported: 0 new and 1 updated services." in result.output
    assert session.scalars(select(Service.name)).all() == ["Riverside listening circle"]
    assert _count(session, Phone) == 0, "a phone the new record no longer has is removed"


def test_likely_duplicates_are_reported_for_review(app, session, tmp_path):
    _run(app, _write(tmp_path, [_service()]), "--commit", "--name", "first")
    twin = _service()  # new ids, same phone number

    result = _run(app, _write(tmp_path, [twin], "second.json"))

    assert result.exit_code == 0
    assert "REVIEW Riverside listening group" in result.output
    assert "same phone 0113 496 0999" in result.output


def test_same_name_and_postcode_is_a_likely_duplicate(app, tmp_path):
    def placed():
        return _service(
            phones=[],
            service_at_locations=[{
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()), "location_type": "physical",
                    "addresses": [{
                        "id": str(uuid.uuid4()), "address_1": "1 Example Street", "city": "Leeds",
                        "state_province": "West Yorkshire", "postal_code": "LS6 1AA",
                        "country": "GB", "address_type": "physical",
                    }],
                },
            }],
        )  # fmt: skip

    _run(app, _write(tmp_path, [placed()]), "--commit", "--name", "first")
    result = _run(app, _write(tmp_path, [placed()], "second.json"))

    assert "same name and postcode" in result.output


def test_confidential_locations_lose_their_address_on_the_way_in(app, session, tmp_path):
    record = _service(
        service_at_locations=[{
            "id": str(uuid.uuid4()),
            "location": {
                "id": str(uuid.uuid4()), "location_type": "physical", "latitude": 53.8,
                "longitude": -1.5, "x_waymark_confidential": True,
                "addresses": [{
                    "id": str(uuid.uuid4()), "address_1": "Secret", "city": "Leeds",
                    "state_province": "West Yorkshire", "postal_code": "LS6 1AA",
                    "country": "GB", "address_type": "physical",
                }],
            },
        }],
    )  # fmt: skip

    result = _run(app, _write(tmp_path, [record]), "--commit")

    assert result.exit_code == 0, result.output
    assert _count(session, Address) == 0
    assert "address and point were dropped" in result.output


def test_an_import_never_overwrites_another_sources_listings(app, session, tmp_path):
    record = _service()
    _run(app, _write(tmp_path, [record]), "--commit", "--name", "first")

    result = _run(app, _write(tmp_path, [record], "other.json"), "--commit", "--name", "other")

    assert result.exit_code == 1
    assert "belongs to listings from 'import:first'" in result.output


def test_an_unreadable_source_is_a_clear_error(app, tmp_path):
    (tmp_path / "broken.json").write_text("{not json")

    result = _run(app, tmp_path / "broken.json")

    assert result.exit_code != 0
    assert "is not JSON" in result.output
    assert "Traceback" not in result.output


# --- Round trips: export, import into an empty database, export again. ---


@pytest.fixture(scope="module")
def loaded_exports(loaded_app, tmp_path_factory):
    folders = {fmt: tmp_path_factory.mktemp(f"first-{fmt}") for fmt in ("csv", "json")}
    return {fmt: (folder, _export(loaded_app, fmt, folder)) for fmt, folder in folders.items()}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_export_is_lossless(app, tmp_path, loaded_exports, fmt):
    folder, first = loaded_exports[fmt]

    result = _run(app, folder, "--commit", "--name", "round trip")
    assert result.exit_code == 0, result.output[-2000:]

    assert _export(app, fmt, tmp_path / "second") == first


def test_imported_services_are_found_by_search(app, client, loaded_exports):
    _run(app, loaded_exports["json"][0], "--commit")

    found = client.get("/api/services?search=hearing+voices").json

    assert found["total_items"] > 0


def test_an_api_can_be_imported_by_its_base_url(app, loaded_app, tmp_path, loaded_exports):
    server = make_server("127.0.0.1", 0, loaded_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = _run(app, f"http://127.0.0.1:{server.server_port}/api", "--commit")
    finally:
        server.shutdown()
        thread.join()

    assert result.exit_code == 0, result.output[-2000:]
    assert _export(app, "json", tmp_path / "again") == loaded_exports["json"][1]


def test_a_file_url_is_read_offline(app, session, tmp_path):
    path = _write(tmp_path, [_service()])

    result = _run(app, path.as_uri(), "--commit")

    assert result.exit_code == 0, result.output
    assert _count(session, Service) == 1


@pytest.mark.parametrize(
    "record",
    [
        _service(email="info?bcc=spy@evil.example.org"),
        _service(
            organization={
                "id": str(uuid.uuid4()),
                "name": "Riverside Example Trust",
                "description": "A made-up organisation for tests.",
                "email": "info@riverside.example.org?subject=hi",
            }
        ),
        _service(
            contacts=[{"id": str(uuid.uuid4()), "name": "Jo", "email": "jo&cc=spy@example.org"}]
        ),
        _service(name="Riverside \u202elistening group"),
        _service(description="Listening\x00 group"),
    ],
    ids=["service email", "organisation email", "contact email", "bidi name", "NUL"],
)
def test_an_import_refuses_mailto_tricks_and_hidden_characters(app, session, tmp_path, record):
    result = _run(app, _write(tmp_path, [record]), "--commit")

    assert result.exit_code == 1
    assert "REJECTED" in result.output
    assert _count(session, Service) == 0
