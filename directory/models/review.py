"""Changes to listings held for review, and the audit history of everything done to a listing."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, utcnow, uuidpk

if TYPE_CHECKING:
    from directory.models.account import User


class ChangeStatus(StrEnum):
    """Where a proposed change is: waiting, made public, or turned down."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ChangeRequest(Base):
    """One proposed change to one part of a listing, with the values before and after.

    `before` is what the editor saw; `after` is what they asked for (None removes the part).
    Nothing here is public until an admin approves it and it is applied to the listing.
    At most one change per part (`section`, `target_id`) waits at a time: the database says
    so, so two editors saving at the same moment cannot both get theirs queued.
    """

    __tablename__ = "change_request"
    __table_args__ = (
        Index(
            "uq_change_request_one_pending",
            "section",
            "target_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[uuidpk]
    # Listing ids without foreign keys: history outlives a reload or removal of the listing.
    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    # None for a proposed new service (it gets this id when approved: `target_id`).
    service_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # Which part of the listing: "organization", "details", "contact", "hours", "areas",
    # "location" or "route".
    section: Mapped[str] = mapped_column(String(20))
    # The record the part belongs to: the organisation, the service, the location or route
    # (or the id a new service, location or route will get).
    target_id: Mapped[uuid.UUID]
    # The listing's version when the editor opened the form.
    base_version: Mapped[int]
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[ChangeStatus] = mapped_column(
        String(10), default=ChangeStatus.PENDING, index=True
    )
    submitted_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_reason: Mapped[str | None] = mapped_column(Text)

    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])


class AuditEntry(Base):
    """Something done to a listing: who, when, what, and the values before and after."""

    __tablename__ = "audit_entry"

    id: Mapped[uuidpk]
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # The account that acted; None for the public (a problem report) or a command.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(320))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # "submitted", "approved", "rejected", "verified", "reported", "report resolved", ...
    action: Mapped[str] = mapped_column(String(30))
    section: Mapped[str | None] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("change_request.id"))
