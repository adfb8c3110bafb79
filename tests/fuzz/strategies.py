"""What an attacker or a broken link might put in a query string, and what must never come back."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded so the suite stays quick; raise WAYMARK_FUZZ_SCALE (e.g. 10) for a deeper local run.
SCALE = float(os.environ.get("WAYMARK_FUZZ_SCALE") or 1)


def fuzz_settings(examples: int) -> settings:
    """Deterministic in the suite (the same examples every run, so CI cannot flake on luck);
    random and wider when WAYMARK_FUZZ_SCALE is set."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        database=None,
        derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.too_slow],
    )


# Text that has tripped search engines and SQL before: query syntax, wildcards, quotes, NULs,
# huge numbers, right-to-left marks, lone surrogates are left out (they cannot be URL-encoded).
_NASTY = [
    "",
    " ",
    "*",
    "?",
    "~",
    "a*",
    "title:x",
    "AND",
    "OR NOT",
    "(",
    ")",
    '"',
    "'",
    "\\",
    "%",
    "_",
    "' OR 1=1 --",
    "'; DROP TABLE service; --",
    "\x00",
    "\u202e",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "0",
    "99999999999999999999",
    # Digits that are not ASCII: superscript two, full-width 12, Arabic-Indic 3.
    "\u00b2",
    "\uff11\uff12",
    "\u0663",
    "LS6 1AA",
    "LS6",
    "Leeds",
    "SW1A",
    "ZZ99 9ZZ",
    "x" * 1000,
]
_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),  # no lone surrogates
    max_size=300,
)
nasty_text = st.one_of(st.sampled_from(_NASTY), _text)
numbers_as_text = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    nasty_text,
)


def values(strategy: st.SearchStrategy[str], max_size: int = 3) -> st.SearchStrategy[list[str]]:
    """A parameter given no times, once, or several times (`?a=1&a=2`)."""
    return st.lists(strategy, max_size=max_size)


# What must never reach a person: a crash page, a stack trace, or the engine's own words.
LEAKS = re.compile(
    r"Traceback|whoosh|sqlalchemy|sqlite3|psycopg|OperationalError|ProgrammingError"
    r"|QueryParserError|Internal Server Error|\bFile \"/",
    re.IGNORECASE,
)


def assert_handled(response, where: str) -> None:
    """A 200 or a 4xx, never a 500, and no internal error text in the body."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    leak = LEAKS.search(body)
    if leak:
        context = body[max(0, leak.start() - 80) : leak.end() + 80]
        raise AssertionError(f"{where} leaked {leak.group(0)!r}: ...{context}...")
    if 400 <= response.status_code < 500:
        assert body.strip(), f"{where} answered {response.status_code} with no message"
