"""The whoosh schema: what a service looks like to the search engine."""

from __future__ import annotations

import math

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


# A tenth of a degree: about 11 km north to south and 7 km east to west in England.
CELL_DEGREES = 0.1


def cell_of(latitude: float, longitude: float) -> str:
    """The grid cell holding a point, as an index term ("538:-16")."""
    return f"{math.floor(latitude / CELL_DEGREES)}:{math.floor(longitude / CELL_DEGREES)}"


def cells_within(min_lat: float, max_lat: float, min_lon: float, max_lon: float) -> list[str]:
    """Every grid cell that touches a bounding box."""
    rows = range(math.floor(min_lat / CELL_DEGREES), math.floor(max_lat / CELL_DEGREES) + 1)
    cols = range(math.floor(min_lon / CELL_DEGREES), math.floor(max_lon / CELL_DEGREES) + 1)
    return [f"{row}:{col}" for row in rows for col in cols]


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
        # Grid cells of every public location (several per service): a cheap prefilter for
        # "near here" that an exact distance check then confirms.
        cells=KEYWORD(commas=True, scorable=False),
        points=STORED(),
        hours=STORED(),
    )
