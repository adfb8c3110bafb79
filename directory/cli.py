"""Flask commands: migrations, bundled data, the search index, and the first admin account."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup

from directory.accounts.actions import AccountError, create_user
from directory.accounts.passwords import MIN_LENGTH, password_problem
from directory.config import PROJECT_ROOT
from directory.context import search_index, vocabulary
from directory.db import session_factory
from directory.forms.checks import email_problem, text_problem
from directory.listed import count_for_index
from directory.loading.bundle import load_bundle
from directory.models import AccountStatus, Role
from directory.search.index import live_build_opens
from directory.searching import rebuild_search_index

db_cli = AppGroup("db", help="Create or migrate the database schema.")
data_cli = AppGroup("data", help="Load the bundled data.")
index_cli = AppGroup("index", help="Build the search index from the database.")
users_cli = AppGroup("users", help="Accounts for the people who keep listings.")


def alembic_config(database_url: str) -> Config:
    """Alembic settings pointing at this app's database."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")
    click.echo("Database is up to date.")


class _Bars:
    """Shows one progress bar per loading step, from the loaders' (label, done, total) calls."""

    def __init__(self) -> None:
        self.label: str | None = None
        self.bar: Any = None
        self.done = 0

    def __call__(self, label: str, done: int, total: int | None) -> None:
        if label != self.label:
            self.close()
            self.label, self.done = label, 0
            if total:
                self.bar = click.progressbar(length=total, label=f"{label:<28}")
                self.bar.__enter__()
            else:
                click.echo(f"{label} ...")
        if self.bar is not None:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@data_cli.command("load")
@click.option("--postcodes/--no-postcodes", default=True, help="Load the 2.7M full postcodes.")
def data_load(postcodes: bool) -> None:
    """Load geography, categories and listings; unchanged files are skipped."""
    started = time.perf_counter()
    bars = _Bars()
    with session_factory()() as session, session.begin():
        counts = load_bundle(
            session, Path(current_app.config["DATA_DIR"]), postcodes=postcodes, progress=bars
        )
    bars.close()
    changed = {name: n for name, n in counts.items() if n}
    if changed:
        for name, n in changed.items():
            click.echo(f"  {name:<28} {n:>9,}")
        # The index is derived from the listings: rebuild it so search matches what was loaded.
        _rebuild_index()
    else:
        click.echo("Nothing changed: every bundled file is already loaded.")
    click.echo(f"Done in {time.perf_counter() - started:.1f}s.")


@index_cli.command("rebuild")
@click.option("--if-missing", is_flag=True, help="Only build when there is no index that opens.")
def index_rebuild(if_missing: bool) -> None:
    """Build a fresh index beside the live one and swap it in."""
    if if_missing and live_build_opens(search_index().root):
        click.echo("Search index present; not rebuilding.")
        return
    if if_missing and search_index().live_build() is not None:
        click.echo("The live search index cannot be read; rebuilding it.")
    _rebuild_index()


def _rebuild_index() -> None:
    index = search_index()
    with session_factory()() as session:
        total = count_for_index(session)
        with click.progressbar(length=total, label="Indexing services") as bar:
            count = rebuild_search_index(
                session, index.root, vocabulary(), progress=lambda n: bar.update(n)
            )
    click.echo(f"Indexed {count:,} services.")


@users_cli.command("create-admin")
@click.option("--email", prompt="Email address", help="The admin's email address.")
@click.option("--name", prompt="Full name", help="The admin's name.")
@click.password_option(
    help=f"{MIN_LENGTH} characters or more and not easy to guess: no common password, repeated or "
    "sequential characters, or the site's name (asked for twice when not given)."
)
def users_create_admin(email: str, name: str, password: str) -> None:
    """Create the first admin account (or another), to bootstrap a new site."""
    problem = email_problem(email) or text_problem(name) or password_problem(password, email)
    if problem:
        raise click.UsageError(problem)
    with session_factory()() as session:
        try:
            create_user(session, email=email, name=name, password=password, role=Role.ADMIN,
                        status=AccountStatus.ACTIVE)  # fmt: skip
        except AccountError as error:
            raise click.UsageError(str(error)) from None
        session.commit()
    click.echo(f"Admin account created for {email.strip().lower()}.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from directory.api.commands import export_command, import_command

    for group in (db_cli, data_cli, index_cli, users_cli, export_command, import_command):
        app.cli.add_command(group)
