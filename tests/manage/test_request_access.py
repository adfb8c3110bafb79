"""Requests for an editor account are limited per client, since each one costs a password hash."""

from __future__ import annotations

from sqlalchemy import func, select

from directory.models import User
from tests.helpers import assert_govuk_page
from tests.manage.conftest import request_access


def test_request_access_is_limited_per_client(app, client, world, session):
    answers = [request_access(client, f"person{n}@example.org").status_code for n in range(6)]

    assert answers == [200] * 5 + [429]
    soup = assert_govuk_page(request_access(client, "person9@example.org"), status=429)
    assert "too many attempts" in soup.get_text()
    assert session.scalar(select(func.count(User.id))) == 3 + 5


def test_another_client_may_stillrequest_access(app, client, world):
    for n in range(6):
        request_access(client, f"person{n}@example.org")
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.7"

    response = request_access(elsewhere, "colleague@example.org")

    assert response.status_code == 200
