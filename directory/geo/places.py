"""The search key for place names, shared by the loader and by place searches."""

from __future__ import annotations

import re
import unicodedata

# Apostrophes vanish ("King's Lynn" -> "kings lynn"); any other punctuation becomes a space
# ("Stoke-on-Trent" -> "stoke on trent", "St. Ann's" -> "st anns").
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`\u00b4")
_NON_WORD = re.compile(r"[\W_]+")


def place_key(text: str) -> str:
    """Return the lookup key for a place name: accents, case, punctuation and spacing folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    unaccented = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unaccented.translate(_APOSTROPHES).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())
