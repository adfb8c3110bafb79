"""Every response carries headers that keep it from loading or leaking anything off-site."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/categories", "/privacy", "/no-such-page"])
def test_pages_forbid_other_hosts_and_referrers(client, path):
    response = client.get(path)

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'self'" in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_only_in_production(client):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers


def test_hsts_is_sent_over_https(client):
    assert (
        "Strict-Transport-Security" in client.get("/privacy", base_url="https://localhost").headers
    )


def test_hsts_is_sent_behind_a_trusted_proxy_that_says_https(monkeypatch, tmp_path):
    from directory import create_app

    monkeypatch.setenv("DIRECTORY_TRUSTED_PROXIES", "1")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})

    response = app.test_client().get("/privacy", headers={"X-Forwarded-Proto": "https"})

    assert "Strict-Transport-Security" in response.headers


def test_an_untrusted_forwarded_header_is_ignored(client):
    response = client.get("/privacy", headers={"X-Forwarded-Proto": "https"})

    assert "Strict-Transport-Security" not in response.headers


PUBLIC_PAGES = [
    "/",
    "/categories",
    "/categories/peer_support_group",
    "/search?q=voices&where=Leeds",
    "/search?where=ZZ99",
    "/pathways",
    "/pathways/routes",
    "/gaps",
    "/gaps/coverage",
    "/gaps/stale",
    "/gaps/searches",
    "/privacy",
    "/cookies",
    "/accessibility",
    "/data-sources",
    "/manage/sign-in",
    "/manage/request-access",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_type_has_a_policy_without_other_hosts(loaded_client, path):
    response = loaded_client.get(path)

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "http" not in policy and "*" not in policy


@pytest.mark.parametrize(
    "path",
    [
        "/search/map?where=Leeds&radius=25",
        "/pathways/something-hateful-happened/map?near=Leeds",
        "/gaps/coverage/map",
    ],
)
def test_map_frames_allow_only_this_site_and_their_own_scripts(loaded_client, path):
    response = loaded_client.get(path)

    assert response.status_code == 200, path
    policy = response.headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert "unsafe-inline" not in script_src and "'sha256-" in script_src
    assert "http" not in policy and "*" not in policy
    assert "/tiles/{z}/{x}/{y}.png" in response.get_data(as_text=True)


def test_the_map_policy_allows_exactly_the_scripts_the_map_builder_hashed():
    from directory.security import map_policy

    policy = map_policy(["sha256-AAAA", "sha256-BBBB"])

    assert "script-src 'self' 'sha256-AAAA' 'sha256-BBBB';" in policy


# A listing's name may hold anything an editor typed. Whatever reaches a map frame, its policy
# allows only the scripts the site wrote: never a script that carries the name.
HOSTILE_NAMES = [
    '</script><script>alert("wm-injected")</script>',
    'Group"];alert("wm-injected");//',
    "Group'+alert('wm-injected')+'",
    "Group\u2028alert('wm-injected')",
]


def _mapped_service(session, name: str):
    from directory.models import Location, Organization, Service, ServiceAtLocation

    organization = Organization(name="Test org", description="An organisation for tests.")
    service = Service(organization=organization, name=name)
    location = Location(latitude=53.81, longitude=-1.57, organization=organization)
    session.add_all([service, location])
    session.flush()
    session.add(ServiceAtLocation(service_id=service.id, location_id=location.id))
    session.commit()
    return service


def _allowed_inline_scripts(response) -> list[str]:
    """The inline scripts in a map frame that its Content-Security-Policy lets run."""
    import base64
    import hashlib
    import re

    policy = response.headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert "unsafe-inline" not in script_src and "nonce-" not in script_src
    allowed = set(re.findall(r"'sha256-([^']+)'", script_src))
    bodies = re.findall(
        r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script", response.get_data(as_text=True), re.S | re.I
    )
    return [
        body
        for body in bodies
        if base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() in allowed
    ]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_service_name_is_in_no_script_the_map_policy_allows(client, session, name):
    service = _mapped_service(session, name)

    response = client.get(f"/services/{service.id}/map")

    assert response.status_code == 200
    allowed = _allowed_inline_scripts(response)
    assert allowed, "the map's own scripts must still run"
    assert not any("wm-injected" in body for body in allowed)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_even_if_escaping_failed_a_script_in_a_name_would_not_be_allowed_to_run(
    client, session, monkeypatch, name
):
    import html
    import json

    from directory.maps import render

    monkeypatch.setattr(render, "_script_json", json.dumps)
    monkeypatch.setattr(html, "escape", lambda text, quote=True: text)
    service = _mapped_service(session, name)

    response = client.get(f"/services/{service.id}/map")

    assert response.status_code == 200
    assert not any("wm-injected" in body for body in _allowed_inline_scripts(response))
