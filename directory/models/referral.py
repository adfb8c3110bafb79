"""Routes from one service to another: who refers, reports or signposts to whom."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, TimestampMixin, uuidpk
from directory.models.enums import Consent, RouteKind

if TYPE_CHECKING:
    from directory.models.service import Service


class ReferralRoute(TimestampMixin, Base):
    """A directed edge between two services, with the terms a practitioner needs."""

    __tablename__ = "referral_route"
    __table_args__ = (
        UniqueConstraint("from_service_id", "to_service_id", "kind"),
        CheckConstraint("from_service_id <> to_service_id", name="not_to_itself"),
    )

    id: Mapped[uuidpk]
    from_service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    to_service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    kind: Mapped[RouteKind] = mapped_column(String(20))
    self_referral: Mapped[bool] = mapped_column(default=False)
    consent: Mapped[Consent | None] = mapped_column(String(30))
    criteria: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # Where the route came from, so reloading one source keeps the routes others recorded.
    source: Mapped[str | None] = mapped_column(String(100), index=True)

    from_service: Mapped[Service] = relationship(foreign_keys=[from_service_id])
    to_service: Mapped[Service] = relationship(foreign_keys=[to_service_id])
