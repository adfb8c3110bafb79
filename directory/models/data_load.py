"""A record of each bundled file loaded, so a second load can skip unchanged files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.base import Base, utcnow


class DataLoad(Base):
    """The checksum and row count of a bundled dataset as last loaded."""

    __tablename__ = "data_load"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
