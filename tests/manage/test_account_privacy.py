"""Sign-in and access requests behave the same whether or not an email has an account."""

from __future__ import annotations

import hashlib
import re
import threading

import pytest
from sqlalchemy import func, select

from directory.models import User
from tests.manage.conftest import csrf_token, request_access, sign_in

_TOKEN = re.compile(r'value="[^"]{40,}"')


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every scrypt run (hashing or checking a password) appends to the list."""
    calls: list[int] = []
    real = hashlib.scrypt
    lock = threading.Lock()

    def counting(*args: object, **kwargs: object) -> bytes:
        with lock:
            calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def _without_tokens(body: str) -> str:
    return _TOKEN.sub('value=""', body)


def test_a_wrong_password_costs_the_same_scrypt_work_for_known_and_unknown_emails(
    app, world, scrypt_calls
):
    work = {}
    pages = {}
    for email in ("editor.a@example.org", "nobody@example.org"):
        client = app.test_client()
        token = csrf_token(client, "/manage/sign-in")
        scrypt_calls.clear()
        response = client.post(
            "/manage/sign-in",
            data={"email": email, "password": "not the password", "csrf_token": token},
        )
        work[email] = len(scrypt_calls)
        body = _without_tokens(response.get_data(as_text=True)).replace(email, "EMAIL")
        pages[email] = (response.status_code, body)

    assert work == {"editor.a@example.org": 1, "nobody@example.org": 1}
    assert pages["editor.a@example.org"] == pages["nobody@example.org"]


def test_known_and_unknown_emails_lock_on_the_same_attempt(app, world):
    answers = {}
    for email in ("editor.a@example.org", "nobody@example.org"):
        client = app.test_client()
        answers[email] = [sign_in(client, email, "guess").status_code for _ in range(7)]

    assert answers["editor.a@example.org"] == answers["nobody@example.org"]
    assert answers["nobody@example.org"] == [200] * 5 + [429] * 2


def test_request_access_answers_and_hashes_the_same_whether_or_not_the_email_is_taken(
    app, world, session, scrypt_calls
):
    work = {}
    pages = {}
    for email in ("editor.a@example.org", "someone.new@example.org"):
        client = app.test_client()
        csrf_token(client, "/manage/request-access")  # the form's page first, as a person would
        scrypt_calls.clear()
        response = request_access(client, email)
        work[email] = len(scrypt_calls)
        pages[email] = (response.status_code, response.get_data(as_text=True))

    assert work == {"editor.a@example.org": 1, "someone.new@example.org": 1}
    assert pages["editor.a@example.org"] == pages["someone.new@example.org"]
    assert "already" not in pages["editor.a@example.org"][1]
    assert session.scalar(select(func.count(User.id))) == 4
