"""File checksums and the DataLoad records that let a second load skip unchanged files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from directory.models import DataLoad
from directory.models.base import utcnow

_CHUNK = 1 << 20


def file_checksum(path: Path) -> str:
    """Return the sha256 hex digest of the file at `path`, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def already_loaded(session: Session, name: str, checksum: str) -> bool:
    """Return whether dataset `name` was last loaded from content with this `checksum`."""
    record = session.get(DataLoad, name)
    return record is not None and record.checksum == checksum


def record_load(session: Session, name: str, checksum: str, rows: int) -> None:
    """Record (insert or update) that dataset `name` now holds `rows` rows from `checksum`."""
    record = session.get(DataLoad, name)
    if record is None:
        session.add(DataLoad(name=name, checksum=checksum, rows=rows, loaded_at=utcnow()))
    else:
        record.checksum = checksum
        record.rows = rows
        record.loaded_at = utcnow()
    session.flush()
