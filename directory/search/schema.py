"""The whoosh schema: what a service looks like to the search engine."""

from __future__ import annotations

from whoosh.analysis import STOP_WORDS, Analyzer, CharsetFilter, StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# Fields scored by relevance, with how much a match in each counts.
TEXT_FIELDS = {"name": 3.0, "organization": 1.5, "categories_text": 2.0, "description": 1.0}
# Fields with spelling data, for "did you mean".
SPELLING_FIELDS = ("name", "description", "categories_text")


# Words people in distress use around what they need, which say nothing about which service.
LAY_STOP_WORDS = frozenset(
    {
        "i", "im", "me", "my", "myself", "mine", "someone", "somebody", "keeps", "keep",
        "kept", "need", "needs", "want", "wants", "get", "getting", "got", "please", "help",
        "near", "nearby", "local", "around",
    }
)  # fmt: skip


def text_analyzer() -> Analyzer:
    """Stemmed, lower-cased, accent-folded words ("cafés" matches "cafe"), filler words dropped."""
    return StemmingAnalyzer(stoplist=STOP_WORDS | LAY_STOP_WORDS) | CharsetFilter(accent_map)


def _keywords() -> KEYWORD:
    return KEYWORD(commas=True, scorable=False, stored=True)


def service_schema() -> Schema:
    """One document per service; `id` is the service UUID as text.

    Facet fields are stored too, so a search can count facets without touching the database.
    """
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=analyzer, field_boost=TEXT_FIELDS["name"], spelling=True, stored=True),
        organization=TEXT(analyzer=analyzer, field_boost=TEXT_FIELDS["organization"]),
        categories_text=TEXT(
            analyzer=analyzer, field_boost=TEXT_FIELDS["categories_text"], spelling=True
        ),
        description=TEXT(analyzer=analyzer, spelling=True),
        categories=_keywords(),
        access_modes=_keywords(),
        identity_focus=_keywords(),
        languages=_keywords(),
        area_codes=_keywords(),
        referral_route=ID(stored=True),
        self_referral=BOOLEAN(stored=True),
        free=BOOLEAN(stored=True),
        lived_experience_led=BOOLEAN(stored=True),
        is_example=BOOLEAN(stored=True),
        points=STORED(),
        hours=STORED(),
    )
