"""Every rate limit knows a client the same way, and an IPv6 client by its /64.

A home or a phone is given a whole IPv6 /64, so counting each address alone would let one
client step round every limit by changing the last part of its address.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.manage.conftest import csrf_token, request_access, sign_in


def _from(client: FlaskClient, address: str) -> FlaskClient:
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _report(client: FlaskClient, service_id: object):
    url = f"/services/{service_id}/report"
    token = csrf_token(client, url)
    return client.post(url, data={"csrf_token": token, "kind": "details_wrong", "details": "Shut"})


def test_request_access_counts_one_ipv6_network_as_one_client(client, world):
    answers = [
        request_access(
            _from(client, f"2001:db8:0:1::{n + 1:x}"), f"person{n}@example.org"
        ).status_code
        for n in range(6)
    ]

    assert answers == [200] * 5 + [429]
    assert (
        request_access(_from(client, "2001:db8:0:2::1"), "person7@example.org").status_code == 200
    )


def test_problem_reports_count_one_ipv6_network_as_one_client(client, world):
    answers = [
        _report(_from(client, f"2001:db8:0:1:{n:x}::1"), world.service_a.id).status_code
        for n in range(6)
    ]

    assert answers == [200] * 5 + [429]


def test_wrong_passwords_count_one_ipv6_network_as_one_client(client, world):
    answers = [
        sign_in(
            _from(client, f"2001:db8:0:1::{n + 1:x}"), "editor.a@example.org", "guess"
        ).status_code
        for n in range(6)
    ]

    assert answers == [200] * 5 + [429]


def test_ipv4_clients_seen_through_ipv6_stay_separate(client, world):
    answers = [
        request_access(
            _from(client, f"::ffff:198.51.100.{n + 1}"), f"person{n}@example.org"
        ).status_code
        for n in range(6)
    ]

    assert answers == [200] * 6
