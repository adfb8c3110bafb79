"""Opening hours as iCal-style recurrence rules (HSDS `schedule`)."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, uuidpk

if TYPE_CHECKING:
    from directory.models.location import Location
    from directory.models.service import Service


class Schedule(Base):
    """When a service is open: `byday` like "MO,TU" or "1WE" with `freq` WEEKLY or MONTHLY."""

    __tablename__ = "schedule"

    id: Mapped[uuidpk]
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"), index=True)
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("location.id"), index=True)
    service_at_location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_at_location.id")
    )
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    dtstart: Mapped[date | None]
    until: Mapped[date | None]
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(10))
    interval: Mapped[int | None]
    byday: Mapped[str | None] = mapped_column(String(100))
    bymonthday: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[time | None]
    closes_at: Mapped[time | None]
    schedule_link: Mapped[str | None] = mapped_column(String(500))
    attending_type: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="schedules")
    location: Mapped[Location | None] = relationship(back_populates="schedules")
