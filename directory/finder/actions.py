"""Writes the finder needs: the aggregate search counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from directory.models import SearchCount


def count_search(
    session: Session, day: date, outcode: str | None, categories: Sequence[str], zero: bool
) -> None:
    """Add one search to the aggregate counts (district, category, found nothing) and commit."""
    for category in categories or [""]:
        values = {"day": day, "outcode": outcode or "", "category": category,
                  "zero_results": zero, "count": 1}  # fmt: skip
        insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
        stmt = insert(SearchCount).values(**values)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["day", "outcode", "category", "zero_results"],
                set_={"count": SearchCount.count + 1},
            )
        )
    session.commit()
