"""The app factory and configuration."""

from __future__ import annotations

import pytest

from directory import create_app
from directory.config import DEV_SECRET_KEY, Settings, UnsafeConfigError


def test_create_app_uses_the_overrides_it_is_given(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "TESTING": True})

    assert app.config["TESTING"] is True
    assert app.config["DATABASE_URL"].endswith("x.sqlite3")


def test_default_database_is_sqlite_under_instance():
    settings = Settings.from_env({})

    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("instance/waymark.sqlite3")


@pytest.mark.parametrize(
    "given", ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"]
)
def test_postgresql_urls_use_psycopg_3(given):
    assert Settings.from_env({"DATABASE_URL": given}).database_url == "postgresql+psycopg://u@h/db"


def test_production_refuses_the_development_secret_key(monkeypatch):
    monkeypatch.setenv("DIRECTORY_PRODUCTION", "1")
    monkeypatch.setenv("DIRECTORY_API_BASE", "https://waymark.example/api")
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(UnsafeConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_to_publish_links_without_its_public_url(monkeypatch):
    monkeypatch.setenv("DIRECTORY_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("DIRECTORY_API_BASE", "/api")

    with pytest.raises(UnsafeConfigError, match="DIRECTORY_API_BASE"):
        create_app()


def test_production_starts_with_a_real_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("DIRECTORY_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("DIRECTORY_API_BASE", "https://waymark.example/api")

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})

    assert app.config["SECRET_KEY"] != DEV_SECRET_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("raw", "shown"), [("0", False), ("false", False), ("1", True), ("", True)]
)
def test_examples_can_be_switched_off(raw, shown):
    assert Settings.from_env({"DIRECTORY_SHOW_EXAMPLES": raw}).show_examples is shown


@pytest.mark.parametrize(
    ("raw", "path", "origin"),
    [
        ("", "/api", None),
        ("/openreferral/v3/", "/openreferral/v3", None),
        ("https://waymark.example/openreferral/v3", "/openreferral/v3", "https://waymark.example"),
        ("https://waymark.example:8443/", "/api", "https://waymark.example:8443"),
    ],
)
def test_the_api_base_is_a_path_or_the_public_url(raw, path, origin):
    settings = Settings.from_env({"DIRECTORY_API_BASE": raw})

    assert (settings.api_base, settings.public_origin) == (path, origin)
