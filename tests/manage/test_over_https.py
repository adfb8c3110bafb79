"""Every form works over HTTPS behind a trusted TLS proxy, and a cross-site post is still refused.

The site checks, over HTTPS, that a form post's Referer is this site (Flask-WTF's strict
check). A browser sends a Referer only if the page's Referrer-Policy lets it, so these tests
post the way a browser would: the Referer is the page the form was on, or nothing, as that
page's own Referrer-Policy header decides.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest
from sqlalchemy import select

from directory.models import (
    AccountStatus,
    ChangeRequest,
    ChangeStatus,
    ProblemReport,
    Service,
    User,
)
from tests.manage.conftest import PASSWORD, csrf_token, post_form, sign_in

ORIGIN = "https://localhost"
# What the TLS-terminating proxy adds to every request it passes on.
FROM_PROXY = {"X-Forwarded-Proto": "https"}
# Policies under which a browser sends the full page address to the same origin.
_FULL_URL_TO_SAME_ORIGIN = {
    "same-origin",
    "strict-origin-when-cross-origin",
    "origin-when-cross-origin",
    "no-referrer-when-downgrade",
    "unsafe-url",
}
_ORIGIN_ONLY = {"origin", "strict-origin"}


@pytest.fixture(autouse=True)
def behind_a_tls_proxy(monkeypatch):
    """Runs before the app is built, so the app trusts one proxy's X-Forwarded-* headers."""
    monkeypatch.setenv("DIRECTORY_TRUSTED_PROXIES", "1")


class HttpsBrowser:
    """A test client that behaves like a browser on https://localhost behind the proxy.

    It remembers the last page it was shown and that page's Referrer-Policy, and sends the
    Referer that policy allows when it posts a form from the page. It has the test client's
    `get` and `post`, so the manage tests' helpers (`sign_in`, `post_form`) drive it unchanged.
    """

    def __init__(self, client):
        self.client = client
        self.page: str | None = None
        self.policy = ""

    def _seen(self, url: str, response):
        self.page = urljoin(ORIGIN, url)
        self.policy = response.headers.get("Referrer-Policy", "")
        return response

    def referer(self) -> str | None:
        if self.page is None or self.policy == "no-referrer":
            return None
        # Forms here post to this site, so "cross-origin" rules never apply.
        if self.policy in _ORIGIN_ONLY:
            return ORIGIN + "/"
        return self.page if self.policy in _FULL_URL_TO_SAME_ORIGIN else None

    def get(self, url: str, **kwargs):
        return self._seen(url, self.client.get(url, headers=FROM_PROXY, **kwargs))

    def post(self, url: str, *, referer: str | None = "", **kwargs):
        headers = dict(FROM_PROXY)
        sent = self.referer() if referer == "" else referer
        if sent:
            headers["Referer"] = sent
        return self._seen(url, self.client.post(url, headers=headers, **kwargs))


def _new_browser(app) -> HttpsBrowser:
    return HttpsBrowser(app.test_client())


@pytest.fixture
def browser(app) -> HttpsBrowser:
    return _new_browser(app)


def test_the_proxy_setting_makes_requests_https(browser, world):
    response = browser.get("/manage/sign-in")

    assert "Strict-Transport-Security" in response.headers


def test_signing_in_over_https_works(browser, world):
    response = sign_in(browser, "editor.a@example.org")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/")
    assert browser.get("/manage/").status_code == 200


def test_signing_out_over_https_works(browser, world):
    sign_in(browser, "editor.a@example.org")

    response = browser.post(
        "/manage/sign-out", data={"csrf_token": csrf_token(browser, "/manage/")}
    )

    assert response.status_code == 302
    assert browser.get("/manage/").status_code == 302


def test_requesting_access_over_https_works(browser, session, world):
    response = post_form(
        browser,
        "/manage/request-access",
        {
            "name": "Nia New",
            "email": "nia@example.org",
            "organisation": "Alder Peer Network",
            "password": "a long enough password",
            "confirm": "a long enough password",
        },
    )

    assert response.status_code == 200
    nia = session.scalar(select(User).where(User.email == "nia@example.org"))
    assert nia.status == AccountStatus.REQUESTED


