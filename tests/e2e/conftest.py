"""The real site in a real browser: gunicorn on loopback, Debian's Chromium driven by Playwright.

One database per test session, loaded with the bundled data (SQLite, or a scratch PostgreSQL
database when TEST_DATABASE_URL is set), served with maps without tiles over plain HTTP and,
for the HTTPS journeys, by a second gunicorn with its own TLS certificate. Playwright
never downloads a browser: it drives /usr/bin/chromium (Makefile and .ci/run install it). Every
page may talk only to the server under test; any request to another host is refused and fails
the test that made it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from directory.config import PROJECT_ROOT
from tests.conftest import _scratch_url
from tests.e2e.tls_proxy import tls_proxy

CHROMIUM = os.environ.get("WAYMARK_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ADMIN_EMAIL = "e2e.admin@example.org"
ADMIN_PASSWORD = "a long e2e test passphrase"
# Where "Exit this page" goes; the browser never reaches it (see `exits` below).
EXIT_URL = "https://exit.example.org/weather"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Playwright must never fetch its own browser build.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def _why_no_browser() -> str | None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return (
            f"browser tests skipped: no Chromium at {CHROMIUM} "
            "(as root: apt-get install -y chromium chromium-driver; make test does so when root)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests skipped: the playwright package is missing (make install)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test here `e2e`, and skip them all with one reason when there is no browser."""
    reason = _why_no_browser()
    if reason and os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI must run the browser tests, but {reason}")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "directory", *args],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )


def _wait_until_serving(
    url: str, server: subprocess.Popen, log: Path, tls: ssl.SSLContext | None = None
) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5, context=tls) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url}: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder and an environment for serving the site: the bundled data, an index, an admin.

    Prepared once; every server in the session serves this same database.
    """
    root = tmp_path_factory.mktemp("e2e")
    database_url = (
        _scratch_url(tmp_path_factory, "e2e")
        if os.environ.get("TEST_DATABASE_URL")
        else f"sqlite:///{root / 'waymark.sqlite3'}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DIRECTORY_INSTANCE_PATH": str(root),
        "DIRECTORY_INDEX_DIR": str(root / "index"),
        "DIRECTORY_MAP_TILES": "none",
        "DIRECTORY_EXIT_URL": EXIT_URL,
        "SECRET_KEY": "e2e-only-secret",
    }
    _flask(env, "db", "upgrade")
    _flask(env, "data", "load")
    _flask(env, "index", "rebuild")
    _flask(env, "users", "create-admin", "--email", ADMIN_EMAIL, "--name", "Erin Admin",
           "--password", ADMIN_PASSWORD)  # fmt: skip
    return root, env


@contextmanager
def _gunicorn(
    root: Path,
    env: dict[str, str],
    name: str,
    *options: str,
    workers: int = 2,
    tls: ssl.SSLContext | None = None,
) -> Iterator[str]:
    """Serve the site under gunicorn on a free loopback port; yield its base URL.

    `options` are extra gunicorn options; with `tls` (a context that trusts the server's
    certificate) the server is expected to speak HTTPS.
    """
    port = _free_port()
    log = root / f"{name}.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:directory.serving",
                "--workers",
                str(workers),
                # Chromium opens spare connections it may not use; with nothing in front to
                # buffer them (a proxy, in production) each would hold a sync worker until it
                # timed out and was killed, failing the next page the browser asked for.
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "-",
                *options,
                "directory:create_app()",
            ],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    try:
        _wait_until_serving(base + "/", server, log, tls)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = [line for line in log.read_text().splitlines() if '" 500 ' in line]
    assert not errors, f"the server answered 500: {errors}"


@pytest.fixture(scope="session")
def live_server(site: tuple[Path, dict[str, str]]) -> Iterator[str]:
    """The site under gunicorn on http://127.0.0.1, with the bundled data and an admin account."""
    root, env = site
    with _gunicorn(root, env, "gunicorn") as base:
        yield base


_SELF_SIGNED = (
    "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
    " -addext subjectAltName=IP:127.0.0.1"
)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate and key for 127.0.0.1, made with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = [*_SELF_SIGNED.split(), "-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return cert, key


# The two ways production serves HTTPS: a TLS proxy in front (nginx, a load balancer) that
# says so in X-Forwarded-Proto, or gunicorn speaking TLS itself.
SECURE_SERVING = ["tls-proxy", "gunicorn-tls"]


@pytest.fixture(scope="session", params=SECURE_SERVING)
def https_server(
    request: pytest.FixtureRequest, site: tuple[Path, dict[str, str]]
) -> Iterator[str]:
    """The same site over HTTPS, as production (secure cookies on), one way or the other.

    One worker is enough for the few journeys run against it, and keeps CI time down.
    """
    root, env = site
    cert, key = _self_signed(root)
    production = {
        **env,
        "DIRECTORY_PRODUCTION": "1",
        "DIRECTORY_API_BASE": "https://127.0.0.1/api",
    }
    if request.param == "tls-proxy":
        behind = {**production, "DIRECTORY_TRUSTED_PROXIES": "1"}
        with (
            _gunicorn(root, behind, "gunicorn-behind-proxy", workers=1) as upstream,
            tls_proxy(upstream, cert, key) as base,
        ):
            yield base
        return
    options = ("--certfile", str(cert), "--keyfile", str(key))
    trusted = ssl.create_default_context(cafile=str(cert))
    with _gunicorn(root, production, "gunicorn-https", *options, workers=1, tls=trusted) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Traffic:
    """Requests the page tried to send to any host but the server under test."""

    elsewhere: list[str] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)


def open_context(browser, live_server: str, traffic: Traffic, **options):
    """A fresh browser context that may reach only `live_server`.

    A navigation to the exit URL is answered with a stub page and recorded, so the quick exit can
    be tested offline; anything else off this server is aborted and recorded.
    """
    context = browser.new_context(base_url=live_server, **options)
    ours = urlsplit(live_server).netloc

    def route(route, request) -> None:
        url = request.url
        netloc = urlsplit(url).netloc
        if netloc == ours or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        elif url.startswith(EXIT_URL):
            traffic.exits.append(url)
            route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")
        else:
            traffic.elsewhere.append(url)
            route.abort()

    context.route("**/*", route)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def context(browser, live_server: str, traffic: Traffic) -> Iterator[object]:
    context = open_context(browser, live_server, traffic, viewport=DESKTOP)
    yield context
    context.close()
    assert not traffic.elsewhere, f"pages asked another host for: {traffic.elsewhere}"


@pytest.fixture
def page(context) -> object:
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """build/screenshots/, emptied once per session (git ignores build/)."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the form, as a person would, and wait until the site lets them in."""
    from playwright.sync_api import expect

    page.goto("/manage/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))
