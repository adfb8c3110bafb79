"""The export: the HSDS tabular data package and nested JSON, from the CLI and the API."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from frictionless import Package, system
from sqlalchemy import select

from directory.interop.export import csv_tables, snapshot
from directory.interop.schemas import HSDS_DATAPACKAGE, read_json
from directory.models import Location
from tests.api.conformance import DETAIL, assert_conforms

OFFICIAL_FILES = {r["path"] for r in read_json(HSDS_DATAPACKAGE)["resources"]}


@pytest.fixture(scope="module")
def csv_export(loaded_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    result = loaded_app.test_cli_runner().invoke(args=["export", "--format", "csv", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def json_export(loaded_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("json")
    result = loaded_app.test_cli_runner().invoke(args=["export", "--format", "json", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _frictionless_errors(folder):
    # The official descriptor names every file by relative path: trust this folder only.
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def test_the_csv_export_is_the_official_package(csv_export):
    names = {p.name for p in csv_export.iterdir()}

    assert names == OFFICIAL_FILES | {"datapackage.json"}
    assert (csv_export / "datapackage.json").read_bytes() == HSDS_DATAPACKAGE.read_bytes()


def test_the_csv_export_passes_frictionless_validation(csv_export):
    assert _frictionless_errors(csv_export) == []


def test_frictionless_would_notice_a_broken_export(csv_export, tmp_path):
    for path in csv_export.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    services = (tmp_path / "services.csv").read_text().splitlines()
    services[1] = "not-a-uuid" + services[1][36:]
    (tmp_path / "services.csv").write_text("\n".join(services) + "\n")

    assert any("not-a-uuid" in error or "uuid" in error for error in _frictionless_errors(tmp_path))


def test_every_listed_service_is_exported(csv_export, loaded_client):
    total = loaded_client.get("/api/services").json["total_items"]

    rows = (csv_export / "services.csv").read_text().strip().splitlines()

    assert len(rows) - 1 == total


def test_the_json_export_holds_conforming_nested_services(json_export, loaded_client):
    services = json.loads((json_export / "services.json").read_text())
    taxonomies = json.loads((json_export / "taxonomies.json").read_text())

    assert len(services) == loaded_client.get("/api/services").json["total_items"]
    for service in services:
        assert_conforms(DETAIL["services"], service)
    for taxonomy in taxonomies:
        assert_conforms(DETAIL["taxonomies"], taxonomy)


def test_exporting_twice_gives_the_same_bytes(loaded_session):
    first = csv_tables(snapshot(loaded_session, include_examples=True))
    second = csv_tables(snapshot(loaded_session, include_examples=True))

    assert first == second


def test_confidential_locations_leave_no_trace_of_where_they_are(csv_export, loaded_session):

    hidden = {
        str(i) for i in loaded_session.scalars(select(Location.id).where(Location.is_confidential))
    }
    assert hidden
    for name in ("addresses.csv", "accessibility.csv"):
        assert not any(h in (csv_export / name).read_text() for h in hidden)
    for line in (csv_export / "locations.csv").read_text().splitlines()[1:]:
        cells = line.split(",")
        if cells[0] in hidden:
            assert cells[8] == "" and cells[9] == ""  # latitude, longitude


def test_the_api_serves_the_same_package(loaded_client, csv_export):
    response = loaded_client.get("/api/export/datapackage.zip")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        for name in archive.namelist():
            assert archive.read(name) == (csv_export / name).read_bytes(), name


def test_the_api_serves_the_same_services_json(loaded_client, json_export):
    response = loaded_client.get("/api/export/services.json")

    assert response.json == json.loads((json_export / "services.json").read_text())


def test_examples_can_be_left_out(loaded_app, tmp_path):
    runner = loaded_app.test_cli_runner()
    result = runner.invoke(args=["export", "--format", "json", "--no-examples", str(tmp_path)])

    assert result.exit_code == 0
    services = json.loads((tmp_path / "services.json").read_text())
    assert services and not any(s.get("x_waymark_example") for s in services)
