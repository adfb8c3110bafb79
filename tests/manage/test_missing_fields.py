"""A browser (or a script) that leaves a form field out gets a form error, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from directory.models import AuditEntry, ChangeRequest, ProblemReport
from tests.manage.conftest import form_fields, post_form, sign_in


def _form_urls(world) -> dict[str, tuple[str, dict]]:
    """Each editor form, and what makes it valid apart from the field left out."""
    service = f"/manage/services/{world.service_a.id}"
    return {
        "organisation": (f"/manage/organisations/{world.org_a.id}/edit", {}),
        "new service": (
            f"/manage/organisations/{world.org_a.id}/services/new",
            {
                "name": "Alder drop-in",
                "description": "A drop-in.",
                "categories": ["peer_support_group"],
            },
        ),
        "details": (f"{service}/details", {}),
        "contact": (
            f"{service}/contact",
            {
                "url": "https://www.example.org",
                "email": "help@example.org",
                "phone_1": "0113 496 0000",
                "phone_1_description": "Helpline",
                "contact_name": "Jo",
                "contact_email": "jo@example.org",
            },
        ),
        "hours": (f"{service}/hours", {"MO": "09:00-17:00", "note": "Closed at Easter"}),
        "areas": (f"{service}/areas", {"areas": "Leeds"}),
        "location": (
            f"{service}/locations/new",
            {
                "name": "The hall",
                "address_1": "1 Example Street",
                "address_2": "Hyde Park",
                "city": "Leeds",
                "postcode": "LS6 1AN",
                "accessibility": "Step-free",
                "transportation": "Bus 56",
                "confidential": "y",
            },
        ),
        "route": (
            f"{service}/routes/new",
            {
                "to_service": str(world.service_b.id),
                "kind": "refer",
                "criteria": "Adults",
                "notes": "Call first",
                "consent": "",
                "self_referral": "y",
            },
        ),
    }


@pytest.mark.parametrize(
    "form",
    ["organisation", "new service", "details", "contact", "hours", "areas", "location", "route"],
)
def test_a_form_with_any_field_left_out_is_never_a_server_error(client, session, world, form):
    sign_in(client, "editor.a@example.org")
    url, valid = _form_urls(world)[form]
    fields = form_fields(client.get(url).get_data(as_text=True))
    for name, value in valid.items():
        fields.setlist(name, value if isinstance(value, list) else [value])

    failures = []
    for name in [n for n in fields if n != "csrf_token"]:
        sent = fields.copy()
        sent.poplist(name)
        response = client.post(url, data=sent)
        if response.status_code >= 500:
            failures.append(name)
        # Leave nothing waiting, so the next post reaches the same code.
        session.execute(delete(AuditEntry))
        session.execute(delete(ChangeRequest))
        session.commit()

    assert failures == []


def test_review_and_report_forms_with_a_field_left_out_are_never_a_server_error(
    app, client, session, world
):
    sign_in(client, "editor.a@example.org")
    post_form(client, f"/manage/services/{world.service_a.id}/details", {"name": "New name"})
    change = session.scalar(select(ChangeRequest))
    public = app.test_client()
    post_form(public, f"/services/{world.service_a.id}/report", {"kind": "closed"})
    report = session.scalar(select(ProblemReport))
    admin = app.test_client()
    sign_in(admin, "admin@example.org")

    for url, data in [
        (f"/manage/reviews/{change.id}", {"decision": "reject"}),
        (f"/manage/reviews/{change.id}", {"reason": "No"}),
        (f"/manage/reports/{report.id}", {"note": "Done"}),
        (f"/manage/reports/{report.id}", {"outcome": "corrected"}),
    ]:
        fields = form_fields(admin.get(url).get_data(as_text=True))
        sent = {"csrf_token": fields["csrf_token"], **data}
        assert admin.post(url, data=sent).status_code < 500, (url, data)
    fields = form_fields(
        public.get(f"/services/{world.service_a.id}/report").get_data(as_text=True)
    )
    sent = {"csrf_token": fields["csrf_token"], "kind": "closed"}
    assert public.post(f"/services/{world.service_a.id}/report", data=sent).status_code < 500
