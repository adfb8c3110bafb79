"""Load the bundled geography files (data/*.csv) into the database, skipping unchanged files.

Each file's sha256 is kept in `data_load`. An unchanged file is skipped; a changed one has its
table's rows deleted and bulk-inserted again. Nothing here commits: the caller commits once, so
a whole load is all-or-nothing.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from directory.geo.places import place_key
from directory.geo.postcodes import normalise_postcode
from directory.loading.checksums import already_loaded, file_checksum, record_load
from directory.loading.progress import Progress, quiet
from directory.models import (
    Base,
    LocalAuthority,
    Place,
    PoliceForceArea,
    Postcode,
    PostcodeDistrict,
    PostcodeSector,
    local_authority_police_force,
)

LOCAL_AUTHORITIES_FILE = "local_authorities_uk.csv"
POLICE_FORCE_AREAS_FILE = "police_force_areas.csv"
OUTCODES_FILE = "postcode_outcodes.csv"
SECTORS_FILE = "postcode_sectors.csv"
PLACES_FILE = "places_gb.csv"
POSTCODES_FILE = "postcodes_uk_nspl_may2025.csv.gz"

# The LA -> police force links come from two files, so they are recorded under their own name
# with a checksum of both.
LINKS_DATASET = local_authority_police_force.name

BATCH_SIZE = 5_000
POSTCODE_BATCH_SIZE = 50_000
POSTCODE_COLUMNS = ("postcode", "latitude", "longitude", "lad_code", "evidence")

Row = dict[str, Any]


def _text(value: str) -> str | None:
    """Return the stripped text, or None when it is blank."""
    value = value.strip()
    return value or None


def _float(value: str) -> float | None:
    """Return the number, or None when the field is blank."""
    value = value.strip()
    return float(value) if value else None


def _int(value: str) -> int | None:
    """Return the whole number, or None when the field is blank."""
    value = value.strip()
    return int(value) if value else None


def _bool(value: str) -> bool:
    """Return the CSV's "true"/"false" as a bool; anything else is a data error."""
    flag = value.strip().lower()
    if flag not in {"true", "false"}:
        raise ValueError(f"expected true or false, got {value!r}")
    return flag == "true"


def _local_authority(row: dict[str, str]) -> Row:
    """Return the local_authority row for one line of local_authorities_uk.csv."""
    return {
        "gss_code": row["gss_code"].strip(),
        "name": row["name"].strip(),
        "official_name": row["official_name"].strip(),
        "la_type": row["la_type"].strip(),
        "tier": row["tier"].strip(),
        "asc_responsible": _bool(row["asc_responsible"]),
        "utla_code": _text(row["utla_code"]),
        "region": _text(row["region"]),
        "nation": row["nation"].strip(),
        "latitude": _float(row["latitude"]),
        "longitude": _float(row["longitude"]),
        "population": _int(row["population_mid2022"]),
        "gov_uk_slug": _text(row["gov_uk_slug"]),
        "alt_names": _text(row["alt_names"]),
    }


def _police_force_area(row: dict[str, str]) -> Row:
    """Return the police_force_area row for one line of police_force_areas.csv."""
    return {
        "pfa_code": row["pfa_code"].strip(),
        "name": row["pfa_name"].strip(),
        "nation": row["nation"].strip(),
        "population": _int(row["population_mid2022"]),
    }


def _postcode_district(row: dict[str, str]) -> Row:
    """Return the postcode_district row for one line of postcode_outcodes.csv."""
    return {
        "outcode": row["outcode"].strip(),
        "postcode_area": row["postcode_area"].strip(),
        "latitude": float(row["latitude"]),
        "longitude": float(row["longitude"]),
        "status": row["status"].strip(),
        "lad_code": _text(row["lad_code"]),
        "utla_code": _text(row["utla_code"]),
        "region": _text(row["region"]),
        "country": _text(row["country"]),
    }


def _postcode_sector(row: dict[str, str]) -> Row:
    """Return the postcode_sector row for one line of postcode_sectors.csv."""
    return {
        "sector": row["sector"].strip(),
        "outcode": row["outcode"].strip(),
        "latitude": float(row["latitude"]),
        "longitude": float(row["longitude"]),
        "status": row["status"].strip(),
        "lad_code": _text(row["lad_code"]),
        "utla_code": _text(row["utla_code"]),
    }


