"""Places where services are delivered, their addresses and access details (HSDS)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, uuidpk
from directory.models.enums import LocationType

if TYPE_CHECKING:
    from directory.models.contact import Phone
    from directory.models.language import Language
    from directory.models.organization import Organization
    from directory.models.schedule import Schedule
    from directory.models.service import Service


class Location(Base):
    """A place (or a virtual location for phone/online services) (HSDS `location`)."""

    __tablename__ = "location"

    id: Mapped[uuidpk]
    location_type: Mapped[LocationType] = mapped_column(String(20), default=LocationType.PHYSICAL)
    url: Mapped[str | None] = mapped_column(String(500))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id"), index=True
    )
    name: Mapped[str | None]
    alternate_name: Mapped[str | None]
    description: Mapped[str | None] = mapped_column(Text)
    transportation: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    external_identifier: Mapped[str | None]
    external_identifier_type: Mapped[str | None]
    # Refuges and safe houses: the address and point are never published, only the area.
    is_confidential: Mapped[bool] = mapped_column(default=False)

    organization: Mapped[Organization | None] = relationship(back_populates="locations")
    addresses: Mapped[list[Address]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    accessibility: Mapped[list[Accessibility]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(back_populates="location")
    schedules: Mapped[list[Schedule]] = relationship(back_populates="location")
    languages: Mapped[list[Language]] = relationship(back_populates="location")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )


class Address(Base):
    """A postal or physical address of a location (HSDS `address`)."""

    __tablename__ = "address"

    id: Mapped[uuidpk]
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("location.id"), index=True)
    attention: Mapped[str | None]
    address_1: Mapped[str]
    address_2: Mapped[str | None]
    city: Mapped[str]
    region: Mapped[str | None]
    state_province: Mapped[str]
    postal_code: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2), default="GB")
    address_type: Mapped[LocationType] = mapped_column(String(20), default=LocationType.PHYSICAL)

    location: Mapped[Location] = relationship(back_populates="addresses")


class Accessibility(Base):
    """Accessibility of a location, in words (HSDS `accessibility`)."""

    __tablename__ = "accessibility"

    id: Mapped[uuidpk]
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("location.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))

    location: Mapped[Location] = relationship(back_populates="accessibility")


class ServiceAtLocation(Base):
    """Links a service to a location where it is delivered (HSDS `service_at_location`)."""

    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: Mapped[uuidpk]
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("location.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship(back_populates="service_at_locations")
