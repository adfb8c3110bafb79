"""`flask export` and `flask import`: Open Referral files in and out of the directory."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from directory.context import include_examples
from directory.db import session_factory
from directory.interop.export import FORMATS, export


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv: the HSDS tabular data package; json: nested services and taxonomies.",
)
@click.option(
    "--examples/--no-examples",
    default=None,
    help="Include made-up example listings (default: as the site shows them).",
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_command(fmt: str, examples: bool | None, folder: Path) -> None:
    """Write every listed service to FOLDER as HSDS 3.0 (defunct services are left out)."""
    wanted = include_examples() if examples is None else examples
    with session_factory()() as session:
        written = export(session, folder, fmt, include_examples=wanted)
    click.echo(f"Wrote {len(written)} files to {folder}.")
