"""The account forms refuse hidden characters the way the listing forms do, and never fail on one.

A NUL reaching PostgreSQL is an error (a 500 on public, unauthenticated pages), and direction
overrides in a requester's name or organisation would reach the admin's approval screen.
Passwords may hold any character: they are only hashed, never shown or stored as typed.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from directory.accounts.views import WRONG_MESSAGE
from directory.models import AccountStatus, User
from tests.helpers import assert_govuk_page
from tests.manage.conftest import PASSWORD, csrf_token, post_form, sign_in

HIDDEN = {"NUL": "\x00", "right-to-left override": "\u202e"}
NEW_PASSWORD = "a brand new passphrase"
_TOKEN = re.compile(r'(name="csrf_token"[^>]* value=")[^"]+"')


def _summary(response, status: int) -> str:
    """The error summary's text; only a page with no control character in it is checked whole
    (a page echoing a NUL back in a field cannot be well-formed HTML)."""
    body = response.get_data(as_text=True)
    if "\x00" not in body:
        soup = assert_govuk_page(response, status=status)
    else:
        assert response.status_code == status
        soup = BeautifulSoup(body, "html.parser")
    summary = soup.find(class_="govuk-error-summary")
    assert summary is not None, "no error summary"
    return summary.get_text()


def _users(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(User.id)))


def _without_tokens(body: str) -> str:
    return _TOKEN.sub(r'\1"', body)


def _wrong_password_page(app, email: str, password: str = "not the password") -> tuple[int, str]:
    client = app.test_client()
    token = csrf_token(client, "/manage/sign-in")
    response = client.post(
        "/manage/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    body = _without_tokens(response.get_data(as_text=True)).replace(email, "EMAIL")
    return response.status_code, body


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize("email", ["editor.a{}@example.org", "editor.a@example.org{}"])
def test_a_sign_in_email_with_a_hidden_character_is_answered_as_a_wrong_password(
    app, world, email, hidden
):
    status, page = _wrong_password_page(app, email.format(hidden))

    assert (status, page) == _wrong_password_page(app, "nobody@example.org")
    assert WRONG_MESSAGE in page


@pytest.mark.parametrize("email", ["not an email", "editor.a@", "x" * 400 + "@example.org"])
def test_a_malformed_sign_in_email_is_answered_as_a_wrong_password(app, world, email):
    assert _wrong_password_page(app, email) == _wrong_password_page(app, "nobody@example.org")


@pytest.mark.parametrize("email", ["editor.a@example.org\x00", "editor.a\u202e@example.org"])
def test_a_malformed_sign_in_email_locks_on_the_same_attempt_as_any_other(app, world, email):
    answers = {}
    for tried in (email, "editor.a@example.org", "nobody@example.org"):
        client = app.test_client()
        answers[tried] = [sign_in(client, tried, "guess").status_code for _ in range(7)]

    assert answers[email] == answers["editor.a@example.org"] == answers["nobody@example.org"]
    assert answers[email] == [200] * 5 + [429] * 2


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_sign_in_password_with_a_hidden_character_is_a_wrong_password(app, world, hidden):
    status, page = _wrong_password_page(app, "editor.a@example.org", f"correct horse{hidden}")

    assert (status, WRONG_MESSAGE in page) == (200, True)


def _request(client, changes: dict[str, str]):
    fields = {
        "name": "Nia New",
        "email": "nia@example.org",
        "organisation": "Alder Peer Network",
        "note": "The hearing voices group",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }
    token = csrf_token(client, "/manage/request-access")
    return client.post("/manage/request-access", data={**fields, **changes, "csrf_token": token})


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Nia {}New"),
        ("email", "nia{}@example.org"),
        ("organisation", "Alder {}Peer Network"),
        ("note", "The hearing{} voices group"),
    ],
)
def test_request_access_refuses_hidden_characters_in_what_the_admin_will_read(
    client, session, world, field, value, hidden
):
    response = _request(client, {field: value.format(hidden)})

    assert "hidden characters" in _summary(response, 400)
    assert _users(session) == 3


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_request_access_takes_a_password_with_any_character(client, session, world, hidden):
    password = f"a brand new{hidden} passphrase"

    refused = _request(client, {"password": password})
    accepted = _request(client, {"password": password, "confirm": password})

    assert "Passwords must match" in _summary(refused, 400)
    assert accepted.status_code == 200
    assert session.scalar(select(User.status).where(User.email == "nia@example.org")) == (
        AccountStatus.REQUESTED
    )


def _new_account(client, world, changes: dict[str, str]):
    fields = {
        "name": "Ned New",
        "email": "ned@example.org",
        "role": "editor",
        "organization": str(world.org_a.id),
        "password": NEW_PASSWORD,
    }
    return post_form(client, "/manage/users/new", {**fields, **changes})


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ned {}New"),
        ("email", "ned@example.org{}"),
        ("role", "editor{}"),
        ("organization", "{}"),
    ],
)
def test_a_new_account_refuses_hidden_characters(client, session, world, field, value, hidden):
    sign_in(client, "admin@example.org")
    value = value.format(hidden) if field != "organization" else f"{world.org_a.id}{hidden}"

    response = _new_account(client, world, {field: value})

    text = _summary(response, 400)
    if field in ("name", "email"):
        assert "hidden characters" in text
    assert _users(session) == 3


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_new_account_may_have_a_password_with_any_character(app, client, session, world, hidden):
    sign_in(client, "admin@example.org")
    password = f"a brand new{hidden} passphrase"

    assert _new_account(client, world, {"password": password}).status_code == 302
    assert sign_in(app.test_client(), "ned@example.org", password).status_code == 302


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current": "correct horse{} battery staple"}, "Your current password is not right"),
        ({"new": "a brand new{} passphrase"}, "Passwords must match"),
        ({"confirm": "a brand new{} passphrase"}, "Passwords must match"),
    ],
)
def test_a_password_change_with_a_hidden_character_gets_the_usual_refusal(
    client, world, changes, message, hidden
):
    sign_in(client, "editor.a@example.org")
    fields = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    fields.update({name: value.format(hidden) for name, value in changes.items()})

    response = post_form(client, "/manage/password", fields)

    assert message in _summary(response, 400)


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_new_password_may_hold_any_character(app, client, world, hidden):
    sign_in(client, "editor.a@example.org")
    password = f"a brand new{hidden} passphrase"

    response = post_form(
        client, "/manage/password", {"current": PASSWORD, "new": password, "confirm": password}
    )

    assert response.status_code == 302
    assert sign_in(app.test_client(), "editor.a@example.org", password).status_code == 302
