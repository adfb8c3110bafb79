"""Who checked a listing, how, and when: what HSDS's assured_date cannot say alone."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, uuidpk
from directory.models.enums import VerificationMethod

if TYPE_CHECKING:
    from directory.models.service import Service


class Verification(Base):
    """One check of a listing against a source (a web page, a dataset, the provider)."""

    __tablename__ = "verification"

    id: Mapped[uuidpk]
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    method: Mapped[VerificationMethod] = mapped_column(String(30))
    verified_by: Mapped[str]
    checked_on: Mapped[date]
    source_url: Mapped[str | None] = mapped_column(String(1000))
    # The source's own apparent date; None when the page is undated.
    source_date: Mapped[date | None]
    # How much of source_date the page really gave: "day", "month" or "year".
    source_date_precision: Mapped[str] = mapped_column(String(5), default="day")
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="verifications")
