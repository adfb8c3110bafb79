"""Export every listed service as HSDS 3.0: the tabular data package (CSV) or nested JSON.

The CSV package is the official `datapackage.json`, copied unchanged, and one CSV per
resource it names, columns in its order; entities Waymark does not store get a header only.
Ids and order are stable, so exporting the same database twice gives the same bytes.
"""

from __future__ import annotations

import io
import json
import shutil
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory import csv_safe
from directory.interop import hsds
from directory.interop.fields import FIELDS, published
from directory.interop.schemas import HSDS_DATAPACKAGE, read_json
from directory.listed import listed, with_everything
from directory.models import Location, Service, Taxonomy, TaxonomyTerm

SERVICES_FILE = "services.json"
TAXONOMIES_FILE = "taxonomies.json"
DATAPACKAGE_FILE = "datapackage.json"
FORMATS = ("csv", "json")


@dataclass
class Snapshot:
    """Everything one export holds: listed services, and the taxonomies their terms come from."""

    services: list[Service]
    taxonomies: list[Taxonomy]
    terms: list[TaxonomyTerm]
    # Flat rows per HSDS entity, keyed by id so a record reached twice is written once.
    rows: dict[str, dict[uuid.UUID, Any]] = field(default_factory=dict)


def snapshot(session: Session, *, include_examples: bool) -> Snapshot:
    """Read what an export holds, with the same listing rules as the site."""
    stmt = with_everything(listed(select(Service), include_examples)).order_by(Service.id)
    services = list(session.scalars(stmt))
    taxonomies = list(session.scalars(select(Taxonomy).order_by(Taxonomy.id)))
    terms = list(
        session.scalars(
            select(TaxonomyTerm)
            .options(selectinload(TaxonomyTerm.taxonomy_detail))
            .order_by(TaxonomyTerm.id)
        )
    )
    found = Snapshot(services, taxonomies, terms)
    found.rows = _flatten(found)
    return found


def _flatten(found: Snapshot) -> dict[str, dict[uuid.UUID, Any]]:
    rows: dict[str, dict[uuid.UUID, Any]] = {entity: {} for entity in FIELDS}

    def add(entity: str, items: Iterable[Any]) -> None:
        for item in items:
            rows[entity].setdefault(item.id, item)

    add("taxonomy", found.taxonomies)
    add("taxonomy_term", found.terms)
    for service in found.services:
        add("organization", [service.organization])
        add("service", [service])
        add("service_area", service.service_areas)
        add("cost_option", service.cost_options)
        add("attribute", service.attributes)
        add("schedule", service.schedules)
        add("language", service.languages)
        add("contact", service.contacts)
        phones = [*service.phones, *(p for c in service.contacts for p in c.phones)]
        for link in service.service_at_locations:
            add("service_at_location", [link])
            place: Location = link.location
            add("location", [place])
            if place.is_confidential:
                continue
            add("address", place.addresses)
            add("accessibility", place.accessibility)
            add("schedule", place.schedules)
            add("language", place.languages)
            phones += place.phones
        add("phone", phones)
        add("language", (lang for p in phones for lang in p.languages))
    return rows


def write_json(found: Snapshot, folder: Path) -> list[Path]:
    """`services.json` (fully nested services) and `taxonomies.json` (with their terms)."""
    folder.mkdir(parents=True, exist_ok=True)
    by_taxonomy: dict[uuid.UUID | None, list[TaxonomyTerm]] = {}
    for term in found.terms:
        by_taxonomy.setdefault(term.taxonomy_id, []).append(term)
    documents = {
        SERVICES_FILE: [hsds.service_full(s) for s in found.services],
        TAXONOMIES_FILE: [hsds.taxonomy(t, by_taxonomy.get(t.id, [])) for t in found.taxonomies],
    }
    written = []
    for name, document in documents.items():
        path = folder / name
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def csv_tables(found: Snapshot) -> dict[str, str]:
    """File name -> CSV text, for every resource of the HSDS data package."""
    package = read_json(HSDS_DATAPACKAGE)
    tables = {}
    for resource in package["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        out = io.StringIO()
        writer = csv_safe.writer(out)
        writer.writerow(columns)
        rows = found.rows.get(resource["name"], {})
        for row_id in sorted(rows, key=str):
            writer.writerow(_cells(resource["name"], rows[row_id], columns))
        tables[resource["path"]] = out.getvalue()
    return tables


def _cells(entity: str, row: Any, columns: list[str]) -> list[str]:
    values = published(row, entity)
    return ["" if values.get(column) is None else str(values[column]) for column in columns]


def write_csv(found: Snapshot, folder: Path) -> list[Path]:
    """The tabular data package: the official datapackage.json and one CSV per resource."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HSDS_DATAPACKAGE, folder / DATAPACKAGE_FILE)
    written = [folder / DATAPACKAGE_FILE]
    for name, text in csv_tables(found).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def csv_zip(found: Snapshot) -> bytes:
    """The tabular data package as one zip file (what the API serves)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(HSDS_DATAPACKAGE, DATAPACKAGE_FILE)
        for name, text in csv_tables(found).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def export(session: Session, folder: Path, fmt: str, *, include_examples: bool) -> list[Path]:
    """Write an export of format `fmt` ("csv" or "json") into `folder`; returns the files."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    found = snapshot(session, include_examples=include_examples)
    return write_csv(found, folder) if fmt == "csv" else write_json(found, folder)
