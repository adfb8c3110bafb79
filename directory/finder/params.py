"""Parse the finder's query strings; anything odd is dropped or reported, never a crash."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from directory.vocabulary import Vocabulary

MAX_TEXT = 200
PAGE_SIZE = 50


@dataclass(frozen=True)
class SearchParams:
    """What a person asked the finder for."""

    text: str
    categories: tuple[str, ...]

    @classmethod
    def from_args(cls, args: MultiDict[str, str], vocabulary: Vocabulary) -> SearchParams:
        """Read `q` and `category` from a query string; unknown categories are ignored."""
        text = " ".join(args.get("q", "").split())[:MAX_TEXT]
        known = {term.code for term in vocabulary.categories}
        categories = tuple(dict.fromkeys(c for c in args.getlist("category") if c in known))
        return cls(text=text, categories=categories)

    @property
    def is_empty(self) -> bool:
        """True when nothing was asked for (show the form, not results)."""
        return not self.text and not self.categories


def page_number(args: MultiDict[str, str]) -> int:
    """The 1-based page requested; anything not a small positive whole number means page 1."""
    raw = args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 6 and int(raw) > 0 else 1
