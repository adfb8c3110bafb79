"""Writes the finder needs: rebuilding the derived search index from the database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from directory.finder.queries import services_for_index
from directory.models import SearchCount
from directory.search.documents import service_document
from directory.search.index import build_index, build_index_if_missing, update_documents
from directory.vocabulary import Vocabulary


def count_search(
    session: Session, day: date, outcode: str | None, categories: Sequence[str], zero: bool
) -> None:
    """Add one search to the aggregate counts (district, category, found nothing) and commit."""
    for category in categories or [""]:
        values = {"day": day, "outcode": outcode or "", "category": category,
                  "zero_results": zero, "count": 1}  # fmt: skip
        insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
        stmt = insert(SearchCount).values(**values)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["day", "outcode", "category", "zero_results"],
                set_={"count": SearchCount.count + 1},
            )
        )
    session.commit()


def rebuild_search_index(
    session: Session,
    root: Path,
    vocabulary: Vocabulary,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Build a new index from every listed service and swap it in; returns the count."""
    documents = (service_document(s, vocabulary) for s in services_for_index(session))
    return build_index(root, documents, progress)


def reindex_services(
    session: Session, root: Path, vocabulary: Vocabulary, service_ids: Iterable[uuid.UUID]
) -> int:
    """Bring the index up to date for changed services, after their transaction commits.

    Services that are gone or defunct are dropped from the index; returns how many were added.
    """
    wanted = list(service_ids)
    current = list(services_for_index(session, wanted))
    documents = [service_document(service, vocabulary) for service in current]
    gone = {str(i) for i in wanted} - {document["id"] for document in documents}
    return update_documents(root, documents, gone)


def build_search_index_if_missing(session: Session, root: Path, vocabulary: Vocabulary) -> bool:
    """Build the index when none exists (another process may just have built it); True if built."""
    return build_index_if_missing(
        root, lambda: (service_document(s, vocabulary) for s in services_for_index(session))
    )
