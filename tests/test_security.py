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
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_only_in_production(client):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers
