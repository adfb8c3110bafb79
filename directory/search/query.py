"""Turn what a person asked into ranked results. User text is never query syntax.

Near a place, three things count: services with a point within the radius, services whose
area covers the person's authority or police force, and national services (kept apart so they
never crowd out local ones).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from whoosh import query as q
from whoosh.searching import Searcher

from directory import opening_hours
from directory.geo.distance import bounding_box, distance_miles
from directory.geo.gazetteer import LocatedPoint
from directory.search import facets
from directory.search.index import Reading, SearchIndex
from directory.search.schema import SPELLING_FIELDS, TEXT_FIELDS, cells_within
from directory.search.synonyms import SynonymTable

MAX_WORDS = 32
MAX_TEXT = 2000
FUZZY_MIN_LENGTH = 5
WORD = re.compile(r"\w+", re.UNICODE)
# How much a result's place in the ranking owes to relevance rather than nearness.
RELEVANCE_WEIGHT = 0.65
# Nearness credited to a service that covers the person's area but has no point nearby: it
# serves them wherever they are in it.
AREA_NEARNESS = 0.75
# When a lay phrase names what the person needs, services of that type count as relevant as
# the best word match; the phrase's first types a little more than its later ones.
SYNONYM_SHARE = 0.5
FILTER_SCORE = 1.0
SYNONYM_STEP = 0.1


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


@dataclass
class SearchOutcome:
    """Results, the national group, facet counts and a spelling suggestion."""

    results: list[Result]
    national: list[Result]
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


def _text_query(searcher: Searcher, words: list[str], synonym_categories: list[str]) -> q.Query:
    reader = searcher.reader()
    clauses: list[q.Query] = []
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
                clauses.append(q.Term(name, token))
                if unknown:
                    clauses.append(q.FuzzyTerm(name, token, boost=0.6, maxdist=1, prefixlength=1))
    # Retrieved by type, scored in Python (see _relevance): a tiny constant keeps BM25 clean.
    clauses.extend(
        q.ConstantScoreQuery(q.Term("categories", code), score=0.001) for code in synonym_categories
    )
    return q.Or(clauses) if clauses else q.NullQuery


def _place_query(origin: Origin, radius_miles: float) -> q.Query:
    min_lat, max_lat, min_lon, max_lon = bounding_box(
        origin.latitude, origin.longitude, radius_miles
    )
    codes = [*origin.local_codes, *origin.national_codes]
    cells = cells_within(min_lat, max_lat, min_lon, max_lon)
    return q.Or(
        [
            *(q.Term("cells", cell) for cell in cells),
            *(q.Term("area_codes", code) for code in codes),
        ]
    )


def _classify(
    fields: Mapping[str, Any], origin: Origin | None, radius: float
) -> tuple[str, float | None, str | None] | None:
    """How a document relates to the origin: (match, distance, area code), or None if it doesn't."""
    if origin is None:
        return "anywhere", None, None
    distances = [
        distance_miles(origin.latitude, origin.longitude, lat, lon)
        for lat, lon in fields.get("points") or []
    ]
    nearest = min(distances) if distances else None
    if nearest is not None and nearest <= radius:
        return "nearby", nearest, None
    codes = fields["_area_codes"]
    local = next((c for c in origin.local_codes if c in codes), None)
    if local:
        return "area", nearest, local
    national = next((c for c in origin.national_codes if c in codes), None)
    if national:
        return "national", nearest, national
    return None