def _place(row: dict[str, str]) -> Row:
    """Return the place row for one line of places_gb.csv, with its search key."""
    name = row["name"].strip()
    return {
        "name": name,
        "name_alt": _text(row["name_alt"]),
        "name_key": place_key(name),
        "place_type": row["place_type"].strip(),
        "rank": int(row["rank"]),
        "latitude": float(row["latitude"]),
        "longitude": float(row["longitude"]),
        "lad_code": _text(row["lad_code"]),
        "utla_code": _text(row["utla_code"]),
        "country": _text(row["country"]),
        "postcode_district": _text(row["postcode_district"]),
        "source": row["source"].strip(),
    }


@dataclass(frozen=True)
class TableFile:
    """One bundled CSV file and the table it fills."""

    file_name: str
    model: type[Base]
    to_row: Callable[[dict[str, str]], Row]

    @property
    def table_name(self) -> str:
        """The table's name, used as the key in load counts."""
        return str(self.model.__tablename__)


# Police force areas come before local authorities only for readability: the link table,
# the one thing with foreign keys into both, is emptied first and filled last.
TABLE_FILES = (
    TableFile(POLICE_FORCE_AREAS_FILE, PoliceForceArea, _police_force_area),
    TableFile(LOCAL_AUTHORITIES_FILE, LocalAuthority, _local_authority),
    TableFile(OUTCODES_FILE, PostcodeDistrict, _postcode_district),
    TableFile(SECTORS_FILE, PostcodeSector, _postcode_sector),
    TableFile(PLACES_FILE, Place, _place),
)


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Yield each line of the CSV file at `path` as a dict keyed by its header."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.DictReader(handle)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of up to `size` items (itertools.batched needs Python 3.12)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _replace_table(
    session: Session, path: Path, spec: TableFile, checksum: str, progress: Progress
) -> int:
    """Delete the table's rows, bulk-insert the file's rows; return how many were inserted."""
    session.execute(delete(spec.model).execution_options(synchronize_session=False))
    done = 0
    for batch in _batches(map(spec.to_row, _read_csv(path)), BATCH_SIZE):
        session.execute(insert(spec.model), batch)
        done += len(batch)
        progress(spec.table_name, done, None)
    record_load(session, spec.file_name, checksum, done)
    progress(f"{spec.table_name}: loaded", done, done)
    return done


def _link_rows(la_path: Path, known_pfa_codes: set[str]) -> list[Row]:
    """Return the LA -> police force link rows from the `pfa_codes` column (";"-separated)."""
    rows: list[Row] = []
    unknown: set[str] = set()
    for line in _read_csv(la_path):
        for code in filter(None, (part.strip() for part in line["pfa_codes"].split(";"))):
            if code not in known_pfa_codes:
                unknown.add(code)
            rows.append({"gss_code": line["gss_code"].strip(), "pfa_code": code})
    if unknown:
        raise ValueError(f"{la_path.name} names unknown police force areas: {sorted(unknown)}")
    return rows


def _combined_checksum(*checksums: str) -> str:
    """Return one sha256 standing for several files' checksums together."""
    return hashlib.sha256(":".join(checksums).encode()).hexdigest()


def _replace_links(session: Session, la_path: Path, checksum: str, progress: Progress) -> int:
    """Insert the LA -> police force links (the table was emptied earlier); return the count."""
    known = set(session.scalars(select(PoliceForceArea.pfa_code)))
    rows = _link_rows(la_path, known)
    for batch in _batches(rows, BATCH_SIZE):
        session.execute(insert(local_authority_police_force), batch)
    record_load(session, LINKS_DATASET, checksum, len(rows))
    progress(f"{LINKS_DATASET}: loaded", len(rows), len(rows))
    return len(rows)


def load_geography(session: Session, data_dir: Path, progress: Progress = quiet) -> dict[str, int]:
    """Load the geography CSVs; return rows inserted per table (0 for an unchanged file)."""
    data_dir = Path(data_dir)
    checksums = {spec.file_name: file_checksum(data_dir / spec.file_name) for spec in TABLE_FILES}
    changed = {
        name for name, value in checksums.items() if not already_loaded(session, name, value)
    }
    links_checksum = _combined_checksum(
        checksums[LOCAL_AUTHORITIES_FILE], checksums[POLICE_FORCE_AREAS_FILE]
    )
    reload_links = bool(changed & {LOCAL_AUTHORITIES_FILE, POLICE_FORCE_AREAS_FILE}) or not (
        already_loaded(session, LINKS_DATASET, links_checksum)
    )
    if reload_links:
        session.execute(delete(local_authority_police_force))

    counts: dict[str, int] = {}
    for spec in TABLE_FILES:
        if spec.file_name in changed:
            path = data_dir / spec.file_name
            counts[spec.table_name] = _replace_table(
                session, path, spec, checksums[spec.file_name], progress
            )
        else:
            counts[spec.table_name] = 0
            progress(f"{spec.table_name}: unchanged, skipped", 0, 0)
    counts[LINKS_DATASET] = 0
    if reload_links:
        la_path = data_dir / LOCAL_AUTHORITIES_FILE
        counts[LINKS_DATASET] = _replace_links(session, la_path, links_checksum, progress)
    else:
        progress(f"{LINKS_DATASET}: unchanged, skipped", 0, 0)
    return counts


