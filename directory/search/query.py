"""Turn what a person typed into ranked service ids. User text is never query syntax."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import query as q

from directory.search.index import SearchIndex
from directory.search.schema import TEXT_FIELDS

MAX_WORDS = 32
FUZZY_MIN_LENGTH = 5
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """A matching service and its relevance score."""

    id: uuid.UUID
    score: float


def words_of(text: str) -> list[str]:
    """The words in `text`, lower-cased, capped so a pasted essay cannot slow a search."""
    return WORD.findall(text[:2000].lower())[:MAX_WORDS]


def _text_query(index: SearchIndex, words: list[str]) -> q.Query:
    schema = index.schema()
    clauses: list[q.Query] = []
    for word in words:
        for field in TEXT_FIELDS:
            for token in schema[field].process_text(word, mode="query"):
                clauses.append(q.Term(field, token))
                if len(word) >= FUZZY_MIN_LENGTH:
                    clauses.append(q.FuzzyTerm(field, token, boost=0.5, maxdist=1, prefixlength=2))
    return q.Or(clauses) if clauses else q.NullQuery


def find_ids(
    index: SearchIndex,
    text: str,
    *,
    categories: Iterable[str] = (),
    include_examples: bool = True,
    limit: int = 1000,
) -> list[Hit]:
    """Services matching `text` and the filters, best first (all of them when text is empty)."""
    words = words_of(text)
    query = _text_query(index, words) if words else q.Every()
    filters: list[q.Query] = []
    wanted = [q.Term("categories", code) for code in categories]
    if wanted:
        filters.append(q.Or(wanted))
    if not include_examples:
        filters.append(q.Not(q.Term("is_example", True)))
    combined = q.And([query, *filters]) if filters else query
    return [Hit(uuid.UUID(key), score) for key, score in index.search(combined, limit)]
