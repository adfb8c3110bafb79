"""Which page of a long list was asked for, read the same way on every paged page."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from werkzeug.datastructures import MultiDict

from directory.numbers import whole_number


def page_number(args: MultiDict[str, str]) -> int:
    """The 1-based page requested; anything not a small positive whole number means page 1."""
    return whole_number(args.get("page"), max_digits=5) or 1


@dataclass(frozen=True)
class Window:
    """One page of `total` rows, `size` at a time: where it starts and how many pages there are."""

    page: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))
