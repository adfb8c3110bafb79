"""The facets a person can narrow results by: one place for their keys, fields and labels.

Within one facet the chosen values are alternatives (OR); across facets they all apply (AND).
Counts for a facet are worked out with every other facet applied, so each count says how many
results that choice would give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Fields = Mapping[str, Any]


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


_YES = frozenset({YES})
_NO: frozenset[str] = frozenset()


def values_of(fields: Fields, facet: Facet) -> frozenset[str]:
    """The facet values a document has (parsed sets are used when the reader made them)."""
    raw = fields.get(facet.field)
    if not facet.multi:
        return _YES if raw else _NO
    parsed = fields.get(f"_{facet.field}")
    if parsed is not None:
        return parsed
    return frozenset(value for value in (raw or "").split(",") if value)


def _matches(fields: Fields, facet: Facet, chosen: Sequence[str]) -> bool:
    return bool(values_of(fields, facet) & set(chosen))


def apply(docs: Iterable[Fields], selection: Selection) -> list[Fields]:
    """The documents that satisfy every chosen facet."""
    active = [(FACETS_BY_KEY[key], values) for key, values in selection.items() if values]
    return [d for d in docs if all(_matches(d, facet, values) for facet, values in active)]


def counts(docs: Sequence[Fields], selection: Selection) -> dict[str, dict[str, int]]:
    """For each facet, how many documents each value would leave, other facets applied.

    One pass: a document counts for facet f when every chosen facet except (perhaps) f holds.
    """
    active = [(FACETS_BY_KEY[key], set(values)) for key, values in selection.items() if values]
    tallies: dict[str, Counter[str]] = {facet.key: Counter() for facet in FACETS}
    for fields in docs:
        values = {facet.key: values_of(fields, facet) for facet in FACETS}
        failed = [facet.key for facet, chosen in active if not values[facet.key] & chosen]
        if len(failed) > 1:
            continue
        for facet in FACETS:
            if not failed or failed[0] == facet.key:
                tallies[facet.key].update(values[facet.key])
    return {key: dict(tally) for key, tally in tallies.items()}
