"""Languages a service, location or phone line offers (HSDS `language`)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, uuidpk

if TYPE_CHECKING:
    from directory.models.contact import Phone
    from directory.models.location import Location
    from directory.models.service import Service


class Language(Base):
    """A language offered; `note` carries formats such as Easy Read."""

    __tablename__ = "language"

    id: Mapped[uuidpk]
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"), index=True)
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("location.id"), index=True)
    phone_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("phone.id"), index=True)
    name: Mapped[str | None]
    code: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="languages")
    location: Mapped[Location | None] = relationship(back_populates="languages")
    phone: Mapped[Phone | None] = relationship(back_populates="languages")
