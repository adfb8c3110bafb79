"""The progress callback loaders report through: (label, rows done, total rows or None)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]


def quiet(label: str, done: int, total: int | None) -> None:
    """Ignore a progress report (the default when the caller does not want any)."""
