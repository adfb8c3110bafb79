"""'Still correct' in one click, the due-for-checking list, and problem reports from the public."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from directory.models import AuditEntry, ProblemReport, Service, Verification
from tests.helpers import assert_govuk_page
from tests.manage.conftest import csrf_token, form_fields, post_form, sign_in


def test_still_correct_records_who_checked_and_when(client, session, world):
    sign_in(client, "editor.a@example.org")
    listing = f"/manage/services/{world.service_a.id}"

    response = client.post(
        f"{listing}/still-correct", data={"csrf_token": csrf_token(client, listing)}
    )

    assert response.status_code == 302
    session.expire_all()
    service = session.get(Service, world.service_a.id)
    assert service.assured_date == datetime.now(UTC).date()
    # Who checked is in the verification and the history; HSDS's public assurer_email is not.
    assert service.assurer_email is None
    check = session.scalar(select(Verification).where(Verification.service_id == service.id))
    assert (check.method, check.verified_by) == ("provider", "Eddie Alder")
    assert session.scalar(select(AuditEntry.action)) == "verified"


def test_still_correct_never_publishes_the_editors_email(app, client, world):
    sign_in(client, "editor.a@example.org")
    listing = f"/manage/services/{world.service_a.id}"
    client.post(f"{listing}/still-correct", data={"csrf_token": csrf_token(client, listing)})

    public = app.test_client()
    record = public.get(f"/api/services/{world.service_a.id}").json
    package = public.get("/api/export/services.json").get_data(as_text=True)

    assert record["assured_date"] == datetime.now(UTC).date().isoformat()
    assert "assurer_email" not in record
    assert "editor.a@example.org" not in package
    assert "Last checked" in client.get(listing).get_data(as_text=True)


def test_listings_unchecked_for_six_months_are_due(client, session, world):
    session.get(Service, world.service_a.id).assured_date = date(2020, 1, 1)
    session.commit()
    sign_in(client, "admin@example.org")

    soup = assert_govuk_page(client.get("/manage/checks"))

    text = soup.get_text()
    assert "Alder hearing voices group" in text and "1 January 2020" in text
    assert "Birch advocacy service" not in text


def test_an_editor_sees_only_their_own_listings_due(client, session, world):
    for service in (world.service_a, world.service_b):
        session.get(Service, service.id).assured_date = None
    session.commit()
    sign_in(client, "editor.b@example.org")

    text = assert_govuk_page(client.get("/manage/checks")).get_text()

    assert "Birch advocacy service" in text and "Alder hearing voices group" not in text


def _report(client, service, kind="details_wrong", details=""):
    url = f"/services/{service.id}/report"
    return client.post(
        url, data={"csrf_token": csrf_token(client, url), "kind": kind, "details": details}
    )


def test_anyone_can_report_a_problem_without_giving_personal_details(client, session, world):
    form = assert_govuk_page(client.get(f"/services/{world.service_a.id}/report"))
    assert not form.find("input", attrs={"type": "email"})

    response = _report(client, world.service_a, "closed", "The door was locked")

    assert_govuk_page(response)
    report = session.scalar(select(ProblemReport))
    assert (report.kind, report.details) == ("closed", "The door was locked")


def test_a_listing_with_an_open_report_says_it_is_being_checked(client, world):
    _report(client, world.service_a)

    text = assert_govuk_page(client.get(f"/services/{world.service_a.id}")).get_text()

    assert "Someone reported that this listing may be out of date on" in text
    assert "It is being checked" in text


def test_a_report_must_say_what_is_wrong(client, session, world):
    response = _report(client, world.service_a, kind="")

    assert "Choose what is wrong" in assert_govuk_page(response, status=400).get_text()
    assert session.scalar(select(ProblemReport)) is None


def test_reports_without_a_csrf_token_are_refused(client, session, world):
    response = client.post(f"/services/{world.service_a.id}/report", data={"kind": "other"})

    assert response.status_code == 400
    assert session.scalar(select(ProblemReport)) is None


def test_problem_reports_are_rate_limited(client, session, world):
    for _ in range(5):
        assert _report(client, world.service_a).status_code == 200

    response = _report(client, world.service_a)

    assert_govuk_page(response, status=429)
    assert len(session.scalars(select(ProblemReport)).all()) == 5


def test_resolving_a_report_records_the_outcome_and_clears_the_notice(app, client, session, world):
    _report(client, world.service_a)
    report = session.scalar(select(ProblemReport))
    editor = app.test_client()
    sign_in(editor, "editor.a@example.org")
    assert "Alder hearing voices group" in editor.get("/manage/reports").get_data(as_text=True)

    post_form(
        editor, f"/manage/reports/{report.id}", {"outcome": "corrected", "note": "New number"}
    )

    session.expire_all()
    report = session.get(ProblemReport, report.id)
    assert (report.outcome, report.outcome_note) == ("corrected", "New number")
    assert report.resolved_by_id == world.editor_a.id
    page = client.get(f"/services/{world.service_a.id}").get_data(as_text=True)
    assert "being checked" not in page


def test_an_editor_cannot_resolve_another_organisations_report(app, client, session, world):
    _report(client, world.service_b)
    report = session.scalar(select(ProblemReport))
    editor = app.test_client()
    sign_in(editor, "editor.a@example.org")

    assert editor.get(f"/manage/reports/{report.id}").status_code == 403
    fields = form_fields(editor.get("/manage/password").get_data(as_text=True))
    fields["outcome"] = "no change needed"
    assert editor.post(f"/manage/reports/{report.id}", data=fields).status_code == 403
    assert "Birch" not in editor.get("/manage/reports").get_data(as_text=True)


def test_a_stale_listing_loses_its_public_warning_once_confirmed(app, client, session, world):
    service = session.get(Service, world.service_a.id)
    service.is_example = False
    session.commit()
    public = app.test_client()
    assert "not been checked" in public.get(f"/services/{service.id}").get_data(as_text=True)
    sign_in(client, "admin@example.org")
    listing = f"/manage/services/{service.id}"

    client.post(f"{listing}/still-correct", data={"csrf_token": csrf_token(client, listing)})

    page = public.get(f"/services/{service.id}").get_data(as_text=True)
    assert "Confirmed by the Waymark directory team on" in page
    assert "has not been checked for over 12 months" not in page


def test_still_correct_never_sends_you_to_another_site(client, world):
    sign_in(client, "admin@example.org")
    listing = f"/manage/services/{world.service_a.id}"

    response = client.post(
        f"{listing}/still-correct",
        data={"csrf_token": csrf_token(client, listing), "back": "https://evil.example/"},
    )

    assert "evil.example" not in response.headers["Location"]


def test_commissioners_see_listings_with_open_reports(client, world):
    _report(client, world.service_a)
    _report(client, world.service_a, "closed")

    page = assert_govuk_page(client.get("/gaps/stale"))
    table = page.find("table", id="reported-table")
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        for tr in table.tbody.find_all("tr")
    ]
    assert rows == [["Alder Peer Network", "Alder hearing voices group", "Leeds", "2",
                     datetime.now(UTC).date().isoformat()]]  # fmt: skip
    csv = client.get("/gaps/reported.csv").get_data(as_text=True).splitlines()
    assert csv[1].split(",")[1:4] == ["Alder hearing voices group", "Leeds", "2"]
    council = client.get("/gaps/areas/E08000035").get_data(as_text=True)
    assert "2 open reports since" in council


def test_a_resolved_report_leaves_the_commissioner_list(app, client, session, world):
    _report(client, world.service_a)
    report = session.scalar(select(ProblemReport))
    editor = app.test_client()
    sign_in(editor, "editor.a@example.org")
    post_form(editor, f"/manage/reports/{report.id}", {"outcome": "no change needed"})

    page = assert_govuk_page(client.get("/gaps/stale"))

    table = page.find("table", id="reported-table")
    assert "Alder hearing voices group" not in table.get_text()
    assert "Nothing to show yet" in table.get_text()
