"""Editing listings: pending until approved, audited, permissioned, and never overwritten."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from directory.models import (
    AuditEntry,
    ChangeRequest,
    ChangeStatus,
    Contact,
    Language,
    Location,
    Phone,
    Service,
)
from directory.searching import rebuild_search_index
from tests.helpers import assert_govuk_page
from tests.manage.conftest import form_fields, post_form, sign_in


def _details_url(service) -> str:
    return f"/manage/services/{service.id}/details"


def _approve(app, change_id) -> None:
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    response = post_form(admin, f"/manage/reviews/{change_id}", {"decision": "approve"})
    assert response.status_code == 302, response.get_data(as_text=True)


def _index(app, session) -> None:
    from directory.context import vocabulary

    with app.app_context():
        rebuild_search_index(session, Path(app.config["INDEX_DIR"]), vocabulary())


def test_an_editors_change_waits_for_review_and_is_not_public(app, client, session, world):
    _index(app, session)
    sign_in(client, "editor.a@example.org")

    response = post_form(client, _details_url(world.service_a), {"name": "Alder voices café"})

    assert response.status_code == 302
    public = app.test_client()
    page = public.get(f"/services/{world.service_a.id}").get_data(as_text=True)
    assert "Alder hearing voices group" in page and "Alder voices café" not in page
    found = public.get("/search", query_string={"q": "café"}).get_data(as_text=True)
    assert "Alder voices café" not in found
    assert public.get(f"/api/services/{world.service_a.id}").json["name"] == (
        "Alder hearing voices group"
    )
    change = session.scalar(select(ChangeRequest))
    assert change.status == ChangeStatus.PENDING
    assert change.before["name"] == "Alder hearing voices group"
    assert change.after["name"] == "Alder voices café"


def test_an_approved_change_is_public_and_searchable(app, client, session, world):
    _index(app, session)
    sign_in(client, "editor.a@example.org")
    post_form(client, _details_url(world.service_a), {"name": "Alder voices café"})
    change = session.scalar(select(ChangeRequest))

    _approve(app, change.id)

    public = app.test_client()
    assert "Alder voices café" in public.get(f"/services/{world.service_a.id}").get_data(
        as_text=True
    )
    found = public.get("/search", query_string={"q": "café"}).get_data(as_text=True)
    assert "Alder voices café" in found


def test_the_audit_history_records_who_and_the_values_before_and_after(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    post_form(client, _details_url(world.service_a), {"eligibility_description": "Adults in Leeds"})
    _approve(app, session.scalar(select(ChangeRequest)).id)

    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.at)).all()
    assert [e.action for e in entries] == ["submitted", "approved"]
    assert entries[0].actor_label == "Eddie Alder <editor.a@example.org>"
    assert entries[1].actor_label == "Ada Admin <admin@example.org>"
    assert entries[1].before["eligibility_description"] == ""
    assert entries[1].after["eligibility_description"] == "Adults in Leeds"
    page = client.get(f"/manage/services/{world.service_a.id}/history")
    soup = assert_govuk_page(page)
    assert "Adults in Leeds" in soup.get_text()


def test_an_editor_cannot_open_or_change_another_organisations_listing(client, session, world):
    sign_in(client, "editor.a@example.org")
    url = _details_url(world.service_b)

    assert_govuk_page(client.get(url), status=403)
    assert client.get(f"/manage/services/{world.service_b.id}").status_code == 403
    fields = form_fields(client.get(_details_url(world.service_a)).get_data(as_text=True))
    fields["name"] = "Taken over"
    assert client.post(url, data=fields).status_code == 403
    assert session.scalar(select(ChangeRequest)) is None


def test_an_editor_cannot_approve_a_change(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    post_form(client, _details_url(world.service_a), {"name": "Self-approved"})
    change = session.scalar(select(ChangeRequest))

    assert client.get(f"/manage/reviews/{change.id}").status_code == 403
    session.expire_all()
    assert session.get(Service, world.service_a.id).name == "Alder hearing voices group"


def test_the_second_of_two_concurrent_saves_is_refused(app, session, world):
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin@example.org")
    sign_in(second, "admin@example.org")
    url = _details_url(world.service_a)
    stale_form = form_fields(second.get(url).get_data(as_text=True))

    assert post_form(first, url, {"name": "First save"}).status_code == 302
    stale_form["name"] = "Second save"
    response = second.post(url, data=stale_form)

    soup = assert_govuk_page(response, status=409)
    assert "changed by someone else" in soup.get_text()
    assert soup.find("input", attrs={"name": "name"})["value"] == "Second save"
    session.expire_all()
    assert session.get(Service, world.service_a.id).name == "First save"


def test_a_second_editor_change_to_the_same_part_waits_behind_the_first(app, session, world):
    first, second = app.test_client(), app.test_client()
    sign_in(first, "editor.a@example.org")
    sign_in(second, "editor.a@example.org")
    url = _details_url(world.service_a)
    second_form = form_fields(second.get(url).get_data(as_text=True))

    post_form(first, url, {"name": "First"})
    second_form["name"] = "Second"
    response = second.post(url, data=second_form)

    assert "already waiting for review" in assert_govuk_page(response, status=409).get_text()
    assert len(session.scalars(select(ChangeRequest)).all()) == 1


def test_approval_is_refused_when_the_part_changed_since_the_edit(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    post_form(client, _details_url(world.service_a), {"name": "Editor's name"})
    change = session.scalar(select(ChangeRequest))
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    session.get(Service, world.service_a.id).description = "Changed by a data reload"
    session.commit()

    response = post_form(admin, f"/manage/reviews/{change.id}", {"decision": "approve"})

    assert "overwrite newer information" in assert_govuk_page(response, status=409).get_text()
    session.expire_all()
    assert session.get(Service, world.service_a.id).name == "Alder hearing voices group"


def test_a_rejected_change_records_the_reason_and_changes_nothing(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    post_form(client, _details_url(world.service_a), {"name": "Wrong"})
    change = session.scalar(select(ChangeRequest))
    admin = app.test_client()
    sign_in(admin, "admin@example.org")

    post_form(
        admin, f"/manage/reviews/{change.id}", {"decision": "reject", "reason": "Not your service"}
    )

    session.expire_all()
    assert session.get(ChangeRequest, change.id).review_reason == "Not your service"
    assert session.get(Service, world.service_a.id).name == "Alder hearing voices group"


def test_rejecting_needs_a_reason(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    post_form(client, _details_url(world.service_a), {"name": "Wrong"})
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    change = session.scalar(select(ChangeRequest))

    response = post_form(admin, f"/manage/reviews/{change.id}", {"decision": "reject"})

    assert "Say why" in assert_govuk_page(response, status=400).get_text()


def test_a_form_without_its_csrf_token_is_refused(client, session, world):
    sign_in(client, "admin@example.org")
    fields = form_fields(client.get(_details_url(world.service_a)).get_data(as_text=True))
    del fields["csrf_token"]
    fields["name"] = "No token"

    response = client.post(_details_url(world.service_a), data=fields)

    assert response.status_code == 400
    assert session.scalar(select(ChangeRequest)) is None


def test_phone_numbers_are_checked_and_written_the_usual_way(client, session, world):
    sign_in(client, "admin@example.org")
    url = f"/manage/services/{world.service_a.id}/contact"

    bad = post_form(client, url, {"phone_1": "12345"})
    assert "Enter a UK phone number" in assert_govuk_page(bad, status=400).get_text()

    post_form(
        client,
        url,
        {
            "phone_1": "+44 113 496 0000",
            "phone_1_type": "voice",
            "phone_2": "116123",
            "phone_2_type": "voice",
        },
    )
    session.expire_all()
    numbers = sorted(p.number for p in session.get(Service, world.service_a.id).phones)
    assert numbers == ["0113 496 0000", "116123"]


def _contact_url(service) -> str:
    return f"/manage/services/{service.id}/contact"


def test_a_number_kept_in_an_edit_keeps_its_location_extension_and_languages(
    client, session, world
):
    location = Location(name="Alder hall", latitude=53.82, longitude=-1.57)
    kept = Phone(number="0113 496 0000", type="voice", extension=12, location=location,
                 languages=[Language(name="Urdu", code="ur")])  # fmt: skip
    world.service_a.phones.extend([kept, Phone(number="0113 496 0001", type="voice")])
    session.commit()
    kept_id = kept.id
    sign_in(client, "admin@example.org")

    post_form(client, _contact_url(world.service_a), {
        "phone_1": "0113 496 0000", "phone_1_type": "textphone", "phone_2": "",
    })  # fmt: skip

    session.expire_all()
    (phone,) = session.get(Service, world.service_a.id).phones
    assert (phone.id, phone.type, phone.extension) == (kept_id, "textphone", 12)
    assert phone.location.name == "Alder hall"
    assert [language.code for language in phone.languages] == ["ur"]


def test_editing_the_named_contact_leaves_other_contacts_alone(client, session, world):
    world.service_a.contacts.extend([
        Contact(name="Intake team", email="intake@example.org"),
        Contact(name="Out of hours", title="Duty worker", email="duty@example.org"),
    ])  # fmt: skip
    session.commit()
    sign_in(client, "admin@example.org")

    post_form(client, _contact_url(world.service_a), {"contact_name": "Referrals team"})

    session.expire_all()
    contacts = {c.name: c for c in session.get(Service, world.service_a.id).contacts}
    assert set(contacts) == {"Referrals team", "Out of hours"}
    assert contacts["Referrals team"].email == "intake@example.org"
    assert contacts["Out of hours"].title == "Duty worker"


def test_web_addresses_must_be_http_links(client, world):
    sign_in(client, "admin@example.org")

    response = post_form(
        client, f"/manage/services/{world.service_a.id}/contact", {"url": "javascript:alert(1)"}
    )

    assert "Enter a web address" in assert_govuk_page(response, status=400).get_text()


def test_a_place_is_found_from_its_postcode_offline(client, session, world):
    sign_in(client, "admin@example.org")

    post_form(
        client,
        f"/manage/services/{world.service_a.id}/locations/new",
        {"address_1": "1 Example Street", "city": "Leeds", "postcode": "ls6 1an"},
    )

    location = session.scalar(select(Location))
    assert (location.latitude, location.longitude) == (53.8112, -1.5711)
    assert location.addresses[0].postal_code == "LS6 1AN"


def test_an_unknown_postcode_is_a_form_error(client, session, world):
    sign_in(client, "admin@example.org")

    response = post_form(
        client,
        f"/manage/services/{world.service_a.id}/locations/new",
        {"address_1": "1 Example Street", "city": "Leeds", "postcode": "ZZ99 9ZZ"},
    )

    assert_govuk_page(response, status=400)
    assert session.scalar(select(Location)) is None


def test_a_confidential_place_shows_no_address_or_map(app, client, session, world):
    sign_in(client, "admin@example.org")
    post_form(
        client,
        f"/manage/services/{world.service_a.id}/locations/new",
        {"address_1": "7 Hidden Row", "city": "Leeds", "postcode": "LS6 1AN", "confidential": "y"},
    )
    _index(app, session)

    public = app.test_client()
    page = public.get(f"/services/{world.service_a.id}").get_data(as_text=True)
    assert "7 Hidden Row" not in page and "LS6 1AN" not in page
    assert "The address is not shown" in page
    frame = public.get("/search/map", query_string={"where": "LS6"}).get_data(as_text=True)
    assert "53.8112" not in frame


def test_opening_hours_are_entered_day_by_day(client, session, world):
    sign_in(client, "admin@example.org")

    post_form(
        client,
        f"/manage/services/{world.service_a.id}/hours",
        {"MO": "9:00-17:00", "TU": "0900-1700", "SA": "10:00 to 12:00"},
    )

    session.expire_all()
    rules = sorted(
        (s.byday, f"{s.opens_at:%H:%M}") for s in session.get(Service, world.service_a.id).schedules
    )
    assert rules == [("MO,TU", "09:00"), ("SA", "10:00")]


def test_hours_that_are_not_times_are_a_form_error(client, world):
    sign_in(client, "admin@example.org")

    response = post_form(client, f"/manage/services/{world.service_a.id}/hours", {"WE": "mornings"})

    assert "like 09:00-17:00" in assert_govuk_page(response, status=400).get_text()


def test_areas_are_typed_by_name_and_checked(client, session, world):
    sign_in(client, "admin@example.org")
    url = f"/manage/services/{world.service_a.id}/areas"

    bad = post_form(client, url, {"areas": "Leeds\nAtlantis"})
    assert "Atlantis" in assert_govuk_page(bad, status=400).get_text()

    post_form(client, url, {"areas": "leeds\nWest Yorkshire"})
    session.expire_all()
    areas = sorted(
        (a.area_kind, a.area_code) for a in session.get(Service, world.service_a.id).service_areas
    )
    assert areas == [("local_authority", "E08000035"), ("police_force_area", "E23000010")]


def test_a_referral_route_is_added_by_pasting_the_other_services_address(
    app, client, session, world
):
    sign_in(client, "admin@example.org")

    post_form(
        client,
        f"/manage/services/{world.service_a.id}/routes/new",
        {
            "to_service": f"https://waymark.example.org/services/{world.service_b.id}",
            "kind": "refer",
            "criteria": "Adults only",
        },
    )

    page = app.test_client().get(f"/services/{world.service_a.id}").get_data(as_text=True)
    assert "Birch advocacy service" in page


def test_a_new_service_is_invisible_until_approved(app, client, session, world):
    sign_in(client, "editor.a@example.org")

    post_form(
        client,
        f"/manage/organisations/{world.org_a.id}/services/new",
        {
            "name": "Alder drop-in",
            "description": "A weekly drop-in.",
            "categories": ["peer_support_group"],
            "status": "active",
            "referral_route": "self",
        },
    )

    change = session.scalar(select(ChangeRequest))
    assert session.get(Service, change.service_id) is None
    _approve(app, change.id)
    session.expire_all()
    assert session.get(Service, change.service_id).name == "Alder drop-in"


def test_a_note_about_hours_alone_is_kept(client, session, world):
    sign_in(client, "admin@example.org")
    url = f"/manage/services/{world.service_a.id}/hours"

    post_form(client, url, {"note": "By appointment only"})

    assert "By appointment only" in client.get(url).get_data(as_text=True)


def test_two_new_places_can_wait_for_review_together(client, session, world):
    sign_in(client, "editor.a@example.org")
    url = f"/manage/services/{world.service_a.id}/locations/new"
    place = {"address_1": "1 Example Street", "city": "Leeds", "postcode": "LS6 1AN"}

    first = post_form(client, url, place)
    second = post_form(client, url, {**place, "address_1": "2 Example Street"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert len(session.scalars(select(ChangeRequest)).all()) == 2
