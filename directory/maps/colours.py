"""A stable, colour-blind-aware palette for service categories.

The first colours are Okabe & Ito's and Paul Tol's colour-blind-safe qualitative schemes; no
palette keeps more than about ten colours apart for every kind of colour vision, so colour is
never the only cue on a map: every popup and the map key name the category in words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# Okabe-Ito (black left out: it is the marker outline), then Paul Tol's muted, bright, vibrant
# and light schemes with near-duplicates removed. 32 colours, all distinct.
PALETTE: tuple[str, ...] = (
    # Okabe-Ito
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    # Tol muted
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    # Tol bright
    "#4477AA",
    "#EE6677",
    "#228833",
    "#AA3377",
    "#BBBBBB",
    # Tol vibrant
    "#EE7733",
    "#0077BB",
    "#33BBEE",
    "#EE3377",
    "#CC3311",
    "#009988",
    # Tol light
    "#77AADD",
    "#EE8866",
    "#FFAABB",
    "#BBCC33",
    "#AAAA00",
)


def _slot(code: str) -> int:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % len(PALETTE)


def category_colours(codes: Iterable[str]) -> dict[str, str]:
    """Map each category code to a hex colour.

    A code's colour comes from a hash of the code (not of Python's randomised ``hash``), so it is
    the same on every run and every machine. When two codes land on the same colour, the one that
    sorts first keeps it and the other takes the next free colour, so the codes given always get
    distinct colours (up to ``len(PALETTE)`` codes; beyond that colours repeat). Pass the site's
    full category list to get the same colours on every map, whatever each map shows.
    """
    unique = sorted(set(codes))
    taken: set[int] = set()
    out: dict[str, str] = {}
    for code in unique:
        slot = _slot(code)
        if len(taken) < len(PALETTE):
            while slot in taken:
                slot = (slot + 1) % len(PALETTE)
            taken.add(slot)
        out[code] = PALETTE[slot]
    return out
