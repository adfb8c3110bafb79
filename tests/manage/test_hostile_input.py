"""What editors type is checked before anyone reviews it: plain emails (nothing a `mailto:`
link could turn into a copy to someone else), no hidden characters, and honest link hosts."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from directory.models import ChangeRequest, ProblemReport, Service
from tests.helpers import assert_govuk_page
from tests.manage.conftest import post_form, sign_in

BCC = "info?bcc=spy@evil.example.org"


@pytest.mark.parametrize(
    ("section", "field"),
    [("contact", "email"), ("contact", "contact_email"), ("organisation", "email")],
)
@pytest.mark.parametrize(
    "email", [BCC, "info@example.org?subject=hi", "a%3Fbcc%3Dspy@example.org", "a&b@example.org"]
)
def test_an_email_that_could_add_recipients_to_a_mailto_link_is_refused(
    client, session, world, section, field, email
):
    sign_in(client, "editor.a@example.org")
    url = (
        f"/manage/organisations/{world.org_a.id}/edit"
        if section == "organisation"
        else f"/manage/services/{world.service_a.id}/{section}"
    )

    response = post_form(client, url, {field: email})

    assert "Enter an email address" in assert_govuk_page(response, status=400).get_text()
    assert session.scalar(select(ChangeRequest)) is None


@pytest.mark.parametrize("email", ["info@example.org", "jo.o'neil+help@example.org"])
def test_a_plain_email_is_accepted(client, session, world, email):
    sign_in(client, "editor.a@example.org")

    response = post_form(client, f"/manage/services/{world.service_a.id}/contact", {"email": email})

    assert response.status_code == 302
    assert session.scalar(select(ChangeRequest)).after["email"] == email


def test_a_stored_email_with_a_query_is_never_made_a_mailto_link(app, session, world):
    service = session.get(Service, world.service_a.id)
    service.email = BCC
    session.commit()

    page = app.test_client().get(f"/services/{world.service_a.id}")

    soup = assert_govuk_page(page)
    assert not [a for a in soup.find_all("a") if "bcc" in (a.get("href") or "")]
    service.email = "help@example.org"
    session.commit()
    soup = assert_govuk_page(app.test_client().get(f"/services/{world.service_a.id}"))
    assert soup.find("a", href="mailto:help@example.org") is not None


HIDDEN = {
    "right-to-left override": "\u202e",
    "zero-width space": "\u200b",
    "NUL": "\x00",
    "left-to-right isolate": "\u2066",
}


def _refusal(response, hidden: str) -> str:
    """The refusal page's text (a page echoing a control back cannot be well-formed HTML)."""
    if unicodedata.category(hidden) == "Cc":
        assert response.status_code == 400
        return response.get_data(as_text=True)
    return assert_govuk_page(response, status=400).get_text()


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize(
    ("section", "field", "value"),
    [
        ("details", "name", "Alder {} group"),
        ("contact", "url", "https://www.example.org/{}gro.elgoog"),
        ("contact", "email", "help{}@example.org"),
        ("contact", "phone_1", "0113 496 0000{}"),
        ("contact", "contact_name", "Jo {}Bloggs"),
        ("hours", "MO", "09:00-17:00{}"),
    ],
)
def test_hidden_characters_are_refused_where_they_could_spoof(
    client, session, world, section, field, value, hidden
):
    sign_in(client, "editor.a@example.org")
    url = f"/manage/services/{world.service_a.id}/{section}"

    response = post_form(client, url, {field: value.format(hidden)})

    text = _refusal(response, hidden)
    if field != "MO":  # hours say what they should look like instead
        assert "hidden characters" in text
    assert session.scalar(select(ChangeRequest)) is None


@pytest.mark.parametrize("hidden", ["\x00", "\u202e", "\u2067", "\x1b"])
def test_long_text_refuses_nul_controls_and_direction_overrides(client, session, world, hidden):
    sign_in(client, "editor.a@example.org")
    url = f"/manage/services/{world.service_a.id}/details"

    response = post_form(client, url, {"description": f"We help{hidden} people."})

    assert "hidden characters" in _refusal(response, hidden)
    assert session.scalar(select(ChangeRequest)) is None


def test_long_text_keeps_new_lines_and_emoji_joiners(client, session, world):
    sign_in(client, "editor.a@example.org")
    description = "We help people.\r\nTuesdays\tand Thursdays \U0001f3f3\ufe0f\u200d\U0001f308"

    response = post_form(
        client, f"/manage/services/{world.service_a.id}/details", {"description": description}
    )

    assert response.status_code == 302
    assert "\u200d" in session.scalar(select(ChangeRequest)).after["description"]


def test_a_problem_report_refuses_hidden_characters(client, session, world):
    url = f"/services/{world.service_a.id}/report"

    response = post_form(client, url, {"kind": "details_wrong", "details": "Wrong\u202e number"})

    assert "hidden characters" in assert_govuk_page(response, status=400).get_text()
    assert session.scalar(select(ProblemReport)) is None


def test_the_review_screen_shows_the_host_a_link_really_goes_to(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    # Cyrillic letters that look like "apple.com".
    post_form(
        client,
        f"/manage/services/{world.service_a.id}/contact",
        {"url": "https://\u0430\u0440\u0440\u04cf\u0435.com/help"},
    )
    change = session.scalar(select(ChangeRequest))
    admin = app.test_client()
    sign_in(admin, "admin@example.org")

    page = assert_govuk_page(admin.get(f"/manage/reviews/{change.id}"))

    assert "goes to xn--80ak6aa92e.com" in page.get_text()
