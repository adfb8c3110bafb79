"""How our service types map to other taxonomies (LGA/esd, Open Referral), from data/.

Each category says, for each scheme, either the term it maps to (with the source that
vouches for it) or plainly that there is none. The API publishes this on every term.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MAPPINGS_FILE = "taxonomy_mappings.yaml"
NONE = "none"


class MappingError(ValueError):
    """The mappings file is malformed; the message names the category and scheme."""


@dataclass(frozen=True)
class Scheme:
    """An external taxonomy we map to."""

    key: str
    name: str
    none: str
    list_uri: str | None = None
    term_uri: str | None = None


@dataclass(frozen=True)
class Mapping:
    """One category's place in one scheme: a term, or None with the reason why not."""

    scheme: Scheme
    code: str | None = None
    name: str | None = None
    source: str | None = None

    def published(self) -> dict[str, Any]:
        """As the API shows it, beside the term (`x_waymark_mappings`)."""
        out: dict[str, Any] = {"taxonomy": self.scheme.name}
        if self.scheme.list_uri:
            out["uri"] = self.scheme.list_uri
        if self.code is None:
            out["status"] = "no verified term"
            out["note"] = " ".join(self.scheme.none.split())
            return out
        out.update(status="mapped", code=self.code, name=self.name, source=self.source)
        if self.scheme.term_uri:
            out["term_uri"] = self.scheme.term_uri.format(code=self.code)
        return out


def parse_mappings(raw: Any, categories: Iterable[str]) -> dict[str, list[Mapping]]:
    """Validate the document: every category, every scheme, a source for every mapped term."""
    try:
        schemes = [Scheme(key=k, **v) for k, v in raw["schemes"].items()]
        entries = raw["mappings"]
    except (KeyError, TypeError, AttributeError) as exc:
        raise MappingError(f"mappings file needs schemes and mappings ({exc})") from exc
    wanted = list(categories)
    missing = [code for code in wanted if code not in entries]
    unknown = [code for code in entries if code not in wanted]
    if missing or unknown:
        raise MappingError(f"categories missing: {missing}; not categories: {unknown}")
    result: dict[str, list[Mapping]] = {}
    for code in wanted:
        entry = entries[code] or {}
        result[code] = [_mapping(code, scheme, entry.get(scheme.key)) for scheme in schemes]
    return result


def _mapping(code: str, scheme: Scheme, value: Any) -> Mapping:
    if value == NONE:
        return Mapping(scheme)
    if not isinstance(value, dict) or not all(value.get(k) for k in ("code", "name", "source")):
        raise MappingError(
            f"{code}/{scheme.key}: say 'none' or give code, name and source (never a guess)"
        )
    return Mapping(scheme, str(value["code"]), str(value["name"]), str(value["source"]))


@cache
def read_mappings(path: Path, categories: tuple[str, ...]) -> dict[str, list[Mapping]]:
    """Read and validate the mappings file (cached: it does not change while running)."""
    with path.open(encoding="utf-8") as handle:
        return parse_mappings(yaml.safe_load(handle), categories)
