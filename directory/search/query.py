"""Turn what a person asked into ranked results. User text is never query syntax.

Near a place, three things count: services with a point within the radius, services whose
area covers the person's authority or police force, and national services (kept apart so they
never crowd out local ones).

whoosh analyses the words and scores them (BM25F); everything after that is arithmetic over
arrays of every document (directory.search.columns), and results are made only when read.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import overload

import numpy as np
from whoosh.searching import Searcher

from directory.geo.distance import distance_miles
from directory.geo.gazetteer import LocatedPoint
from directory.search import facets
from directory.search.columns import Columns
from directory.search.facets import YES
from directory.search.index import Reading, SearchIndex
from directory.search.schema import SPELLING_FIELDS, TEXT_FIELDS
from directory.search.synonyms import SynonymTable

MAX_WORDS = 32
MAX_TEXT = 2000
FUZZY_MIN_LENGTH = 5
FUZZY_MAX_EDITS = 1
FUZZY_BOOST = 0.6
WORD = re.compile(r"\w+", re.UNICODE)
# How much a result's place in the ranking owes to relevance rather than nearness.
RELEVANCE_WEIGHT = 0.65
# Nearness credited to a service that covers the person's area but has no point nearby: it
# serves them wherever they are in it.
AREA_NEARNESS = 0.75
# When a lay phrase names what the person needs, services of that type count as relevant as
# the best word match; the phrase's first types a little more than its later ones.
SYNONYM_SHARE = 0.5
SYNONYM_STEP = 0.1
SYNONYM_TOKEN_SCORE = 0.001
# The facet whose values are service types, which lay phrases map to.
TYPE_FACET = "category"


@dataclass(frozen=True)
class Origin:
    """Where the person is: a point, and the area codes that cover it."""

    latitude: float
    longitude: float
    local_codes: tuple[str, ...]
    national_codes: tuple[str, ...] = ("national",)


@dataclass(frozen=True)
class SearchRequest:
    """Everything a search needs, already validated."""

    text: str = ""
    origin: Origin | None = None
    radius_miles: float = 10.0
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    include_examples: bool = True
    # Pages that show no filters (pathways, the API) skip counting them.
    count_facets: bool = True


@dataclass(frozen=True)
class Result:
    """One matching service and why it matched."""

    id: uuid.UUID
    score: float
    # "nearby" (a point within the radius), "area" (covers the person's area), "national",
    # or "anywhere" when no place was given.
    match: str
    distance_miles: float | None
    area_code: str | None
    open_now: bool
    # From the index, so a map of every result needs no database rows.
    name: str = ""
    points: tuple[tuple[float, float], ...] = ()
    category: str = ""


class Ranked(Sequence[Result]):
    """Results in rank order, each made only when asked for: a text search can match
    thousands of services and a page shows twenty."""

    def __init__(
        self, build: Callable[[int], Result], docs: np.ndarray, kinds: np.ndarray, ids: np.ndarray
    ) -> None:
        self._build = build
        self._docs = docs
        self._kinds = kinds
        self._ids = ids

    def __len__(self) -> int:
        return len(self._docs)

    @overload
    def __getitem__(self, index: int) -> Result: ...

    @overload
    def __getitem__(self, index: slice) -> list[Result]: ...

    def __getitem__(self, index: int | slice) -> Result | list[Result]:
        if isinstance(index, slice):
            return [self._build(int(docnum)) for docnum in self._docs[index]]
        return self._build(int(self._docs[index]))

    def __iter__(self) -> Iterator[Result]:
        return (self._build(int(docnum)) for docnum in self._docs)

    def __repr__(self) -> str:
        return f"Ranked({len(self)} results)"

    def ids(self) -> list[uuid.UUID]:
        """Every result's service id, in order, without making the results."""
        return self._ids[self._docs].tolist()

    def nearby(self) -> Ranked:
        """Only the results with a public point within the radius, in the same order."""
        docs = self._docs[self._kinds[self._docs] == NEARBY]
        return Ranked(self._build, docs, self._kinds, self._ids)


@dataclass
class SearchOutcome:
    """Results, the national group, facet counts and a spelling suggestion."""

    results: Ranked
    national: Ranked
    facet_counts: dict[str, dict[str, int]]
    suggestion: str | None = None
    synonym_categories: list[str] = field(default_factory=list)


NATION_BY_PREFIX = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


def origin_of(place: LocatedPoint) -> Origin:
    """The search engine's view of a place: its point and the area codes that cover it."""
    nation = NATION_BY_PREFIX.get((place.lad_code or place.utla_code or "?")[0])
    national = ("national", nation) if nation else ("national",)
    return Origin(place.latitude, place.longitude, place.area_codes, national)


def words_of(text: str) -> list[str]:
    """The words in `text`, lower-cased, capped so a pasted essay cannot slow a search."""
    return WORD.findall(text[:MAX_TEXT].lower())[:MAX_WORDS]


@dataclass
class _Words:
    """What a search's words matched: a score per document, and which documents matched."""

    scores: np.ndarray
    matched: np.ndarray


