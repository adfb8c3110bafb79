"""With the database down, people get a clear 503 page (the API: JSON), never a stack trace."""

from __future__ import annotations

import socket

import pytest

from directory import create_app
from tests.helpers import assert_govuk_page

SERVICE = "/services/5c423a51-3307-53d1-80ef-120ca0ae77b0"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once closed: nothing listens there


@pytest.fixture(params=["postgresql", "sqlite"])
def unreachable(request, tmp_path):
    """An app whose database cannot be reached: PostgreSQL refusing, or SQLite unopenable."""
    if request.param == "postgresql":
        url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/waymark"
    else:
        url = f"sqlite:///{tmp_path / 'no-such-folder' / 'waymark.sqlite3'}"
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "INDEX_DIR": str(tmp_path / "index"),
            "INSTANCE_PATH": str(tmp_path),
        }
    ).test_client()


@pytest.mark.parametrize("path", [SERVICE, "/search?q=hearing+voices&where=Leeds", "/gaps"])
def test_pages_say_the_service_is_unavailable(unreachable, path):
    response = unreachable.get(path)

    soup = assert_govuk_page(response, status=503)
    assert soup.h1.get_text(strip=True) == "Sorry, the service is unavailable"
    assert response.headers["Retry-After"] == "30"
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "OperationalError" not in body


def test_the_api_says_so_in_json(unreachable):
    response = unreachable.get("/api/services")

    assert response.status_code == 503
    assert response.json == {
        "status": 503,
        "message": "The directory is unavailable just now. Try again in a minute.",
    }
    assert response.headers["Retry-After"] == "30"


def _app_on(path, tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{path}",
            "INDEX_DIR": str(tmp_path / "index"),
            "INSTANCE_PATH": str(tmp_path),
        }
    )


def test_a_missing_sqlite_file_is_not_created_and_the_log_says_how_to(tmp_path, caplog):
    path = tmp_path / "waymark.sqlite3"  # its folder exists: sqlite3 would create the file
    app = _app_on(path, tmp_path)

    response = app.test_client().get(SERVICE)

    assert_govuk_page(response, status=503)
    assert not path.exists()
    assert f"The SQLite database {path} does not exist" in caplog.text
    assert "flask --app directory db upgrade" in caplog.text


def test_a_command_on_a_missing_sqlite_file_says_how_to_create_it(tmp_path):
    path = tmp_path / "waymark.sqlite3"

    result = _app_on(path, tmp_path).test_cli_runner().invoke(args=["index", "rebuild"])

    assert result.exit_code != 0
    assert not path.exists()
    assert f"The SQLite database {path} does not exist" in str(result.exception)


def test_db_upgrade_creates_a_missing_sqlite_file_and_the_site_then_answers(tmp_path):
    path = tmp_path / "new" / "waymark.sqlite3"
    app = _app_on(path, tmp_path)

    result = app.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert path.exists()
    assert_govuk_page(app.test_client().get("/gaps"))
