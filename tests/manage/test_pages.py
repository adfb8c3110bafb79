"""Every manage page is a well-formed GOV.UK page for the people allowed to see it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import ChangeRequest, ProblemReport, User
from tests.helpers import assert_govuk_page
from tests.manage.conftest import csrf_token, post_form, sign_in


@pytest.fixture
def busy(app, client, session, world):
    """A pending change, an open problem report and an access request to look at."""
    editor = app.test_client()
    sign_in(editor, "editor.a@example.org")
    post_form(editor, f"/manage/services/{world.service_a.id}/details", {"name": "Renamed"})
    url = f"/services/{world.service_a.id}/report"
    client.post(url, data={"csrf_token": csrf_token(client, url), "kind": "other"})
    session.add(User(email="new@example.org", name="New Person", password_hash="x",
                     role="editor", status="requested"))  # fmt: skip
    session.commit()
    return {
        "change": session.scalar(select(ChangeRequest)).id,
        "report": session.scalar(select(ProblemReport)).id,
        "user": session.scalar(select(User).where(User.status == "requested")).id,
    }


def _admin_pages(world, busy) -> list[str]:
    service, org = world.service_a.id, world.org_a.id
    return [
        "/manage/",
        f"/manage/organisations/{org}",
        f"/manage/organisations/{org}/edit",
        f"/manage/organisations/{org}/services/new",
        f"/manage/services/{service}",
        f"/manage/services/{service}/details",
        f"/manage/services/{service}/contact",
        f"/manage/services/{service}/hours",
        f"/manage/services/{service}/areas",
        f"/manage/services/{service}/locations/new",
        f"/manage/services/{service}/routes/new",
        f"/manage/services/{service}/history",
        "/manage/reviews",
        f"/manage/reviews/{busy['change']}",
        "/manage/checks",
        "/manage/reports",
        f"/manage/reports/{busy['report']}",
        "/manage/users",
        "/manage/users/new",
        f"/manage/users/{busy['user']}/approve",
        "/manage/password",
    ]


def test_every_admin_page_is_a_govuk_page(app, world, busy):
    admin = app.test_client()
    sign_in(admin, "admin@example.org")

    for page in _admin_pages(world, busy):
        soup = assert_govuk_page(admin.get(page))
        assert soup.select_one("nav.waymark-manage-nav"), page


def test_public_report_pages_are_govuk_pages(client, world):
    assert_govuk_page(client.get(f"/services/{world.service_a.id}/report"))
    assert_govuk_page(client.get("/manage/sign-in"))
    assert_govuk_page(client.get("/manage/request-access"))


def _kept(response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "")


def test_no_manage_or_account_page_is_kept_by_a_browser_or_a_cache(app, client, world, busy):
    admin = app.test_client()
    signing_in = sign_in(admin, "admin@example.org")
    responses = {page: admin.get(page) for page in _admin_pages(world, busy)}
    responses["sign-in answer"] = signing_in
    responses["no such listing"] = admin.get(
        "/manage/services/00000000-0000-0000-0000-000000000000"
    )
    responses["sign-in"] = client.get("/manage/sign-in")
    responses["request access"] = client.get("/manage/request-access")
    responses["refused"] = client.get("/manage/reviews")
    responses["signing out"] = admin.post("/manage/sign-out", data={})

    assert [name for name, response in responses.items() if _kept(response)] == []
    assert {r.status_code for r in responses.values()} >= {200, 302, 400, 404}


def test_public_pages_may_still_be_cached(client, world):
    assert _kept(client.get(f"/services/{world.service_a.id}"))
