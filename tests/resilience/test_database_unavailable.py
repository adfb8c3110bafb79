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
