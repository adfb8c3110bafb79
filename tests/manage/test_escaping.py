"""A listing's words are text, never markup, on every page that shows them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from directory.context import vocabulary
from directory.models import ChangeRequest, Location, Service
from directory.searching import rebuild_search_index
from tests.manage.conftest import post_form, sign_in

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_hostile_service_name_is_escaped_everywhere(app, client, session, world):
    sign_in(client, "editor.a@example.org")
    post_form(client, f"/manage/services/{world.service_a.id}/details", {"name": HOSTILE})
    change = session.scalar(select(ChangeRequest))
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    review = admin.get(f"/manage/reviews/{change.id}").get_data(as_text=True)
    post_form(admin, f"/manage/reviews/{change.id}", {"decision": "approve"})
    session.expire_all()
    service = session.get(Service, world.service_a.id)
    session.add(Location(latitude=53.81, longitude=-1.57, organization_id=service.organization_id))
    session.flush()
    location = session.scalar(select(Location))
    from directory.models import ServiceAtLocation

    session.add(ServiceAtLocation(service_id=service.id, location_id=location.id))
    session.commit()
    with app.app_context():
        rebuild_search_index(session, Path(app.config["INDEX_DIR"]), vocabulary())

    public = app.test_client()
    pages = {
        "review": review,
        "service": public.get(f"/services/{service.id}").get_data(as_text=True),
        "search": public.get("/search", query_string={"where": "LS6"}).get_data(as_text=True),
        "map": public.get("/search/map", query_string={"where": "LS6"}).get_data(as_text=True),
        "service map": public.get(f"/services/{service.id}/map").get_data(as_text=True),
        "listing": admin.get(f"/manage/services/{service.id}").get_data(as_text=True),
        "history": admin.get(f"/manage/services/{service.id}/history").get_data(as_text=True),
        "dashboard": admin.get("/manage/").get_data(as_text=True),
    }
    for name, body in pages.items():
        assert "<script>alert" not in body, name
        assert "<img src=x" not in body, name
    assert "&lt;script&gt;alert" in pages["service"]
    assert "alert" in pages["map"] and "alert" in pages["service map"]
