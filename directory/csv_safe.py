"""The one CSV writer: every CSV the site sends or exports goes through it.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: a listing's name or a note could then call out to the network or run
a command on the machine of whoever opens the file (CSV or formula injection). Such a value is
written with a `'` in front, which spreadsheets read as "this is text" and do not show.

A value made only of digits, spaces, brackets, dots and signs is left alone: it cannot name a
function or a cell, so it cannot do harm, and quoting it would break negative numbers
("-1.54") and phone numbers ("+44 20 7946 0000") for the machines that read the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Numbers and phone numbers: no letters, no cell references, nothing a formula can call.
_INERT = re.compile(r"[0-9 ()+\-.]*[0-9][0-9 ()+\-.]*")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: object) -> str:
    """The cell text, with a leading `'` if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS) and not _INERT.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """A csv.writer whose every cell passes through `neutralise` first."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row of neutralised cells."""
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write every row, each cell neutralised."""
        for row in rows:
            self.writerow(row)


def writer(out: _Writable) -> SafeWriter:
    """A CSV writer (newline line endings) that neutralises formulas; use it for every CSV."""
    return SafeWriter(out)