# --- Full postcodes (2.7 million rows): COPY on PostgreSQL, raw executemany on SQLite. ---


def estimate_postcode_rows(path: Path) -> int | None:
    """Return a cheap row-count estimate (gzip size trailer / mean line length), or None."""
    try:
        with path.open("rb") as raw:
            raw.seek(-4, 2)
            (uncompressed,) = struct.unpack("<I", raw.read(4))
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = handle.readline()
            sample = [line for _, line in zip(range(2_000), handle, strict=False)]
    except (OSError, EOFError, struct.error):
        return None
    if not sample:
        return 0
    mean = sum(len(line) for line in sample) / len(sample)
    return max(0, round((uncompressed - len(header)) / mean))


def _postcode_rows(path: Path) -> Iterator[tuple[str, float, float, str | None, str | None]]:
    """Yield (key, latitude, longitude, lad_code, evidence) tuples from the gzipped CSV."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(column.strip() for column in header) != POSTCODE_COLUMNS:
            raise ValueError(f"{path.name}: expected columns {POSTCODE_COLUMNS}, got {header}")
        for postcode, latitude, longitude, lad_code, evidence in reader:
            yield (
                normalise_postcode(postcode),
                float(latitude),
                float(longitude),
                lad_code or None,
                evidence or None,
            )


def _report_every(
    rows: Iterable[Any], label: str, total: int | None, progress: Progress
) -> Iterator[Any]:
    """Pass `rows` through, reporting progress every POSTCODE_BATCH_SIZE rows."""
    done = 0
    for done, row in enumerate(rows, 1):
        yield row
        if done % POSTCODE_BATCH_SIZE == 0:
            progress(label, done, total)
    progress(label, done, total)


def _copy_postcodes(session: Session, rows: Iterable[tuple[Any, ...]]) -> int:
    """COPY the rows in through the session's psycopg 3 connection; return how many."""
    driver_connection = session.connection().connection.driver_connection
    assert driver_connection is not None
    statement = f"COPY postcode ({', '.join(POSTCODE_COLUMNS)}) FROM STDIN"
    done = 0
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            done += 1
    return done


def _executemany_postcodes(session: Session, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert the rows with the raw DB-API cursor in large batches; return how many."""
    driver_connection = session.connection().connection.driver_connection
    assert driver_connection is not None
    placeholders = ", ".join("?" for _ in POSTCODE_COLUMNS)
    statement = f"INSERT INTO postcode ({', '.join(POSTCODE_COLUMNS)}) VALUES ({placeholders})"
    cursor = driver_connection.cursor()
    done = 0
    try:
        for batch in _batches(rows, POSTCODE_BATCH_SIZE):
            cursor.executemany(statement, batch)
            done += len(batch)
    finally:
        cursor.close()
    return done


def _insert_postcodes(session: Session, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert the rows with SQLAlchemy bulk inserts (any other database); return how many."""
    done = 0
    for batch in _batches(rows, BATCH_SIZE):
        session.execute(
            insert(Postcode), [dict(zip(POSTCODE_COLUMNS, row, strict=True)) for row in batch]
        )
        done += len(batch)
    return done


def load_postcodes(session: Session, path: Path, progress: Progress = quiet) -> int:
    """Load the full postcode file; return rows inserted (0 if missing or unchanged)."""
    path = Path(path)
    label = Postcode.__tablename__
    if not path.is_file():
        progress(f"{label}: {path.name} not found, skipped (the file is optional)", 0, None)
        return 0
    checksum = file_checksum(path)
    if already_loaded(session, path.name, checksum):
        progress(f"{label}: unchanged, skipped", 0, 0)
        return 0
    total = estimate_postcode_rows(path)
    session.execute(delete(Postcode).execution_options(synchronize_session=False))
    rows = _report_every(_postcode_rows(path), label, total, progress)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        done = _copy_postcodes(session, rows)
    elif dialect == "sqlite":
        done = _executemany_postcodes(session, rows)
    else:
        done = _insert_postcodes(session, rows)
    record_load(session, path.name, checksum, done)
    progress(f"{label}: loaded", done, done)
    return done
