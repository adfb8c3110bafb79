"""Every indexed service's searchable facts as arrays, read once per index generation.

whoosh holds the text (analysis, postings, BM25 statistics); once a query's words are known,
the rest of a search (near a place, in an area, facets, ranking) is arithmetic over every
document at once. Doing that per hit in Python took seconds at 50,000 services; over arrays it
takes milliseconds. A generation is one opened searcher: an index change gives new document
numbers, so the arrays are read again (under a second at 50,000).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np
from whoosh import scoring
from whoosh.searching import Searcher

from directory import opening_hours
from directory.geo.distance import MILES_PER_DEGREE, distances_miles
from directory.search.facets import FACETS, YES
from directory.search.schema import TEXT_FIELDS

# What a generation keeps of its terms' postings, in (document, score) pairs: about 16 bytes
# each, so some 64 MB. The words people search with are few; a pasted essay cannot fill memory.
POSTINGS_BUDGET = 4_000_000
# Typo variants and spelling suggestions kept per generation.
MEMO_BUDGET = 4096
T = TypeVar("T")


class _Recent:
    """A thread-safe cache that forgets what was used longest ago once over its budget."""

    def __init__(self, budget: int, weigh: Callable[[Any], int]) -> None:
        self._budget = budget
        self._weigh = weigh
        self._items: OrderedDict[tuple[str, ...], Any] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        made = make()  # outside the lock: reading a common term's postings takes a while
        with self._lock:
            if key in self._items:
                return self._items[key]
            self._items[key] = made
            self._used += self._weigh(made)
            while self._used > self._budget and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._used -= self._weigh(dropped)
        return made


@dataclass
class Postings:
    """The documents holding one term, and that term's BM25 score in each."""

    docs: np.ndarray
    scores: np.ndarray


