"""Organisations that run services (HSDS `organization`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, TimestampMixin, uuidpk

if TYPE_CHECKING:
    from directory.models.contact import Contact, Phone
    from directory.models.location import Location
    from directory.models.service import Service


class Organization(TimestampMixin, Base):
    """A body that provides services: a charity, council, police force or group."""

    __tablename__ = "organization"

    id: Mapped[uuidpk]
    name: Mapped[str] = mapped_column(String(255), index=True)
    alternate_name: Mapped[str | None]
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None]
    website: Mapped[str | None] = mapped_column(String(500))
    uri: Mapped[str | None] = mapped_column(String(500))
    legal_status: Mapped[str | None]
    # Made-up listings that show what the directory can hold; never real contact details.
    is_example: Mapped[bool] = mapped_column(default=False, index=True)
    # Raised by one each time an approved edit changes the listing, so a form opened on an
    # older version cannot silently overwrite a newer one.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Where the record came from ("bundled:national", "generated:police", an import's name), so
    # a reload replaces exactly the records it brought.
    source: Mapped[str | None] = mapped_column(String(100), index=True)

    services: Mapped[list[Service]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Service.name"
    )
    locations: Mapped[list[Location]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
