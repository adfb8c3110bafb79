"""Writes the finder needs: rebuilding the derived search index from the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from directory.finder.queries import services_for_index
from directory.search.documents import service_document
from directory.search.index import build_index
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
