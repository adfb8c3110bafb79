"""The forms work over real HTTPS, Chromium posting them: behind a TLS proxy that says so in
X-Forwarded-Proto (with the trusted-proxy setting), and with gunicorn serving TLS itself.

Over HTTPS the site refuses a form post whose Referer is not this site, so this is where a
Referrer-Policy that keeps browsers from sending one shows up: every post would answer 400.
The journeys leave nothing pending (the change is approved, the report resolved), so the
plain-HTTP journeys that share the database find it as they expect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DESKTOP,
    Traffic,
    open_context,
    sign_in,
)

EDITOR_PASSWORD = "a long passphrase sent over TLS"
# The editor each way of serving lets in, so the two runs of a journey never meet.
EDITORS = {"tls-proxy": "Tess Proxy", "gunicorn-tls": "Tess Gunicorn"}
# A listing the plain-HTTP journeys do not edit (they take the first result).
LISTING = ".waymark-result h3 a >> nth=1"


@contextmanager
def _https_page(browser, https_server: str) -> Iterator[object]:
    # The server's certificate is the test's own, which no browser would know.
    traffic = Traffic()
    context = open_context(
        browser, https_server, traffic, viewport=DESKTOP, ignore_https_errors=True
    )
    yield context.new_page()
    context.close()
    assert not traffic.elsewhere, f"pages asked another host for: {traffic.elsewhere}"


@pytest.fixture
def person(browser, https_server: str) -> Iterator[object]:
    with _https_page(browser, https_server) as page:
        yield page


@pytest.fixture
def admin(browser, https_server: str) -> Iterator[object]:
    with _https_page(browser, https_server) as page:
        yield page


@pytest.fixture
def editor(request: pytest.FixtureRequest) -> tuple[str, str]:
    """The name and email of this run's new editor."""
    name = EDITORS[request.node.callspec.params["https_server"]]
    return name, name.lower().replace(" ", ".") + "@example.org"


def _open_listing(page) -> str:
    page.goto("/search?where=LS6+1AN")
    page.locator(LISTING).click()
    expect(page).to_have_url(re.compile(r"/services/"))
    return page.url


def test_the_site_is_served_over_https(person, https_server):
    response = person.goto("/")

    assert https_server.startswith("https://") and person.url.startswith("https://")
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_an_editor_is_let_in_and_their_change_approved_over_https(person, admin, editor):
    name, email = editor
    service_url = _open_listing(person)
    organisation = person.locator("main .govuk-caption-l").first.inner_text().strip()
    person.goto("/manage/request-access")
    person.get_by_label("Full name").fill(name)
    person.get_by_label("Work email address").fill(email)
    person.get_by_label("Organisation you work for").fill(organisation)
    person.get_by_label("Choose a password").fill(EDITOR_PASSWORD)
    person.get_by_label("Confirm password").fill(EDITOR_PASSWORD)
    person.get_by_role("button", name="Send request").click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Request sent")

    sign_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin.goto("/manage/users")
    admin.get_by_role("link", name=re.compile(name)).click()
    admin.get_by_label("Organisation this editor looks after").select_option(label=organisation)
    admin.get_by_role("button", name="Approve").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text(f"{name} can now edit")

    sign_in(person, email, EDITOR_PASSWORD)
    person.goto(service_url.replace("/services/", "/manage/services/") + "/details")
    edit = f"Edited over HTTPS, by {name}: open on Tuesdays."
    person.get_by_label("Description", exact=True).fill(edit)
    person.get_by_role("button", name="Send for review").click()
    expect(person.locator(".govuk-notification-banner")).to_contain_text("sent for review")
    person.get_by_role("button", name=re.compile("Sign out")).click()
    expect(person).to_have_url(re.compile(r"/manage/sign-in"))

    admin.goto("/manage/reviews")
    admin.locator("main tr", has_text=name).get_by_role("link", name="Review").click()
    expect(admin.locator("main")).to_contain_text(edit)
    admin.get_by_label("Approve and publish").check()
    admin.get_by_role("button", name="Confirm decision").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("approved and published")

    person.goto(service_url)
    expect(person.locator("main")).to_contain_text(edit)


def test_a_problem_report_is_sent_and_resolved_over_https(person, admin):
    _open_listing(person)
    listing = person.get_by_role("heading", level=1).inner_text().strip()
    person.get_by_role("link", name="Report a problem with this listing").click()
    person.get_by_label(re.compile("phone|details", re.I)).first.check()
    person.get_by_label(re.compile("tell us", re.I)).fill("Sent over HTTPS: wrong number.")
    person.get_by_role("button", name=re.compile("Send", re.I)).click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Report sent")

    sign_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin.goto("/manage/reports")
    row = admin.locator("main tr", has_text=listing)
    row.get_by_role("link", name=re.compile("^Resolve report")).first.click()
    expect(admin.locator("main")).to_contain_text("Sent over HTTPS: wrong number.")
    admin.get_by_label("Checked: no change needed").check()
    admin.get_by_role("button", name="Resolve report").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("resolved")
