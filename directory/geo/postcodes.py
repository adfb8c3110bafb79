"""UK postcode normalising, formatting and shape checks (pure functions, no database).

Shapes follow the standard UK postcode rules: an outward code (A9, A99, AA9, AA99, A9A or
AA9A, with Royal Mail's letter restrictions on the first two letters) and an inward code (digit
+ two letters, never C, I, K, M, O or V). The final letter of A9A/AA9A outcodes may be any
letter, because retired districts still in the bundled data use letters the current rule
forbids (W1M, W1N, ...). Only the shape is checked, not whether the postcode exists; the
non-standard "NPT" (old Newport) area is not accepted.
"""

from __future__ import annotations

import re

_OUTCODE = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-Z]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][A-Z])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"

_FULL_RE = re.compile(rf"(?P<out>{_OUTCODE})(?P<in>{_INWARD})")
_OUTCODE_RE = re.compile(_OUTCODE)
_SECTOR_RE = re.compile(rf"(?P<out>{_OUTCODE}) (?P<digit>[0-9])")

# The longest real form, "EC1A 1BB" without its space, is 7 characters; anything much longer
# is rejected before any regex runs.
_MAX_LENGTH = 8


def normalise_postcode(text: str) -> str:
    """Return `text` upper-cased with all whitespace removed: the postcode table's key form."""
    return "".join(text.split()).upper()


def _sector_form(text: str) -> str:
    """Return `text` upper-cased with whitespace runs collapsed to one space and trimmed."""
    return " ".join(text.split()).upper()


def is_full_postcode(text: str) -> bool:
    """Return whether `text` has the shape of a full postcode, ignoring case and spaces."""
    key = normalise_postcode(text)
    return len(key) <= _MAX_LENGTH and _FULL_RE.fullmatch(key) is not None


def is_outcode(text: str) -> bool:
    """Return whether `text` has the shape of an outward code ("LS6"; "LS6 1" is a sector)."""
    form = _sector_form(text)
    return len(form) <= _MAX_LENGTH and _OUTCODE_RE.fullmatch(form) is not None


def is_sector(text: str) -> bool:
    """Return whether `text` is a sector ("LS6 1"); it needs the space ("LS61" is an outcode)."""
    form = _sector_form(text)
    return len(form) <= _MAX_LENGTH and _SECTOR_RE.fullmatch(form) is not None


def format_postcode(text: str) -> str:
    """Return the printed form: "ls61aa" -> "LS6 1AA", "ls6  1" -> "LS6 1", else normalised."""
    key = normalise_postcode(text)
    if len(key) <= _MAX_LENGTH and (match := _FULL_RE.fullmatch(key)):
        return f"{match['out']} {match['in']}"
    if is_sector(text):
        return _sector_form(text)
    return key
