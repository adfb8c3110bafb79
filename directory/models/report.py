"""Problem reports from the public about a listing, and counters that rate-limit the site."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.base import Base, utcnow, uuidpk


class ProblemKind(StrEnum):
    """What a member of the public says is wrong with a listing."""

    DETAILS_WRONG = "details_wrong"
    CLOSED = "closed"
    AREA = "area"
    OTHER = "other"


class ProblemReport(Base):
    """A report that a listing may be wrong; nothing about who sent it is kept."""

    __tablename__ = "problem_report"

    id: Mapped[uuidpk]
    # No foreign key: a report outlives a reload of bundled data (ids are stable) or a removal.
    service_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[ProblemKind] = mapped_column(String(20))
    details: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    # "corrected", "no change needed" or "listing removed", with a note.
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_note: Mapped[str | None] = mapped_column(Text)


class RateCount(Base):
    """How many times one key did one thing in one time window (shared by every app instance).

    Keys are one-way hashes (see `directory.limits`), never an address or an email in clear.
    """

    __tablename__ = "rate_count"

    bucket: Mapped[str] = mapped_column(String(30), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
