"""Sessions can be ended from the server: sign-out, password change, disabling; and they expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts import signed_in
from tests.manage.conftest import PASSWORD, csrf_token, post_form, sign_in

COOKIE = "waymark_session"


def _copy_cookie(app, client):
    """A second browser holding the same session cookie, as a thief who copied it would."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def test_a_cookie_copied_before_signing_out_is_refused_after(app, client, world):
    sign_in(client, "editor.a@example.org")
    thief = _copy_cookie(app, client)
    assert thief.get("/manage/").status_code == 200

    client.post("/manage/sign-out", data={"csrf_token": csrf_token(client, "/manage/")})

    assert thief.get("/manage/").status_code == 302
    assert client.get("/manage/").status_code == 302


def test_a_cookie_copied_before_a_password_change_is_refused_after(app, client, world):
    sign_in(client, "editor.a@example.org")
    thief = _copy_cookie(app, client)

    post_form(
        client,
        "/manage/password",
        {"current": PASSWORD, "new": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )

    assert thief.get("/manage/").status_code == 302
    assert client.get("/manage/").status_code == 200


def test_disabling_an_account_ends_its_sessions_even_if_it_is_enabled_again(app, client, world):
    sign_in(client, "editor.a@example.org")
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    token = csrf_token(admin, "/manage/users")

    admin.post(f"/manage/users/{world.editor_a.id}/disable", data={"csrf_token": token})
    admin.post(f"/manage/users/{world.editor_a.id}/enable", data={"csrf_token": token})

    assert client.get("/manage/").status_code == 302
    assert sign_in(client, "editor.a@example.org").status_code == 302
    assert client.get("/manage/").status_code == 200


def test_a_session_ends_eight_hours_after_signing_in_however_active(
    client, world, monkeypatch: pytest.MonkeyPatch
):
    start = datetime.now(UTC)
    clock = [start]
    monkeypatch.setattr(signed_in, "_now", lambda: clock[0])
    sign_in(client, "editor.a@example.org")

    while clock[0] < start + timedelta(hours=7, minutes=55):
        clock[0] += timedelta(minutes=5)
        assert client.get("/manage/").status_code == 200, clock[0] - start

    clock[0] = start + timedelta(hours=8, minutes=1)
    assert client.get("/manage/").status_code == 302


def test_the_app_session_lifetime_also_ends_sessions_on_the_server(
    app, client, world, monkeypatch: pytest.MonkeyPatch
):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=2)
    start = datetime.now(UTC)
    clock = [start]
    monkeypatch.setattr(signed_in, "_now", lambda: clock[0])

    sign_in(client, "editor.a@example.org")
    cookie_ends = client.get_cookie(COOKIE).expires
    clock[0] = start + timedelta(hours=1, minutes=59)
    assert client.get("/manage/").status_code == 200
    clock[0] = start + timedelta(hours=2, minutes=1)
    assert client.get("/manage/").status_code == 302
    assert abs(cookie_ends.replace(tzinfo=UTC) - (start + timedelta(hours=2))) < timedelta(
        minutes=1
    )


def test_sessions_last_a_working_day_by_default(app):
    assert app.permanent_session_lifetime == signed_in.SESSION_MAX_AGE == timedelta(hours=8)
