"""Services and what belongs only to a service: its areas and cost options (HSDS)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Numeric, String, Text, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from directory.models.base import Base, TimestampMixin, uuidpk
from directory.models.enums import AreaKind, EntryRoute, ServiceStatus
from directory.models.taxonomy import Attribute

if TYPE_CHECKING:
    from directory.models.contact import Contact, Phone
    from directory.models.language import Language
    from directory.models.location import ServiceAtLocation
    from directory.models.organization import Organization
    from directory.models.schedule import Schedule
    from directory.models.verification import Verification


class Service(TimestampMixin, Base):
    """A service a person can contact or be referred to (HSDS `service`)."""

    __tablename__ = "service"

    id: Mapped[uuidpk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    alternate_name: Mapped[str | None]
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None]
    status: Mapped[ServiceStatus] = mapped_column(
        String(30), default=ServiceStatus.ACTIVE, index=True
    )
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int | None]
    maximum_age: Mapped[int | None]
    # When the facts were last confirmed (for a web-page check: the page's date), not last_modified.
    assured_date: Mapped[date | None]
    assurer_email: Mapped[str | None]
    alert: Mapped[str | None] = mapped_column(Text)
    referral_route: Mapped[EntryRoute | None] = mapped_column(String(20))
    lived_experience_led: Mapped[bool] = mapped_column(default=False)
    is_example: Mapped[bool] = mapped_column(default=False, index=True)
    # Raised by one each time an approved edit changes the listing, so a form opened on an
    # older version cannot silently overwrite a newer one.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    organization: Mapped[Organization] = relationship(back_populates="services")
    service_areas: Mapped[list[ServiceArea]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    cost_options: Mapped[list[CostOption]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    languages: Mapped[list[Language]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    verifications: Mapped[list[Verification]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="Verification.checked_on.desc()",
    )
    # HSDS attaches taxonomy terms through the polymorphic `attribute` table.
    attributes: Mapped[list[Attribute]] = relationship(
        primaryjoin=lambda: and_(
            Service.id == foreign(Attribute.link_id), Attribute.link_entity == "service"
        ),
        viewonly=True,
    )

    @property
    def latest_verification(self) -> Verification | None:
        """The newest check of the listing (verifications are loaded newest first)."""
        return self.verifications[0] if self.verifications else None


class ServiceArea(Base):
    """An area a service covers; `area_kind`/`area_code` make it matchable (HSDS + ours)."""

    __tablename__ = "service_area"

    id: Mapped[uuidpk]
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    name: Mapped[str | None]
    description: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(20))
    uri: Mapped[str | None] = mapped_column(String(500))
    area_kind: Mapped[AreaKind] = mapped_column(String(30), index=True)
    # A GSS code for local authorities and police force areas, the nation's name, or "national".
    area_code: Mapped[str] = mapped_column(String(50), index=True)

    service: Mapped[Service] = relationship(back_populates="service_areas")


class CostOption(Base):
    """What a service costs (HSDS `cost_option`)."""

    __tablename__ = "cost_option"

    id: Mapped[uuidpk]
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    option: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    amount_description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="cost_options")
