"""Lay words people type, mapped to the service types they mean (from data/synonyms.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from whoosh.lang.porter import stem

from directory.search.schema import LAY_STOP_WORDS

SYNONYMS_FILE = "synonyms.yaml"
_WORD = re.compile(r"[a-z0-9]+")


class SynonymError(ValueError):
    """The synonyms file is malformed; the message names the entry."""


def stems(text: str) -> tuple[str, ...]:
    """Stemmed words without filler ("me", "someone"), so "called me names" meets "called names"."""
    plain = text.lower().replace("'", "").replace("\u2019", "")
    return tuple(stem(word) for word in _WORD.findall(plain) if word not in LAY_STOP_WORDS)


@dataclass(frozen=True)
class SynonymTable:
    """Phrases (as stem sequences) and the category codes each one implies."""

    entries: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def categories_for(self, text: str) -> list[str]:
        """Category codes implied by any phrase in `text`, most specific (longest) phrase first."""
        words = stems(text)
        found: list[str] = []
        for phrase, categories in self.entries:
            n = len(phrase)
            if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
                found.extend(c for c in categories if c not in found)
        return found


def parse_synonyms(raw: object, known_categories: set[str]) -> SynonymTable:
    """Validate the YAML document against the known category codes."""
    if not isinstance(raw, dict):
        raise SynonymError("synonyms file must be a mapping of groups")
    entries = []
    for group, body in raw.items():
        if not isinstance(body, dict) or not body.get("categories") or not body.get("phrases"):
            raise SynonymError(f"{group}: needs 'categories' and 'phrases'")
        unknown = set(body["categories"]) - known_categories
        if unknown:
            raise SynonymError(f"{group}: unknown categories {', '.join(sorted(unknown))}")
        for phrase in body["phrases"]:
            words = stems(str(phrase))
            if not words:
                raise SynonymError(f"{group}: empty phrase {phrase!r}")
            entries.append((words, tuple(body["categories"])))
    entries.sort(key=lambda entry: -len(entry[0]))
    return SynonymTable(tuple(entries))


@cache
def read_synonyms(path: Path, known_categories: frozenset[str]) -> SynonymTable:
    """Read and validate the synonyms file (cached: it does not change while running)."""
    with path.open(encoding="utf-8") as handle:
        return parse_synonyms(yaml.safe_load(handle), set(known_categories))
