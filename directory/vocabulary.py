"""Our service types and facets, read from `data/categories.yaml` (the one place they live)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATEGORY_TAXONOMY = "Waymark service types"
FACET_TAXONOMIES = {
    "access_mode": "Waymark access modes",
    "identity_focus": "Waymark identity-led focus",
}


class VocabularyError(ValueError):
    """The categories file is malformed; the message names the problem."""


@dataclass(frozen=True)
class Term:
    """A code with a human name and an optional plain-English description."""

    code: str
    name: str
    description: str = ""
    # Lines to offer first, on the home page, to someone who needs to talk now.
    crisis: bool = False
    # False for help that needs no listing to reach (999): never a gap, never searched for.
    needs_listing: bool = True
    # How far people reasonably travel to this kind of service, for accessibility scores.
    catchment_km: float = 10.0
    # A search for it could put someone at risk if known (domestic or sexual abuse): its
    # search counts are published only for whole councils, never postcode districts.
    sensitive: bool = False


@dataclass(frozen=True)
class CategoryGroup:
    """A heading on the browse page and the categories under it."""

    code: str
    name: str
    categories: tuple[Term, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Every category and facet value, with lookups by code."""

    name: str
    description: str
    version: str
    groups: tuple[CategoryGroup, ...]
    facets: dict[str, tuple[Term, ...]]

    @property
    def categories(self) -> tuple[Term, ...]:
        """All categories in display order."""
        return tuple(term for group in self.groups for term in group.categories)

    @property
    def crisis_codes(self) -> tuple[str, ...]:
        """Categories whose national lines the home page offers first."""
        return tuple(term.code for term in self.categories if term.crisis)

    @property
    def unlisted_codes(self) -> frozenset[str]:
        """Categories that need no listing (999): a pathway step of only these is not a gap."""
        return frozenset(term.code for term in self.categories if not term.needs_listing)

    @property
    def sensitive_codes(self) -> frozenset[str]:
        """Categories whose search counts are never published by postcode district."""
        return frozenset(term.code for term in self.categories if term.sensitive)

    def category(self, code: str) -> Term | None:
        """The category with `code`, or None."""
        return next((term for term in self.categories if term.code == code), None)

    def group_of(self, code: str) -> CategoryGroup | None:
        """The group holding category `code`, or None."""
        return next((g for g in self.groups if any(t.code == code for t in g.categories)), None)


def _term(raw: object, where: str) -> Term:
    if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
        raise VocabularyError(f"{where}: each entry needs a code and a name")
    return Term(
        str(raw["code"]),
        str(raw["name"]),
        str(raw.get("description") or ""),
        crisis=bool(raw.get("crisis", False)),
        needs_listing=bool(raw.get("needs_listing", True)),
        catchment_km=float(raw.get("catchment_km", 10.0)),
        sensitive=bool(raw.get("sensitive", False)),
    )


def parse_vocabulary(raw: dict) -> Vocabulary:
    """Validate and build a Vocabulary from the YAML document."""
    try:
        taxonomy = raw["taxonomy"]
        groups = tuple(
            CategoryGroup(
                str(group["code"]),
                str(group["name"]),
                tuple(_term(t, f"group {group['code']}") for t in group["categories"]),
            )
            for group in raw["groups"]
        )
        facets = {
            name: tuple(_term(t, f"facet {name}") for t in terms)
            for name, terms in (raw.get("facets") or {}).items()
        }
        vocabulary = Vocabulary(
            str(taxonomy["name"]),
            str(taxonomy["description"]),
            str(taxonomy.get("version", "1")),
            groups,
            facets,
        )
    except (KeyError, TypeError) as exc:
        raise VocabularyError(f"categories file is missing {exc}") from exc
    codes = [t.code for t in vocabulary.categories] + [g.code for g in groups]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise VocabularyError(f"duplicate codes: {', '.join(duplicates)}")
    return vocabulary


CATEGORIES_FILE = "categories.yaml"


def vocabulary_in(data_dir: Path) -> Vocabulary:
    """The vocabulary in a data folder (cached)."""
    return read_vocabulary(data_dir / CATEGORIES_FILE)


@cache
def read_vocabulary(path: Path) -> Vocabulary:
    """Read and validate the categories file (cached: it does not change while running)."""
    with path.open(encoding="utf-8") as handle:
        return parse_vocabulary(yaml.safe_load(handle))
