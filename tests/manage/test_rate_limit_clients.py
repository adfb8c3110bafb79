"""Every rate limit knows a client the same way, and an IPv6 client by its /64.

A home or a phone is given a whole IPv6 /64, so counting each address alone would let one
client step round every limit by changing the last part of its address.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.manage.conftest import csrf_token, sign_in


def _from(client: FlaskClient, address: str) -> FlaskClient:
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _request_access(client: FlaskClient, n: int):
    token = csrf_token(client, "/manage/request-access")
    password = "a long enough password"
    return client.post(
        "/manage/request-access",
        data={
            "csrf_token": token,
            "name": "Nia New",
            "email": f"person{n}@example.org",
            "organisation": "Alder Peer Network",
            "password": password,
            "confirm": password,
        },
    )


def _report(client: FlaskClient, service_id: object):
    url = f"/services/{service_id}/report"
    token = csrf_token(client, url)
    return client.post(url, data={"csrf_token": token, "kind": "details_wrong", "details": "Shut"})


def test_request_access_counts_one_ipv6_network_as_one_client(client, world):
    answers = [
        _request_access(_from(client, f"2001:db8:0:1::{n + 1:x}"), n).status_code for n in range(6)
    ]

    assert answers == [200] * 5 + [429]
    assert _request_access(_from(client, "2001:db8:0:2::1"), 7).status_code == 200


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
        _request_access(_from(client, f"::ffff:198.51.100.{n + 1}"), n).status_code
        for n in range(6)
    ]

    assert answers == [200] * 6
