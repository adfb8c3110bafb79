"""`flask export` and `flask import`: Open Referral files in and out of the directory."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from directory.context import include_examples, search_index, vocabulary
from directory.db import session_factory
from directory.interop.export import FORMATS, export
from directory.interop.importing import Report, import_records
from directory.interop.sources import SourceError, read_source
from directory.search.index import IndexMissingError
from directory.searching import rebuild_search_index, reindex_services


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


def _default_name(location: str) -> str:
    parts = urllib.parse.urlsplit(location)
    if parts.scheme in {"http", "https"}:
        return parts.netloc
    return Path(parts.path if parts.scheme else location).resolve().name or "import"


@click.command("import")
@click.argument("location")
@click.option("--commit", is_flag=True, help="Write to the database (default: a dry run).")
@click.option("--name", help="Recorded as source 'import:NAME' (default: the file or host name).")
@with_appcontext
def import_command(location: str, commit: bool, name: str | None) -> None:
    """Import HSDS 3 / ORUK services from LOCATION: a JSON file, a data package folder or
    datapackage.json, our JSON export folder, or an API base URL (http, https or file).

    Nothing is written unless every record is accepted and --commit is given.
    """
    try:
        incoming = read_source(location)
    except SourceError as error:
        raise click.ClickException(str(error)) from None
    name = name or _default_name(location)
    with session_factory()() as session:
        with click.progressbar(length=len(incoming.services), label="Checking services") as bar:
            report = import_records(session, incoming, name, lambda _done, _total: bar.update(1))
        committed = report.ok and commit
        if committed:
            session.commit()
            _reindex(session, report)
        else:
            session.rollback()
    for line in report_lines(report, committed=committed):
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


def _reindex(session: Session, report: Report) -> None:
    """Bring search up to date with what was imported (building it if there is none yet)."""
    root = search_index().root
    try:
        reindex_services(session, root, vocabulary(), report.service_ids)
    except IndexMissingError:
        rebuild_search_index(session, root, vocabulary())


def report_lines(report: Report, *, committed: bool) -> list[str]:
    """The import report, one finding a line, for a person to act on."""
    lines = [f"Source {report.source}: {report.services} services read."]
    for rejection in report.rejected:
        lines.append(f"REJECTED {rejection.record}: {rejection.field}: {rejection.reason}")
    for duplicate in report.duplicates:
        lines.append(
            f"REVIEW {duplicate.incoming} may duplicate {duplicate.existing_name} "
            f"(id {duplicate.existing_id}): {duplicate.why}"
        )
    lines += [f"NOTE {note}" for note in report.notes]
    if not report.ok:
        lines.append(f"Nothing was imported: {len(report.rejected)} records were rejected.")
    elif committed:
        lines.append(f"Imported: {report.created} new and {report.updated} updated services.")
    else:
        lines.append(
            f"Dry run: {report.created} new and {report.updated} updated services would be "
            "imported. Run again with --commit to write them."
        )
    return lines
