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


def test_the_map_policy_hashes_exactly_the_inline_scripts():
    import base64
    import hashlib

    from directory.security import map_policy

    html = '<script src="/static/x.js"></script><script>var a = 1;</script>'
    digest = base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode()

    assert f"script-src 'self' 'sha256-{digest}';" in map_policy(html)