def _text_scores(
    reading: Reading, words: list[str], synonym_categories: list[str]
) -> _Words | None:
    """BM25F over the fields people's words are looked for in; None if no word can match.

    Each (field, term) counts once: saying a word twice does not make it count double. A word
    the index does not know at all, as typed, also matches the indexed words one edit away,
    each at FUZZY_BOOST of its own BM25F score. (whoosh's OR query added repeats, and its fuzzy
    query compared stemmed words with the unstemmed spelling list, so a typo in a name or a
    description found nothing.)
    """
    searcher, columns = reading.searcher, reading.columns
    reader = searcher.reader()
    scores = np.zeros(columns.size)
    matched = np.zeros(columns.size, dtype=bool)
    seen: set[tuple[str, str, float]] = set()
    any_clause = False

    def add(fieldname: str, token: str, boost: float) -> None:
        if (fieldname, token, boost) in seen:
            return
        seen.add((fieldname, token, boost))
        postings = columns.postings(searcher, fieldname, token)
        scores[postings.docs] += boost * postings.scores
        matched[postings.docs] = True

    for word in words:
        tokens = {
            name: list(searcher.schema[name].process_text(word, mode="query"))
            for name in TEXT_FIELDS
        }
        # Typo tolerance only for words the index does not know at all, as typed.
        unknown = len(word) >= FUZZY_MIN_LENGTH and not any(
            reader.doc_frequency(name, token) for name, found in tokens.items() for token in found
        )
        for name, found in tokens.items():
            for token in found:
                any_clause = True
                add(name, token, 1.0)
            if unknown:
                for near in _typo_variants(reading, name, word):
                    add(name, near, FUZZY_BOOST)
    # Services of a type the phrase names are found even without the words; their score comes
    # from the type's fit (see _relevance), so they add only a token amount here.
    category_masks = columns.facet_masks.get(TYPE_FACET, {})
    for code in synonym_categories:
        any_clause = True
        found = category_masks.get(code)
        if found is not None:
            scores[found] += SYNONYM_TOKEN_SCORE
            matched |= found
    return _Words(scores, matched) if any_clause else None


@dataclass
class _Placed:
    """How each document relates to the origin, as arrays over every document."""

    kind: np.ndarray  # one of MATCH_KINDS' indexes, or NO_MATCH
    distance: np.ndarray  # miles to the nearest public point within the radius, or inf
    area: np.ndarray  # index into the area codes checked, or -1


MATCH_KINDS = ("anywhere", "nearby", "area", "national")
ANYWHERE, NEARBY, AREA, NATIONAL = range(4)
NO_MATCH = -1


def _place(columns: Columns, origin: Origin | None, radius: float) -> tuple[_Placed, list[str]]:
    """Nearby (a point within the radius), else covering the person's area, else national."""
    size = columns.size
    if origin is None:
        none = np.full(size, -1)
        return _Placed(np.full(size, ANYWHERE), np.full(size, np.inf), none), []
    distance = columns.nearby_miles(origin.latitude, origin.longitude, radius)
    kind = np.full(size, NO_MATCH)
    area = np.full(size, -1)
    codes = [*origin.local_codes, *origin.national_codes]
    # Earlier codes win, as the person's own council comes before their police force area.
    for position, code in reversed(list(enumerate(codes))):
        docs = columns.docs_in_area(code)
        area[docs] = position
        kind[docs] = AREA if position < len(origin.local_codes) else NATIONAL
    nearby = distance <= radius
    kind[nearby] = NEARBY
    area[nearby] = -1
    return _Placed(kind, distance, area), codes


def _typo_variants(reading: Reading, fieldname: str, word: str) -> list[str]:
    """Indexed terms of `fieldname` for words one edit from `word` (same first letter)."""
    field = reading.searcher.schema[fieldname]
    reader = reading.searcher.reader()

    def find() -> list[str]:
        if field.separate_spelling():
            # Stemmed fields keep their words as written for spelling: compare the word as
            # typed with those, then look up what each neighbour is indexed as.
            near = reader.terms_within(fieldname, word, FUZZY_MAX_EDITS, prefix=1)
            return sorted({term for w in near for term in field.process_text(w, mode="query")})
        return sorted(
            {
                near
                for token in field.process_text(word, mode="query")
                for near in reader.terms_within(fieldname, token, FUZZY_MAX_EDITS, prefix=1)
            }
        )

    return reading.columns.remember(("typos", fieldname, word), find)


def _suggestion(searcher: Searcher, word: str) -> str | None:
    """The likeliest indexed word for one the index does not know; None if it knows it."""
    if len(word) < 3 or any(
        searcher.reader().doc_frequency(name, token)
        for name in SPELLING_FIELDS
        for token in searcher.schema[name].process_text(word, mode="query")
    ):
        return None
    for name in SPELLING_FIELDS:
        suggestions = searcher.suggest(name, word, limit=1, maxdist=2)
        if suggestions:
            return suggestions[0]
    return None


