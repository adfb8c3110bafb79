"""The only writer of the search index: builds aside, swaps atomically, reopens readers.

Layout under the index root: one folder per build and a `CURRENT` file naming the live one.
A crash mid-build leaves `CURRENT` pointing at the old, complete index.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.searching import Searcher

from directory.search.columns import Columns, read_columns
from directory.search.schema import service_schema

POINTER = "CURRENT"
LOCK = ".build.lock"
# In a build folder: the database's newest listing change the index holds (ISO 8601, UTC).
SYNCED = "SYNCED"
# How long a thread that has a build open waits before trying again one it could not open.
RETRY_SECONDS = 10.0

logger = logging.getLogger(__name__)


class IndexMissingError(RuntimeError):
    """There is no usable index yet; build one from the database.

    `build`: the live build that could not be opened, or None when none is live.
    """

    def __init__(self, message: str, build: str | None = None) -> None:
        super().__init__(message)
        self.build = build


@dataclass
class Reading:
    """A searcher and its documents' facts as arrays, valid while the reading lasts."""

    searcher: Searcher
    columns: Columns


@dataclass(eq=False)
class _Opened:
    """One thread's open index: which build, and its searcher."""

    build: str
    index: Index
    searcher: Searcher


class SearchIndex:
    """Opens the live index: one whoosh searcher per thread, reused across requests and
    refreshed on change, and one set of arrays per index generation that every thread shares.

    whoosh searchers are not documented as thread-safe, so threads never share one; a process
    with one thread (a gunicorn sync worker) keeps exactly one open. The arrays are read-only
    once made, so threads share them (their term caches take their own lock).

    A thread swaps to a new build or generation only once it has opened it and read its
    arrays; until then it keeps the one it has, so one bad build cannot fail every search.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._local = threading.local()
        self._lock = threading.Lock()
        # Weak, so a finished thread's searcher goes with the thread.
        self._opened: weakref.WeakSet[_Opened] = weakref.WeakSet()
        self._columns_lock = threading.Lock()
        self._columns: tuple[tuple[str, int | None], Columns] | None = None
        self._next_sync = 0.0
        # Builds this process could not open, and when a thread that has another may try again.
        self._unreadable: dict[str, float] = {}

    def sync_due(self, every_seconds: float) -> bool:
        """Whether it is time to ask the database for changes: at most once per interval."""
        now = time.monotonic()
        if now < self._next_sync:
            return False
        self._next_sync = now + every_seconds
        return True

    def live_build(self) -> str | None:
        """The name of the live build folder, or None when none has been built."""
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except OSError:  # none yet, or a root that is not a readable folder: no index either way
            return None
        return name if name and (self.root / name).is_dir() else None

    def live_is_unreadable(self) -> bool:
        """Whether this process has no live build to search, or could not open the one there
        is (searches meanwhile use the build they had): then it wants rebuilding."""
        build = self.live_build()
        return build is None or build in self._unreadable

    @contextmanager
    def reading(self) -> Iterator[Reading]:
        """This thread's searcher on the newest build it can open, with that generation's arrays.

        IndexMissingError only when this thread has no build open and cannot open the live one.
        """
        held: _Opened | None = getattr(self._local, "opened", None)
        try:
            opened, columns = self._current(held)
        except IndexMissingError as missing:
            if held is None:
                raise
            try:
                opened, columns = held, self._columns_of(held)
            except IndexMissingError:
                self._drop(held)
                raise missing from None
            logger.warning("%s; searching %s meanwhile", str(missing), held.build)
        yield Reading(opened.searcher, columns)

    def _current(self, held: _Opened | None) -> tuple[_Opened, Columns]:
        build = self.live_build()
        if build is None:
            raise IndexMissingError(f"no search index under {self.root}")
        if held is not None and self._waiting(build):
            return held, self._columns_of(held)
        try:
            if held is not None and held.build == build:
                if held.searcher.up_to_date():
                    return held, self._columns_of(held)
                # A new searcher, not whoosh's refresh(): that reuses each segment's old
                # reader, deletions and all, so a replaced document would be found twice
                # (old and new) and a dropped one still found, until the process restarts.
                fresh = _Opened(build, held.index, held.index.searcher())
            else:
                index = whoosh_index.open_dir(str(self.root / build))
                fresh = _Opened(build, index, index.searcher())
        except Exception as exc:  # whoosh raises several unrelated types when damaged
            self._unreadable[build] = time.monotonic() + RETRY_SECONDS
            raise IndexMissingError(f"search index {build} is unreadable: {exc}", build) from exc
        try:
            columns = self._columns_of(fresh)
        except IndexMissingError:
            _close(fresh.searcher)
            raise
        self._unreadable.clear()  # only the live build is ever tried: the rest are gone
        self._local.opened = fresh
        with self._lock:
            self._opened.add(fresh)
            if held is not None:
                self._opened.discard(held)
        if held is not None:
            _close(held.searcher)
        return fresh, columns

    def _drop(self, opened: _Opened) -> None:
        self._local.opened = None
        with self._lock:
            self._opened.discard(opened)
        _close(opened.searcher)

    def _waiting(self, build: str) -> bool:
        retry_at = self._unreadable.get(build)
        return retry_at is not None and time.monotonic() < retry_at

    def _columns_of(self, opened: _Opened) -> Columns:
        # Document numbers hold for one build at one generation: the arrays are made once for
        # it, by whichever thread gets there first, while the others wait.
        key = (opened.build, opened.searcher.reader().generation())
        held = self._columns
        if held is None or held[0] != key:
            with self._columns_lock:
                held = self._columns
                if held is None or held[0] != key:
                    try:
                        held = (key, read_columns(opened.searcher))
                    except Exception as exc:  # as when opening: a damaged index fails many ways
                        self._unreadable[opened.build] = time.monotonic() + RETRY_SECONDS
                        message = f"search index {opened.build} is unreadable: {exc}"
                        raise IndexMissingError(message, opened.build) from exc
                    self._columns = held
        return held[1]

    def close(self) -> None:
        """Release every thread's open files (tests and shutdown)."""
        with self._lock:
            for opened in list(self._opened):
                _close(opened.searcher)
            self._opened = weakref.WeakSet()
        self._local = threading.local()
        self._columns = None