def _spelling(searcher: Searcher, words: list[str]) -> str | None:
    corrected, changed = [], False
    for word in words:
        best = word
        if len(word) >= 3 and not any(
            searcher.reader().doc_frequency(name, token)
            for name in SPELLING_FIELDS
            for token in searcher.schema[name].process_text(word, mode="query")
        ):
            for name in SPELLING_FIELDS:
                suggestions = searcher.suggest(name, word, limit=1, maxdist=2)
                if suggestions:
                    best, changed = suggestions[0], True
                    break
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
    searcher = reading.searcher
    query = _text_query(searcher, words, synonym_categories) if words else q.NullQuery
    if query is q.NullQuery:
        # Only filler words ("I need help"): search by place and filters alone.
        words, query = [], q.Every()
    filters: list[q.Query] = []
    if request.origin is not None:
        filters.append(_place_query(request.origin, request.radius_miles))
    if not request.include_examples:
        filters.append(q.Not(q.Term("is_example", True)))
    if filters and not words:
        # Without words the filters are the whole query: no need to walk every document.
        query = q.And(filters) if len(filters) > 1 else filters[0]
    elif filters:
        # Intersected in the matcher (fast); the constant it adds to every hit is taken off
        # below, so ranks are the words' alone.
        query = q.And([query, q.ConstantScoreQuery(q.And(filters), score=FILTER_SCORE)])
    offset = FILTER_SCORE if filters and words else 0.0
    hits = searcher.search(query, limit=None, scored=bool(words))

    candidates: list[dict[str, Any]] = []
    for hit in hits:
        fields = reading.fields(hit.docnum)
        placed = _classify(fields, request.origin, request.radius_miles)
        if placed is None:
            continue
        candidates.append(
            {
                **fields,
                "_score": max((hit.score or 0.0) - offset, 0.0),
                "_placed": placed,
                "open_now": opening_hours.is_open(fields.get("hours") or "", now),
            }
        )
    counts = facets.counts(candidates, request.filters)
    chosen = facets.apply(candidates, request.filters)
    top = max((c["_score"] for c in chosen), default=0.0) or 1.0
    local, national = [], []
    for candidate in chosen:
        match, distance, area = candidate["_placed"]
        relevance = _relevance(candidate, top, synonym_categories)
        result = Result(
            id=uuid.UUID(candidate["id"]),
            score=_rank(relevance, match, distance, request, bool(words)),
            match=match,
            distance_miles=distance,
            area_code=area,
            open_now=candidate["open_now"],
            name=candidate.get("name") or "",
            points=tuple(tuple(p) for p in candidate.get("points") or ()),
            category=(candidate.get("categories") or "").split(",")[0],
        )
        (national if match == "national" else local).append(result)
    order = _order_key(bool(words))
    local.sort(key=order)
    national.sort(key=order)
    suggestion = _spelling(searcher, words) if words and len(local) + len(national) < 3 else None
    return SearchOutcome(local, national, counts, suggestion, synonym_categories)


def _relevance(candidate: Mapping[str, Any], top: float, synonym_categories: list[str]) -> float:
    """Word relevance (0 to 1), blended with how well the service's type fits a lay phrase."""
    words = candidate["_score"] / top
    if not synonym_categories:
        return words
    own = set((candidate.get("categories") or "").split(","))
    fit = max(
        (1 - SYNONYM_STEP * rank for rank, code in enumerate(synonym_categories) if code in own),
        default=0.0,
    )
    return (1 - SYNONYM_SHARE) * words + SYNONYM_SHARE * max(fit, 0.0)


def _rank(
    relevance: float, match: str, distance: float | None, request: SearchRequest, has_text: bool
) -> float:
    if match == "nearby" and distance is not None:
        nearness = 1.0 - min(distance, request.radius_miles) / request.radius_miles
    elif match == "area":
        nearness = AREA_NEARNESS
    else:
        nearness = 0.0
    if not has_text:
        return nearness
    return RELEVANCE_WEIGHT * relevance + (1 - RELEVANCE_WEIGHT) * nearness


def _order_key(has_text: bool) -> Any:
    def key(result: Result) -> tuple[Any, ...]:
        if has_text:
            return (-result.score, str(result.id))
        # Without words: nearest first, then services covering the area, in a stable order.
        distance = result.distance_miles if result.match == "nearby" else math.inf
        return (distance, str(result.id))

    return key