def _spelling(reading: Reading, words: list[str]) -> str | None:
    corrected, changed = [], False
    for word in words:
        best = word
        suggestion = reading.columns.remember(
            ("spelling", word), lambda word=word: _suggestion(reading.searcher, word)
        )
        if suggestion is not None:
            best, changed = suggestion, True
        corrected.append(best)
    return " ".join(corrected) if changed else None


def search(
    index: SearchIndex,
    request: SearchRequest,
    *,
    synonyms: SynonymTable,
    now: datetime,
) -> SearchOutcome:
    """Run a search: filter, classify by place, count facets, rank."""
    words = words_of(request.text)
    synonym_categories = synonyms.categories_for(request.text) if words else []
    with index.reading() as reading:
        return _search(reading, request, words, synonym_categories, now)


def _search(
    reading: Reading,
    request: SearchRequest,
    words: list[str],
    synonym_categories: list[str],
    now: datetime,
) -> SearchOutcome:
    columns = reading.columns
    text = _text_scores(reading, words, synonym_categories) if words else None
    if text is None:
        # Only filler words ("I need help"): search by place and filters alone.
        words = []
        scores, matched = np.zeros(columns.size), columns.live.copy()
    else:
        scores, matched = text.scores, text.matched & columns.live
    if not request.include_examples:
        matched &= ~columns.is_example
    placed, codes = _place(columns, request.origin, request.radius_miles)
    matched &= placed.kind != NO_MATCH

    masks = {**columns.facet_masks, "open_now": {YES: columns.open_now(now)}}
    narrowed, counts = facets.narrow(masks, matched, request.filters, count=request.count_facets)
    chosen = np.flatnonzero(narrowed)
    has_text = bool(words)
    chosen_scores = scores[chosen]
    top = float(chosen_scores.max()) if len(chosen) else 0.0
    relevance = _relevance(chosen_scores / (top or 1.0), chosen, columns, synonym_categories)
    kinds = placed.kind[chosen]
    distances = placed.distance[chosen]
    ranks = _rank(relevance, kinds, distances, request.radius_miles, has_text)
    if has_text:
        order = np.lexsort((columns.sort_ids[chosen], -ranks))
    else:
        # Without words: nearest first, then services covering the area, in a stable order.
        nearest_first = np.where(kinds == NEARBY, distances, np.inf)
        order = np.lexsort((columns.sort_ids[chosen], nearest_first))
    open_now = masks["open_now"][YES]
    origin = request.origin

    def distance_of(docnum: int, kind: int) -> float | None:
        # Only nearby distances were measured for every document; others are worked out here.
        if kind == NEARBY:
            return float(placed.distance[docnum])
        if origin is None or not columns.points[docnum]:
            return None
        return min(
            distance_miles(origin.latitude, origin.longitude, lat, lon)
            for lat, lon in columns.points[docnum]
        )

    rank_of = np.zeros(columns.size)
    rank_of[chosen] = ranks

    def build(docnum: int) -> Result:
        kind = int(placed.kind[docnum])
        area = int(placed.area[docnum])
        return Result(
            id=columns.uuids[docnum],
            score=float(rank_of[docnum]),
            match=MATCH_KINDS[kind],
            distance_miles=distance_of(docnum, kind),
            area_code=codes[area] if area >= 0 else None,
            open_now=bool(open_now[docnum]),
            name=columns.names[docnum],
            points=columns.points[docnum],
            category=columns.first_category[docnum],
        )

    in_order = chosen[order]
    is_national = kinds[order] == NATIONAL
    local = Ranked(build, in_order[~is_national], placed.kind, columns.uuids)
    national = Ranked(build, in_order[is_national], placed.kind, columns.uuids)
    suggestion = _spelling(reading, words) if words and len(local) + len(national) < 3 else None
    return SearchOutcome(local, national, counts, suggestion, synonym_categories)


def _relevance(
    words: np.ndarray, docs: np.ndarray, columns: Columns, synonym_categories: list[str]
) -> np.ndarray:
    """Word relevance (0 to 1), blended with how well each service's type fits a lay phrase."""
    if not synonym_categories:
        return words
    fit = np.zeros(len(docs))
    category_masks = columns.facet_masks.get(TYPE_FACET, {})
    for rank, code in enumerate(synonym_categories):
        found = category_masks.get(code)
        if found is not None:
            fit = np.maximum(fit, np.where(found[docs], 1 - SYNONYM_STEP * rank, 0.0))
    return (1 - SYNONYM_SHARE) * words + SYNONYM_SHARE * np.maximum(fit, 0.0)


def _rank(
    relevance: np.ndarray,
    kinds: np.ndarray,
    distances: np.ndarray,
    radius_miles: float,
    has_text: bool,
) -> np.ndarray:
    nearness = np.where(
        kinds == NEARBY,
        1.0 - np.minimum(distances, radius_miles) / radius_miles,
        np.where(kinds == AREA, AREA_NEARNESS, 0.0),
    )
    if not has_text:
        return nearness
    return RELEVANCE_WEIGHT * relevance + (1 - RELEVANCE_WEIGHT) * nearness