def test_an_admin_approves_an_access_request_over_https(app, browser, session, world):
    session.get(User, world.editor_b.id).status = AccountStatus.REQUESTED
    session.commit()
    sign_in(browser, "admin@example.org")

    response = post_form(
        browser, f"/manage/users/{world.editor_b.id}/approve", {"organization": str(world.org_b.id)}
    )

    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, world.editor_b.id).status == AccountStatus.ACTIVE


def test_changing_a_password_over_https_works(browser, session, world):
    sign_in(browser, "editor.a@example.org")

    response = post_form(
        browser,
        "/manage/password",
        {"current": PASSWORD, "new": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )

    assert response.status_code == 302
    elsewhere = _new_browser(browser.client.application)
    again = sign_in(elsewhere, "editor.a@example.org", "a brand new passphrase")
    assert again.status_code == 302


def _details(world) -> str:
    return f"/manage/services/{world.service_a.id}/details"


def test_an_editor_sends_a_section_edit_for_review_over_https(browser, session, world):
    sign_in(browser, "editor.a@example.org")

    response = post_form(browser, _details(world), {"name": "Alder voices café"})

    assert response.status_code == 302
    change = session.scalar(select(ChangeRequest))
    assert (change.status, change.after["name"]) == (ChangeStatus.PENDING, "Alder voices café")


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        ({"decision": "approve"}, ChangeStatus.APPROVED),
        ({"decision": "reject", "reason": "Not your service"}, ChangeStatus.REJECTED),
    ],
)
def test_an_admin_approves_or_rejects_a_change_over_https(
    app, browser, session, world, decision, status
):
    sign_in(browser, "editor.a@example.org")
    post_form(browser, _details(world), {"name": "Alder voices café"})
    change = session.scalar(select(ChangeRequest))
    admin = _new_browser(app)
    sign_in(admin, "admin@example.org")

    response = post_form(admin, f"/manage/reviews/{change.id}", decision)

    assert response.status_code == 302
    session.expire_all()
    assert session.get(ChangeRequest, change.id).status == status


def test_still_correct_over_https_works(browser, session, world):
    sign_in(browser, "editor.a@example.org")
    listing = f"/manage/services/{world.service_a.id}"

    response = browser.post(
        f"{listing}/still-correct", data={"csrf_token": csrf_token(browser, listing)}
    )

    assert response.status_code == 302
    session.expire_all()
    assert session.get(Service, world.service_a.id).assured_date == datetime.now(UTC).date()


def _report(browser, world):
    return post_form(
        browser,
        f"/services/{world.service_a.id}/report",
        {"kind": "closed", "details": "The door was locked"},
    )


def test_the_public_reports_a_problem_over_https(browser, session, world):
    response = _report(browser, world)

    assert response.status_code == 200
    assert session.scalar(select(ProblemReport.details)) == "The door was locked"


def test_an_editor_resolves_a_report_over_https(app, browser, session, world):
    _report(_new_browser(app), world)
    report = session.scalar(select(ProblemReport))
    assert report is not None
    sign_in(browser, "editor.a@example.org")

    response = post_form(
        browser, f"/manage/reports/{report.id}", {"outcome": "no change needed", "note": "Checked"}
    )

    assert response.status_code == 302
    session.expire_all()
    assert session.get(ProblemReport, report.id).resolved_at is not None


@pytest.mark.parametrize(
    "referer", [None, "https://evil.example/manage/sign-in", "http://localhost/manage/sign-in"]
)
def test_a_post_from_another_site_or_with_no_referer_is_refused_over_https(browser, world, referer):
    token = csrf_token(browser, "/manage/sign-in")

    response = browser.post(
        "/manage/sign-in",
        data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token},
        referer=referer,
    )

    assert response.status_code == 400
    assert browser.get("/manage/").status_code == 302
