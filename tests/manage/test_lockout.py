"""The wrong-password limit holds when many attempts arrive at once."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.manage.conftest import csrf_token

ATTEMPTS = 12
LIMIT = 5


def test_concurrent_wrong_passwords_never_get_more_than_the_limit_checked(
    app, world, monkeypatch: pytest.MonkeyPatch
):
    checked: list[int] = []
    real = hashlib.scrypt
    lock = threading.Lock()

    def counting(*args: object, **kwargs: object) -> bytes:
        with lock:
            checked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    clients = [app.test_client() for _ in range(ATTEMPTS)]
    tokens = [csrf_token(client, "/manage/sign-in") for client in clients]
    start = threading.Barrier(ATTEMPTS)

    def attempt(n: int) -> int:
        start.wait()
        response = clients[n].post(
            "/manage/sign-in",
            data={"email": "editor.a@example.org", "password": "guess", "csrf_token": tokens[n]},
        )
        return response.status_code

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        answers = list(pool.map(attempt, range(ATTEMPTS)))

    assert 1 <= len(checked) <= LIMIT
    assert sorted(answers) == [200] * len(checked) + [429] * (ATTEMPTS - len(checked))
