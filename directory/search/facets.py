"""The facets a person can narrow results by: one place for their keys, fields and labels.

Within one facet the chosen values are alternatives (OR); across facets they all apply (AND).
Counts for a facet are worked out with every other facet applied, so each count says how many
results that choice would give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Facet:
    """A way to narrow results: `key` is its query-string name."""

    key: str
    label: str
    field: str
    multi: bool
    # For yes/no facets: the words next to the checkbox.
    option: str = ""


FACETS: tuple[Facet, ...] = (
    Facet("category", "Type of support", "categories", multi=True),
    Facet("self_referral", "Getting in", "self_referral", multi=False,
          option="You can contact them yourself"),
    Facet("access", "Ways to use it", "access_modes", multi=True),
    Facet("open_now", "Opening times", "open_now", multi=False, option="Open now"),
    Facet("free", "Cost", "free", multi=False, option="Free"),
    Facet("lived", "Who runs it", "lived_experience_led", multi=False,
          option="Run by people with lived experience"),
    Facet("identity", "Focus", "identity_focus", multi=True),
    Facet("language", "Languages and formats", "languages", multi=True),
)  # fmt: skip
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}
YES = "yes"

Selection = Mapping[str, Sequence[str]]
# Facet key -> value -> which documents have it, as a boolean array over every document.
Masks = Mapping[str, Mapping[str, np.ndarray]]


def _passing(masks: Masks, selection: Selection, size: int) -> dict[str, np.ndarray]:
    """For each facet with a choice: the documents holding any chosen value."""
    passing = {}
    for key, chosen in selection.items():
        if not chosen:
            continue
        found = np.zeros(size, dtype=bool)
        for value in chosen:
            value_mask = masks.get(key, {}).get(value)
            if value_mask is not None:
                found |= value_mask
        passing[key] = found
    return passing


def narrow(
    masks: Masks, matched: np.ndarray, selection: Selection, *, count: bool = True
) -> tuple[np.ndarray, dict[str, dict[str, int]]]:
    """The matched documents that satisfy every chosen facet; and, when `count`, for each
    facet how many matched documents each value would leave with the other facets applied."""
    passing = _passing(masks, selection, len(matched))
    chosen = matched.copy()
    for found in passing.values():
        chosen &= found
    return chosen, (_counts(masks, matched, passing) if count else {})


def _counts(
    masks: Masks, matched: np.ndarray, passing: Mapping[str, np.ndarray]
) -> dict[str, dict[str, int]]:
    tallies: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        base = matched.copy()
        for key, found in passing.items():
            if key != facet.key:
                base &= found
        tally = {}
        for value, value_mask in masks.get(facet.key, {}).items():
            count = int(np.count_nonzero(base & value_mask))
            if count:
                tally[value] = count
        tallies[facet.key] = tally
    return tallies
