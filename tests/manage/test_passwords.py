"""New passwords must be long and hard to guess; no composition rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.accounts.passwords import password_problem
from directory.models import User
from tests.helpers import assert_govuk_page
from tests.manage.conftest import PASSWORD, post_form, request_access, sign_in


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "password1234",
        "123456789012",
        "qwertyuiopas",
        "iloveyou1234567",
        "waymarkwaymark",
        "Waymark2026!!",
        "WAYMARK-waymark-1",
        "x" * 150,
    ],
)
def test_common_and_trivially_guessable_passwords_are_refused(password):
    assert password_problem(password, "nia@example.org") is not None


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "a long enough password",
        "waymark otter lantern gravel",
        "Kettle-Marmalade-97-Quarry",
    ],
)
def test_long_unusual_passwords_are_accepted(password):
    assert password_problem(password, "nia@example.org") is None


def test_a_password_made_of_the_email_name_is_refused():
    assert password_problem("nia.newton.nia.newton", "nia.newton@example.org") is not None


def test_request_access_refuses_a_repeated_character_password(client, world, session):
    response = request_access(client, "nia@example.org", "aaaaaaaaaaaa")

    soup = assert_govuk_page(response, status=400)
    assert "too easy to guess" in soup.get_text()
    assert session.scalar(select(User).where(User.email == "nia@example.org")) is None


def test_changing_to_a_common_password_is_refused(client, world):
    sign_in(client, "editor.a@example.org")

    response = post_form(
        client,
        "/manage/password",
        {"current": PASSWORD, "new": "password1234", "confirm": "password1234"},
    )

    assert "too easy to guess" in assert_govuk_page(response, status=400).get_text()
