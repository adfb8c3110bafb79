"""The whoosh schema: what a service looks like to the search engine."""

from __future__ import annotations

from whoosh.analysis import Analyzer, CharsetFilter, StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, TEXT, Schema
from whoosh.support.charset import accent_map

# Fields scored by relevance, with how much a match in each counts.
TEXT_FIELDS = {"name": 3.0, "organization": 1.5, "categories_text": 1.5, "description": 1.0}


def text_analyzer() -> Analyzer:
    """Stemmed, lower-cased, accent-folded words ("cafés" matches "cafe")."""
    return StemmingAnalyzer() | CharsetFilter(accent_map)


def service_schema() -> Schema:
    """One document per service; `id` is the service UUID as text."""
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=analyzer, field_boost=TEXT_FIELDS["name"], spelling=True),
        organization=TEXT(analyzer=analyzer, field_boost=TEXT_FIELDS["organization"]),
        categories_text=TEXT(analyzer=analyzer, field_boost=TEXT_FIELDS["categories_text"]),
        description=TEXT(analyzer=analyzer, spelling=True),
        categories=KEYWORD(commas=True, scorable=False),
        area_codes=KEYWORD(commas=True, scorable=False),
        is_example=BOOLEAN(),
    )
