"""Searches counted in aggregate only: by day, postcode district and category, never per person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.base import Base


class SearchCount(Base):
    """How many searches one day had for one district and category, and whether they found nothing.

    No free text, full postcode, point or address of the person searching is stored.
    """

    __tablename__ = "search_count"

    day: Mapped[date] = mapped_column(primary_key=True)
    # The postcode district ("LS6") of the place searched; "" when no place was given.
    outcode: Mapped[str] = mapped_column(String(4), primary_key=True)
    # A category code chosen or implied; "" for searches with none.
    category: Mapped[str] = mapped_column(String(100), primary_key=True)
    zero_results: Mapped[bool] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
