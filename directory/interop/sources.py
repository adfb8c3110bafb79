"""Read HSDS 3 / ORUK input into one shape: nested services plus taxonomies.

Accepted: a JSON file holding a list of services, one service, or a page of them; a folder
holding our JSON export (services.json, taxonomies.json) or a tabular data package
(datapackage.json + CSVs, HSDS or ORUK file names); an API base URL to page through. URLs are
fetched with urllib, so `file://` works offline and tests can serve an API from 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.interop.export import DATAPACKAGE_FILE, SERVICES_FILE, TAXONOMIES_FILE

FETCH_TIMEOUT = 30
PER_PAGE = 100
MAX_PAGES = 10_000

Fetch = Callable[[str], bytes]


class SourceError(ValueError):
    """The input cannot be read at all; the message says why."""


@dataclass
class Incoming:
    """What an import brings: nested services (each with where it came from) and taxonomies."""

    services: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    taxonomies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Problems with rows that could not become part of any service (tabular input).
    orphans: list[tuple[str, str, str]] = field(default_factory=list)


def fetch_url(url: str) -> bytes:
    """GET a URL (http, https or file) and return the body."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https", "file"}:
        raise SourceError(f"cannot fetch {url!r}: only http, https and file URLs")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read()
    except OSError as error:
        raise SourceError(f"could not fetch {url}: {error}") from error


def read_source(location: str, fetch: Fetch = fetch_url) -> Incoming:
    """Read a path or URL into services and taxonomies; SourceError if it cannot be read."""
    if "://" in location:
        if location.rstrip("/").endswith(".json"):
            return from_document(_json(fetch(location), location), location)
        return from_api(location.rstrip("/"), fetch)
    path = Path(location)
    if path.is_dir():
        if (path / DATAPACKAGE_FILE).exists():
            return from_tabular(path)
        if (path / SERVICES_FILE).exists():
            incoming = from_document(_read_json(path / SERVICES_FILE), SERVICES_FILE)
            if (path / TAXONOMIES_FILE).exists():
                taxonomies = _read_json(path / TAXONOMIES_FILE)
                incoming.taxonomies = _listed(taxonomies, TAXONOMIES_FILE)
            return incoming
        raise SourceError(f"{path} holds neither {DATAPACKAGE_FILE} nor {SERVICES_FILE}")
    if path.name == DATAPACKAGE_FILE:
        return from_tabular(path.parent)
    if not path.is_file():
        raise SourceError(f"no such file or folder: {path}")
    return from_document(_read_json(path), path.name)


