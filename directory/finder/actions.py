"""Writes the finder needs: rebuilding the derived search index from the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from directory.finder.queries import services_for_index
from directory.search.documents import service_document
from directory.search.index import build_index, build_index_if_missing
from directory.vocabulary import Vocabulary


def rebuild_search_index(
    session: Session,
    root: Path,
    vocabulary: Vocabulary,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Build a new index from every listed service and swap it in; returns the count."""
    documents = (service_document(s, vocabulary) for s in services_for_index(session))
    return build_index(root, documents, progress)


def build_search_index_if_missing(session: Session, root: Path, vocabulary: Vocabulary) -> bool:
    """Build the index when none exists (another process may just have built it); True if built."""
    return build_index_if_missing(
        root, lambda: (service_document(s, vocabulary) for s in services_for_index(session))
    )
