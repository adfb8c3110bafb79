"""Phone numbers and named contacts (HSDS `phone`, `contact`)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, uuidpk

if TYPE_CHECKING:
    from directory.models.language import Language
    from directory.models.location import Location
    from directory.models.organization import Organization
    from directory.models.service import Service


class Contact(Base):
    """A named person or team to contact (HSDS `contact`)."""

    __tablename__ = "contact"

    id: Mapped[uuidpk]
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id"), index=True
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"), index=True)
    service_at_location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_at_location.id")
    )
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("location.id"), index=True)
    name: Mapped[str | None]
    title: Mapped[str | None]
    department: Mapped[str | None]
    email: Mapped[str | None]

    organization: Mapped[Organization | None] = relationship(back_populates="contacts")
    service: Mapped[Service | None] = relationship(back_populates="contacts")
    phones: Mapped[list[Phone]] = relationship(back_populates="contact")


class Phone(Base):
    """A phone, text or textphone number (HSDS `phone`; `type` is voice, text or textphone)."""

    __tablename__ = "phone"

    id: Mapped[uuidpk]
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("location.id"), index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id"), index=True
    )
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"), index=True)
    service_at_location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_at_location.id")
    )
    number: Mapped[str] = mapped_column(String(50))
    extension: Mapped[int | None]
    type: Mapped[str | None] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)

    location: Mapped[Location | None] = relationship(back_populates="phones")
    service: Mapped[Service | None] = relationship(back_populates="phones")
    organization: Mapped[Organization | None] = relationship(back_populates="phones")
    contact: Mapped[Contact | None] = relationship(back_populates="phones")
    languages: Mapped[list[Language]] = relationship(back_populates="phone")
