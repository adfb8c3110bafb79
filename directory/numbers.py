"""Numbers read from a URL or a form: ASCII digits only.

Python's `int()` and `float()` read any Unicode decimal digit (full-width `\uff11`, Arabic-Indic
`\u0661`), and `str.isdigit()` also passes superscripts (`²`) that `int()` then refuses, which
answered 500. Our pages and forms only ever send ASCII digits; anything else came from a
hand-made URL and is treated like any other text that is not a number.
"""

from __future__ import annotations

import math
import re

_WHOLE = re.compile(r"[0-9]+")
# JSON's number syntax, more or less: the API's OpenAPI document calls its numbers "number".
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# Longer than any number a page or the API asks for; a longer one is not read at all.
MAX_DECIMAL_LENGTH = 100


def whole_number(raw: str | None, max_digits: int = 9) -> int | None:
    """`raw` as a whole number of 0 or more in at most `max_digits` ASCII digits; None if not."""
    if raw is None or len(raw) > max_digits or not _WHOLE.fullmatch(raw):
        return None
    return int(raw)


def decimal_number(raw: str | None, *, signed: bool = False) -> float | None:
    """`raw` as a finite decimal in ASCII digits (`12`, `0.5`, `2e-3`, and `-1.55` if `signed`);
    None if not (`inf`, `nan`, `1e999` included)."""
    if raw is None or len(raw) > MAX_DECIMAL_LENGTH or not _DECIMAL.fullmatch(raw):
        return None
    if raw.startswith("-") and not signed:
        return None
    value = float(raw)
    return value if math.isfinite(value) else None
