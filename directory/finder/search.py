"""Run a finder search: ranked ids from the index, rows from the database."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from directory.finder import queries
from directory.finder.actions import build_search_index_if_missing, rebuild_search_index
from directory.finder.params import SearchParams
from directory.models import Service
from directory.search.index import IndexMissingError, get_index
from directory.search.query import find_ids
from directory.templating import vocabulary


def search_services(
    session: Session, params: SearchParams, *, include_examples: bool
) -> list[Service]:
    """Listed services matching `params`, best first; a missing index is rebuilt, not an error."""
    index = get_index()
    try:
        hits = find_ids(index, params.text, categories=params.categories,
                        include_examples=include_examples)  # fmt: skip
    except IndexMissingError:
        current_app.logger.warning("search index missing or unreadable; building it")
        root = Path(current_app.config["INDEX_DIR"])
        if not build_search_index_if_missing(session, root, vocabulary()):
            # A live build exists but could not be read: replace it.
            rebuild_search_index(session, root, vocabulary())
        hits = find_ids(index, params.text, categories=params.categories,
                        include_examples=include_examples)  # fmt: skip
    return queries.load_services(session, [hit.id for hit in hits],
                                 include_examples=include_examples)  # fmt: skip