def _json(body: bytes, where: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{where} is not JSON: {error}") from error


def _read_json(path: Path) -> Any:
    return _json(path.read_bytes(), path.name)


def _listed(document: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(document, list) or not all(isinstance(d, dict) for d in document):
        raise SourceError(f"{where}: expected a list of objects")
    return [(f"{where}[{n}]", item) for n, item in enumerate(document)]


def from_document(document: Any, where: str) -> Incoming:
    """A list of services, one service, or a page envelope of services."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return Incoming(services=_listed(document["contents"], f"{where} contents"))
    if isinstance(document, dict) and "id" in document:
        return Incoming(services=[(where, document)])
    return Incoming(services=_listed(document, where))


def from_api(base: str, fetch: Fetch) -> Incoming:
    """Every service of an ORUK/HSDS API, fully nested, and its taxonomies when it has them."""
    incoming = Incoming()
    for item in _pages(base, "services", fetch):
        url = f"{base}/services/{urllib.parse.quote(str(item.get('id', '')))}"
        incoming.services.append((url, _json(fetch(url), url)))
    try:
        listed = list(_pages(base, "taxonomies", fetch))
    except SourceError:
        listed = []  # /taxonomies is optional in HSDS: services still carry their terms.
    for item in listed:
        url = f"{base}/taxonomies/{urllib.parse.quote(str(item.get('id', '')))}"
        incoming.taxonomies.append((url, _json(fetch(url), url)))
    return incoming


def _pages(base: str, endpoint: str, fetch: Fetch) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number in range(1, MAX_PAGES + 1):
        url = f"{base}/{endpoint}?page={number}&per_page={PER_PAGE}"
        page = _json(fetch(url), url)
        if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
            raise SourceError(f"{url}: not a page of results (no contents list)")
        items += page["contents"]
        if page.get("last_page", True) or not page["contents"]:
            return items
    raise SourceError(f"{base}/{endpoint}: more than {MAX_PAGES} pages")


# --- Tabular data packages: rows joined back into nested services. ---

# Child table -> (its key in the parent's JSON, the column naming the parent, parent entity).
_CHILDREN: dict[str, list[tuple[str, str, str]]] = {
    "service": [
        ("phones", "service_id", "phone"), ("schedules", "service_id", "schedule"),
        ("service_areas", "service_id", "service_area"), ("languages", "service_id", "language"),
        ("cost_options", "service_id", "cost_option"), ("contacts", "service_id", "contact"),
        ("service_at_locations", "service_id", "service_at_location"),
    ],
    "location": [
        ("addresses", "location_id", "address"), ("accessibility", "location_id", "accessibility"),
        ("phones", "location_id", "phone"), ("schedules", "location_id", "schedule"),
        ("languages", "location_id", "language"),
    ],
    "contact": [("phones", "contact_id", "phone")],
    "phone": [("languages", "phone_id", "language")],
}  # fmt: skip


def from_tabular(folder: Path) -> Incoming:
    """A tabular data package: each CSV the descriptor names, joined on its id columns."""
    descriptor = _read_json(folder / DATAPACKAGE_FILE)
    types: dict[str, dict[str, str]] = {}
    tables: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for resource in descriptor.get("resources") or []:
        name, path = resource.get("name"), resource.get("path")
        if not name or not isinstance(path, str) or not (folder / path).exists():
            continue
        fields = (resource.get("schema") or {}).get("fields") or []
        types[name] = {f["name"]: f.get("type", "string") for f in fields if "name" in f}
        tables[name] = _rows(folder / path, types[name])
    if "service" not in tables:
        raise SourceError(f"{folder}: the data package has no service table")
    return _assemble(tables)


def _rows(path: Path, types: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        record: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value is None or value.strip() == "":
                continue
            record[key] = _typed(value.strip(), types.get(key, "string"))
        rows.append((f"{path.name} row {number}", record))
    return rows


def _typed(value: str, kind: str) -> Any:
    """A CSV cell as JSON would hold it, so one schema check serves both inputs."""
    if kind in {"number", "integer"}:
        try:
            number = float(value)
        except ValueError:
            return value  # left as text: the schema check reports it against the right field
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return value.lower() in {"true", "1", "yes"}
    return value


def _assemble(tables: dict[str, list[tuple[str, dict[str, Any]]]]) -> Incoming:
    incoming = Incoming()
    by_parent: dict[tuple[str, str, str], list[dict[str, Any]]] = {}  # (entity, column, id)
    claimed: set[int] = set()
    for children in _CHILDREN.values():
        for _key, column, entity in children:
            for _where, row in tables.get(entity, []):
                if row.get(column):
                    by_parent.setdefault((entity, column, str(row[column])), []).append(row)
    locations = {str(r.get("id")): r for _w, r in tables.get("location", [])}
    organizations = {str(r.get("id")): r for _w, r in tables.get("organization", [])}
    terms = {str(r.get("id")): r for _w, r in tables.get("taxonomy_term", [])}
    attributes: dict[str, list[dict[str, Any]]] = {}
    for _where, row in tables.get("attribute", []):
        attributes.setdefault(str(row.get("link_id")), []).append(row)

    def nest(entity: str, row: dict[str, Any]) -> dict[str, Any]:
        out = dict(row)
        claimed.add(id(row))
        for key, column, child in _CHILDREN.get(entity, []):
            found = by_parent.get((child, column, str(row.get("id"))), [])
            if found:
                out[key] = [nest(child, r) for r in found]
        if entity == "service_at_location" and str(row.get("location_id")) in locations:
            out["location"] = nest("location", locations[str(row["location_id"])])
        return out

    for where, row in tables["service"]:
        service = nest("service", row)
        org = organizations.get(str(row.get("organization_id")))
        if org is not None:
            service["organization"] = dict(org)
        linked = attributes.get(str(row.get("id")), [])
        if linked:
            service["attributes"] = [
                {**a, "taxonomy_term": terms[str(a.get("taxonomy_term_id"))]}
                if str(a.get("taxonomy_term_id")) in terms
                else a
                for a in linked
            ]
        incoming.services.append((where, service))
    for entity in ("phone", "schedule", "service_area", "language", "cost_option", "contact",
                   "service_at_location", "address", "accessibility"):  # fmt: skip
        for where, row in tables.get(entity, []):
            if id(row) not in claimed:
                incoming.orphans.append((where, "id", "belongs to no service in the package"))
    by_taxonomy: dict[str, list[dict[str, Any]]] = {}
    for term in terms.values():
        by_taxonomy.setdefault(str(term.get("taxonomy_id")), []).append(term)
    for where, row in tables.get("taxonomy", []):
        taxonomy = dict(row)
        if by_taxonomy.get(str(row.get("id"))):
            taxonomy["taxonomy_terms"] = by_taxonomy[str(row["id"])]
        incoming.taxonomies.append((where, taxonomy))
    return incoming