@dataclass
class Columns:
    """Per-document arrays indexed by whoosh document number (deleted documents are not live)."""

    live: np.ndarray
    # Service ids as UUID objects (made once: making thousands per search was the slow part).
    uuids: np.ndarray
    sort_ids: np.ndarray
    names: list[str]
    first_category: list[str]
    points: list[tuple[tuple[float, float], ...]]
    # Every public point, flattened and sorted by latitude: whose it is, where it is (degrees).
    point_doc: np.ndarray
    point_lat: np.ndarray
    point_lon: np.ndarray
    is_example: np.ndarray
    area_docs: dict[str, np.ndarray]
    # Facet key -> value -> which documents have it (yes/no facets have the one value "yes").
    facet_masks: dict[str, dict[str, np.ndarray]]
    # Opening-hours rules -> the documents that have them (many services share hours).
    hours_docs: dict[str, np.ndarray]
    lengths: dict[str, np.ndarray]
    _postings: _Recent = field(
        default_factory=lambda: _Recent(POSTINGS_BUDGET, lambda found: len(found.docs) + 1)
    )
    _memo: _Recent = field(default_factory=lambda: _Recent(MEMO_BUDGET, lambda _found: 1))

    @property
    def size(self) -> int:
        return len(self.live)

    def postings(self, searcher: Searcher, fieldname: str, token: str) -> Postings:
        """Where `token` occurs in `fieldname`, scored as whoosh's BM25F scores it."""
        return self._postings.get(
            (fieldname, token), lambda: self._read_postings(searcher, fieldname, token)
        )

    def _read_postings(self, searcher: Searcher, fieldname: str, token: str) -> Postings:
        docs: list[int] = []
        weights: list[float] = []
        reader = searcher.reader()
        if reader.doc_frequency(fieldname, token):
            for docnum, weight in reader.postings(fieldname, token).items_as("weight"):
                docs.append(docnum)
                weights.append(weight)
        doc_array = np.asarray(docs, dtype=np.int64)
        if not len(doc_array):
            return Postings(doc_array, np.zeros(0, dtype=np.float64))
        scorer = searcher.weighting.scorer(searcher, fieldname, token)
        scores = scoring.bm25(
            scorer.idf,
            np.asarray(weights, dtype=np.float64),
            self.lengths[fieldname][doc_array],
            scorer.avgfl,
            scorer.B,
            scorer.K1,
        )
        return Postings(doc_array, np.asarray(scores, dtype=np.float64))

    def remember(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """`make()`, worked out once per generation (a word's typo variants, its spelling)."""
        return self._memo.get(key, make)

    def open_now(self, moment: datetime) -> np.ndarray:
        """Which documents are open at `moment` (worked out once a minute; do not modify)."""
        minute = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
        return self.remember(("open", minute), lambda: self._open_at(moment))

    def _open_at(self, moment: datetime) -> np.ndarray:
        result = np.zeros(self.size, dtype=bool)
        for encoded, docs in self.hours_docs.items():
            if opening_hours.is_open(encoded, moment):
                result[docs] = True
        return result

    def nearby_miles(self, latitude: float, longitude: float, radius: float) -> np.ndarray:
        """Each document's nearest public point within `radius` miles of a place (else inf).

        Points are kept sorted by latitude, so only the band that could be in reach is measured.
        """
        nearest = np.full(self.size, np.inf)
        reach = radius / MILES_PER_DEGREE
        start, stop = np.searchsorted(self.point_lat, (latitude - reach, latitude + reach))
        miles = distances_miles(
            latitude, longitude, self.point_lat[start:stop], self.point_lon[start:stop]
        )
        within = miles <= radius
        np.minimum.at(nearest, self.point_doc[start:stop][within], miles[within])
        return nearest

    def docs_in_area(self, code: str) -> np.ndarray:
        return self.area_docs.get(code, np.zeros(0, dtype=np.int64))


def _split(raw: Any) -> list[str]:
    return [value for value in (raw or "").split(",") if value]


def read_columns(searcher: Searcher) -> Columns:
    """Read every live document's stored fields and field lengths into arrays."""
    reader = searcher.reader()
    size = reader.doc_count_all()
    live = np.zeros(size, dtype=bool)
    ids = [""] * size
    names = [""] * size
    first_category = [""] * size
    points: list[tuple[tuple[float, float], ...]] = [()] * size
    point_doc: list[int] = []
    point_lat: list[float] = []
    point_lon: list[float] = []
    is_example = np.zeros(size, dtype=bool)
    area_lists: dict[str, list[int]] = defaultdict(list)
    value_lists: dict[str, dict[str, list[int]]] = {f.key: defaultdict(list) for f in FACETS}
    hours_lists: dict[str, list[int]] = defaultdict(list)
    for docnum, stored in reader.iter_docs():
        live[docnum] = True
        ids[docnum] = stored["id"]
        names[docnum] = stored.get("name") or ""
        categories = _split(stored.get("categories"))
        first_category[docnum] = categories[0] if categories else ""
        own_points = tuple((float(lat), float(lon)) for lat, lon in stored.get("points") or ())
        points[docnum] = own_points
        for lat, lon in own_points:
            point_doc.append(docnum)
            point_lat.append(lat)
            point_lon.append(lon)
        is_example[docnum] = bool(stored.get("is_example"))
        for code in _split(stored.get("area_codes")):
            area_lists[code].append(docnum)
        for facet in FACETS:
            if facet.field == "open_now":
                continue
            raw = stored.get(facet.field)
            values = _split(raw) if facet.multi else ([YES] if raw else [])
            for value in values:
                value_lists[facet.key][value].append(docnum)
        if stored.get("hours"):
            hours_lists[stored["hours"]].append(docnum)

    def mask(docs: list[int]) -> np.ndarray:
        found = np.zeros(size, dtype=bool)
        found[docs] = True
        return found

    by_latitude = np.argsort(np.asarray(point_lat, dtype=np.float64), kind="stable")
    return Columns(
        live=live,
        uuids=np.asarray([uuid.UUID(text) if text else None for text in ids], dtype=object),
        sort_ids=np.asarray(ids),
        names=names,
        first_category=first_category,
        points=points,
        point_doc=np.asarray(point_doc, dtype=np.int64)[by_latitude],
        point_lat=np.asarray(point_lat, dtype=np.float64)[by_latitude],
        point_lon=np.asarray(point_lon, dtype=np.float64)[by_latitude],
        is_example=is_example,
        area_docs={code: np.asarray(docs, dtype=np.int64) for code, docs in area_lists.items()},
        facet_masks={
            key: {value: mask(docs) for value, docs in values.items()}
            for key, values in value_lists.items()
        },
        hours_docs={
            encoded: np.asarray(docs, dtype=np.int64) for encoded, docs in hours_lists.items()
        },
        lengths={
            name: np.asarray(
                [reader.doc_field_length(docnum, name, 1) for docnum in range(size)],
                dtype=np.float64,
            )
            for name in TEXT_FIELDS
        },
    )