def _close(searcher: Searcher) -> None:
    # whoosh raises ReaderClosed on a second close; a searcher is closed once, when replaced.
    if not searcher.is_closed:
        searcher.close()


@contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    # One builder at a time across processes: a second waits, so no one removes a build in progress.
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_index(
    root: Path,
    documents: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
    synced: datetime | None = None,
) -> int:
    """Build a fresh index from `documents` beside the live one, then swap; returns the count.

    `synced`: the newest listing change in the database when the documents were read.
    """
    with _build_lock(root):
        return _build(root, documents, progress, synced)


def build_index_if_missing(
    root: Path,
    documents: Callable[[], Iterable[dict[str, Any]]],
    synced: Callable[[], datetime | None] = lambda: None,
) -> bool:
    """Build an index only if, once the lock is ours, no live build opens; returns whether it
    built.

    The live build is tried afresh under the lock: of several processes that found it
    unreadable only the first rebuilds, and one that failed for a passing reason (a reader
    racing a commit) finds it opens now and rebuilds nothing.
    """
    with _build_lock(root):
        if live_build_opens(root):
            return False
        _build(root, documents(), None, synced())
        return True


def live_build_opens(root: Path) -> bool:
    """Whether the live build opens and its arrays read, tried now with nothing cached."""
    build = SearchIndex(root).live_build()
    if build is None:
        return False
    try:
        with whoosh_index.open_dir(str(root / build)).searcher() as searcher:
            read_columns(searcher)
    except Exception:  # whoosh raises several unrelated types when damaged
        return False
    return True


def synced_through(root: Path) -> datetime | None:
    """The newest database change the live index holds; None if it does not say.

    An index built before the marker existed counts as holding what was there when it was
    built (its folder's time).
    """
    build = SearchIndex(root).live_build()
    if build is None:
        return None
    folder = root / build
    try:
        return datetime.fromisoformat((folder / SYNCED).read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return datetime.fromtimestamp(folder.stat().st_mtime, UTC)


def _mark_synced(folder: Path, synced: datetime | None) -> None:
    if synced is None:
        return
    moment = synced if synced.tzinfo else synced.replace(tzinfo=UTC)
    marker = folder / f"{SYNCED}.tmp"
    marker.write_text(moment.astimezone(UTC).isoformat(), encoding="utf-8")
    os.replace(marker, folder / SYNCED)


def _build(
    root: Path,
    documents: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None,
    synced: datetime | None,
) -> int:
    name = f"build-{uuid.uuid4().hex[:12]}"
    folder = root / name
    folder.mkdir()
    try:
        ix = whoosh_index.create_in(str(folder), service_schema())
        writer = ix.writer(limitmb=128)
        try:
            count = 0
            for document in documents:
                writer.add_document(**document)
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        _mark_synced(folder, synced)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    pointer_tmp = root / f"{POINTER}.{name}.tmp"
    pointer_tmp.write_text(name, encoding="utf-8")
    os.replace(pointer_tmp, root / POINTER)
    _remove_old_builds(root, keep=name)
    return count


def update_documents(
    root: Path, documents: Iterable[dict[str, Any]], deleted_ids: Iterable[str] = ()
) -> int:
    """Add or replace `documents` and drop `deleted_ids` in the live index; returns the count.

    For one changed listing, after its transaction commits; readers see it on their next search.
    """
    with _build_lock(root):
        return _update(root, documents, deleted_ids, None)


Changes = tuple[Iterable[dict[str, Any]], Iterable[str]]


def catch_up_documents(root: Path, newest: datetime, changes: Callable[[datetime], Changes]) -> int:
    """Apply what changed since the index's marker, if it is older than `newest`; the count.

    Under the build lock, so of several processes sharing the index only the first does it;
    `changes(since)` gives the documents to add or replace and the ids to drop.
    """
    with _build_lock(root):
        synced = synced_through(root)
        if synced is None or newest <= synced:
            return 0
        documents, deleted_ids = changes(synced)
        return _update(root, documents, deleted_ids, newest)


def _update(
    root: Path,
    documents: Iterable[dict[str, Any]],
    deleted_ids: Iterable[str],
    synced: datetime | None,
) -> int:
    build = SearchIndex(root).live_build()
    if build is None:
        raise IndexMissingError(f"no search index under {root}")
    try:
        ix = whoosh_index.open_dir(str(root / build))
        writer = ix.writer()
    except Exception as exc:  # as SearchIndex: a damaged index fails in many ways
        raise IndexMissingError(f"search index {build} is unreadable: {exc}", build) from exc
    count = 0
    try:
        for key in deleted_ids:
            writer.delete_by_term("id", key)
        for document in documents:
            writer.update_document(**document)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    _mark_synced(root / build, synced)
    return count


def _remove_old_builds(root: Path, keep: str) -> None:
    # Another process may still read an old build; on POSIX open files survive removal.
    for path in root.glob("build-*"):
        if path.name != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
