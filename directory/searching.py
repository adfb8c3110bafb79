"""Search as every feature uses it: an index kept from the database, and places to search near.

The index is derived data: it is built from the database, updated after a listing changes, and
rebuilt (under a lock) when it is missing or unreadable, rather than failing the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from directory import context
from directory.geo.gazetteer import LocatedPoint
from directory.geo.online import locate_anywhere
from directory.listed import (
    changed_since,
    count_for_index,
    last_change,
    listed_ids,
    services_for_index,
)
from directory.search.documents import service_document
from directory.search.index import (
    IndexMissingError,
    SearchIndex,
    build_index,
    build_index_if_missing,
    catch_up_documents,
    synced_through,
    update_documents,
)
from directory.search.query import SearchOutcome, SearchRequest, search
from directory.vocabulary import Vocabulary


def locate_text(session: Session, text: str) -> LocatedPoint:
    """A typed place from bundled data, or the configured online geocoder; LocationError if not."""
    return locate_anywhere(session, text, context.online_geocoder())


def search_outcome(session: Session, request: SearchRequest, now: datetime) -> SearchOutcome:
    """Run a search; a missing or unreadable index is rebuilt from the database first, and
    every so often the index catches up with changes other app instances made.

    A live build this process cannot open, while it still searches an older one, is rebuilt
    at the next catch-up rather than in the search that found it.
    """
    index = context.search_index()
    root = Path(current_app.config["INDEX_DIR"])
    if index.sync_due(current_app.config["INDEX_SYNC_SECONDS"]):
        catch_up(session, root, context.vocabulary())
        reconcile_index(session, index, root, context.vocabulary())
        if index.live_is_unreadable():
            _replace_unreadable(session, index, root)
    try:
        return search(index, request, synonyms=context.synonyms(), now=now)
    except IndexMissingError:
        current_app.logger.warning("search index missing or unreadable; building it")
        try:
            build_search_index_if_missing(session, root, context.vocabulary())
        except OSError as error:  # an index folder that cannot be written, a full disk
            message = f"no usable search index under {root}, and none could be built: {error}"
            raise IndexMissingError(message) from error
        return search(index, request, synonyms=context.synonyms(), now=now)


def _replace_unreadable(session: Session, index: SearchIndex, root: Path) -> None:
    # Best effort: this process still searches the build it had, so the search goes on.
    try:
        build_search_index_if_missing(session, root, context.vocabulary())
    except Exception:
        current_app.logger.exception("could not rebuild the unreadable search index")


def warm_search_index() -> bool:
    """Open the index and read its arrays now, so no visitor's search pays for it; False if
    there is no usable index yet (the first search will build one)."""
    try:
        with context.search_index().reading():
            return True
    except IndexMissingError:
        return False


def rebuild_search_index(
    session: Session,
    root: Path,
    vocabulary: Vocabulary,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Build a new index from every listed service and swap it in; returns the count."""
    synced = last_change(session)  # before reading: a change made meanwhile is caught up later
    documents = (service_document(s, vocabulary) for s in services_for_index(session))
    return build_index(root, documents, progress, synced)


def catch_up(session: Session, root: Path, vocabulary: Vocabulary) -> int:
    """Reindex the services that changed in the database since the index last heard.

    An app instance updates its own index when it approves a change; the others learn of it
    here, from `last_modified` (the approving instance's clock: keep instances' clocks in
    step). Returns how many services were reindexed.
    """
    newest = last_change(session)
    synced = synced_through(root)
    if newest is None or synced is None or newest <= synced:
        return 0  # the usual answer: two quick reads, no lock

    try:
        return catch_up_documents(
            root,
            newest,
            lambda since: _documents(session, vocabulary, changed_since(session, since)),
        )
    except Exception:  # whoosh fails in many ways when damaged; the search copes, or rebuilds
        current_app.logger.exception("could not bring the search index up to date")
        return 0


def reconcile_index(
    session: Session, index: SearchIndex, root: Path, vocabulary: Vocabulary
) -> int:
    """Make the index hold exactly the listed services when their numbers disagree.

    Rows deleted outright (a bundled listing reloaded without one of its services, say) leave
    no `last_modified` behind for `catch_up` to find, and an import may keep a file's old
    dates. A count is cheap (~25 ms at 50k services), so it is compared at every sync; only
    when it differs are the ids compared and the index mended both ways (slowly, in someone's
    search, if thousands differ: `flask index rebuild` is the quicker cure for that). Returns
    how many documents were dropped or added.
    """
    try:
        with index.reading() as reading:
            if reading.searcher.doc_count() == count_for_index(session):
                return 0
            columns = reading.columns
            indexed = {str(u) for u in columns.uuids[columns.live]}
    except IndexMissingError:
        return 0  # the next search builds one
    held = {str(i) for i in listed_ids(session)}
    documents, gone = _documents(session, vocabulary, [uuid.UUID(i) for i in held - indexed])
    gone |= indexed - held
    try:
        update_documents(root, documents, gone)
    except Exception:  # as in catch_up: the search copes with a damaged index, or rebuilds it
        current_app.logger.exception("could not reconcile the search index with the database")
        return 0
    return len(documents) + len(gone)


def reindex_services(
    session: Session, root: Path, vocabulary: Vocabulary, service_ids: Iterable[uuid.UUID]
) -> int:
    """Bring the index up to date for changed services, after their transaction commits.

    Services that are gone or defunct are dropped from the index; returns how many were added.
    """
    return update_documents(root, *_documents(session, vocabulary, list(service_ids)))


def _documents(
    session: Session, vocabulary: Vocabulary, ids: Sequence[uuid.UUID]
) -> tuple[list[dict[str, Any]], set[str]]:
    """Index documents for the listed services among `ids`, and the ids no longer listed."""
    documents = [service_document(s, vocabulary) for s in services_for_index(session, ids)]
    return documents, {str(i) for i in ids} - {document["id"] for document in documents}


def publish_to_index(
    session: Session, root: Path, vocabulary: Vocabulary, service_ids: Iterable[uuid.UUID]
) -> None:
    """After an approved change commits: update the index, if this instance has a usable one.

    With no index, or one that cannot be opened, there is nothing to update: a search builds
    one from the database, which already holds the change.
    """
    try:
        reindex_services(session, root, vocabulary, service_ids)
    except IndexMissingError as missing:
        current_app.logger.warning("%s; a search will rebuild it", str(missing))
        return
    # Read the new generation's arrays now, so the editor waits for them here rather than
    # this worker's next visitor (other workers still read theirs on their next search).
    warm_search_index()


def build_search_index_if_missing(session: Session, root: Path, vocabulary: Vocabulary) -> bool:
    """Build the index when no live build opens (another process may just have built one);
    True if built."""
    return build_index_if_missing(
        root,
        lambda: (service_document(s, vocabulary) for s in services_for_index(session)),
        lambda: last_change(session),
    )
