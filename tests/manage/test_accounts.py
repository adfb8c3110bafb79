"""Signing in, lockout, access requests and who may reach which manage page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.accounts.passwords import MIN_LENGTH
from directory.models import AccountStatus, Role, User
from tests.helpers import assert_govuk_page
from tests.manage.conftest import PASSWORD, csrf_token, post_form, request_access, sign_in


def test_an_editor_signs_in_with_the_right_password(client, world):
    response = sign_in(client, "editor.a@example.org")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/")
    assert "Alder hearing voices group" in client.get("/manage/").get_data(as_text=True)


def test_a_wrong_password_gets_one_message_for_every_mistake(client, world):
    wrong = sign_in(client, "editor.a@example.org", "not the password")
    unknown = sign_in(client, "nobody@example.org", "not the password")

    for response in (wrong, unknown):
        soup = assert_govuk_page(response)
        assert "Enter a correct email address and password" in soup.get_text()


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, world):
    for _ in range(5):
        sign_in(client, "editor.a@example.org", "guess")

    response = sign_in(client, "editor.a@example.org", PASSWORD)

    assert response.status_code == 429
    assert "paused for 15 minutes" in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_unknown_emails_lock_the_same_way_so_nobody_learns_who_has_an_account(client, world):
    for _ in range(5):
        sign_in(client, "nobody@example.org", "guess")

    response = sign_in(client, "nobody@example.org", "guess")

    assert response.status_code == 429
    assert "paused for 15 minutes" in response.get_data(as_text=True)


def test_signing_in_without_a_csrf_token_is_refused(client, world):
    response = client.post(
        "/manage/sign-in", data={"email": "admin@example.org", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert client.get("/manage/").status_code == 302


def test_a_request_for_access_cannot_sign_in_until_an_admin_approves_it(client, world, session):
    request_access(client, "nia@example.org")

    waiting = sign_in(client, "nia@example.org", "a long enough password")
    assert "waiting for an administrator" in waiting.get_data(as_text=True)

    admin = client.application.test_client()
    sign_in(admin, "admin@example.org")
    nia = session.scalar(select(User).where(User.email == "nia@example.org"))
    post_form(admin, f"/manage/users/{nia.id}/approve", {"organization": str(world.org_a.id)})

    assert sign_in(client, "nia@example.org", "a long enough password").status_code == 302
    assert "Alder hearing voices group" in client.get("/manage/").get_data(as_text=True)


def test_changing_the_password_signs_out_other_sessions(app, world):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "editor.a@example.org")
    sign_in(phone, "editor.a@example.org")

    post_form(
        laptop,
        "/manage/password",
        {"current": PASSWORD, "new": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )

    assert laptop.get("/manage/").status_code == 200
    assert phone.get("/manage/").status_code == 302


def test_signing_in_never_sends_you_to_another_site(client, world):
    token = csrf_token(client, "/manage/sign-in")
    response = client.post(
        "/manage/sign-in?next=//evil.example/x",
        data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token},
    )

    assert response.headers["Location"].endswith("/manage/")


def _manage_urls(app, world) -> list[str]:
    ids = {
        "organization_id": world.org_a.id,
        "service_id": world.service_a.id,
        "user_id": world.editor_a.id,
        "change_id": world.service_a.id,
        "report_id": world.service_a.id,
        "location_id": world.service_a.id,
        "route_id": world.service_a.id,
        "item_id": world.service_a.id,
        "section": "details",
        "kind": "locations",
        "change": "disable",
    }
    urls = []
    open_pages = {"accounts.sign_in", "accounts.request_access", "accounts.sign_out"}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/manage") and rule.endpoint not in open_pages:
            urls.append(rule.build({k: v for k, v in ids.items() if k in rule.arguments})[1])
    return sorted(set(urls))


def test_anonymous_visitors_reach_no_manage_page(app, client, world):
    urls = _manage_urls(app, world)
    assert len(urls) > 15

    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "/manage/sign-in" in response.headers["Location"], url


@pytest.mark.parametrize("url", ["/manage/reviews", "/manage/users", "/manage/users/new"])
def test_editors_cannot_reach_admin_pages(client, world, url):
    sign_in(client, "editor.a@example.org")

    assert_govuk_page(client.get(url), status=403)


def test_create_admin_bootstraps_the_first_account(app, session):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "First@Example.org",
            "--name",
            "First Admin",
            "--password",
            PASSWORD,
        ]
    )

    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "first@example.org"))
    assert user.role == Role.ADMIN and user.status == AccountStatus.ACTIVE
    assert user.password_hash.startswith("scrypt:")


def test_create_admin_refuses_a_short_password(app, session):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--password",
            "short",
        ]
    )

    assert result.exit_code != 0
    assert "12 characters" in result.output
    assert session.scalar(select(User)) is None


def test_create_admin_help_states_the_password_rule(app):
    result = app.test_cli_runner().invoke(args=["users", "create-admin", "--help"])

    help_text = " ".join(result.output.split())
    assert f"{MIN_LENGTH} characters or more and not easy to guess" in help_text
    assert "common password" in help_text


def test_create_admin_refuses_hidden_characters_in_the_name(app, session):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "a@example.org",
            "--name",
            "Ada \u202eAdmin",
            "--password",
            PASSWORD,
        ]
    )

    assert result.exit_code != 0
    assert "hidden characters" in result.output
    assert session.scalar(select(User)) is None
