"""Bundled UK geography: authorities, police force areas, postcodes and places.

Postcodes live here (2.7 million rows) rather than in each worker's memory: a lookup is one
primary-key read.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base

local_authority_police_force = Table(
    "local_authority_police_force",
    Base.metadata,
    Column("gss_code", ForeignKey("local_authority.gss_code"), primary_key=True),
    Column("pfa_code", ForeignKey("police_force_area.pfa_code"), primary_key=True),
)


class LocalAuthority(Base):
    """A current UK local authority, keyed by its ONS GSS code."""

    __tablename__ = "local_authority"

    gss_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    official_name: Mapped[str]
    la_type: Mapped[str] = mapped_column(String(10))
    tier: Mapped[str] = mapped_column(String(20))
    # Counties, unitaries, metropolitan districts, London boroughs: the adult social care duty.
    asc_responsible: Mapped[bool] = mapped_column(default=False, index=True)
    utla_code: Mapped[str | None] = mapped_column(String(9), index=True)
    region: Mapped[str | None] = mapped_column(String(100))
    nation: Mapped[str] = mapped_column(String(30))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    population: Mapped[int | None]
    gov_uk_slug: Mapped[str | None] = mapped_column(String(100))
    alt_names: Mapped[str | None] = mapped_column(Text)

    police_force_areas: Mapped[list[PoliceForceArea]] = relationship(
        secondary=local_authority_police_force, back_populates="local_authorities"
    )

    @property
    def code(self) -> str:
        """The GSS code, under the name other areas use."""
        return self.gss_code


class PoliceForceArea(Base):
    """One of the 43 police force areas of England and Wales."""

    __tablename__ = "police_force_area"

    pfa_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str]
    nation: Mapped[str] = mapped_column(String(30))
    population: Mapped[int | None]

    local_authorities: Mapped[list[LocalAuthority]] = relationship(
        secondary=local_authority_police_force, back_populates="police_force_areas"
    )


class Postcode(Base):
    """A full postcode's point; `postcode` is normalised: upper case, no spaces ("LS61AA")."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    lad_code: Mapped[str | None] = mapped_column(String(9))
    # L24 / L14: seen in OS Open Names 2024 / Code-Point Open 2014; None: maybe terminated.
    evidence: Mapped[str | None] = mapped_column(String(3))


class PostcodeSector(Base):
    """A postcode sector's centroid, keyed in its printed form ("LS6 1")."""

    __tablename__ = "postcode_sector"

    sector: Mapped[str] = mapped_column(String(7), primary_key=True)
    outcode: Mapped[str] = mapped_column(String(4), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    status: Mapped[str] = mapped_column(String(20))
    lad_code: Mapped[str | None] = mapped_column(String(9))
    utla_code: Mapped[str | None] = mapped_column(String(9))


class PostcodeDistrict(Base):
    """A postcode district (outward code, "LS6") centroid and its main authority."""

    __tablename__ = "postcode_district"

    outcode: Mapped[str] = mapped_column(String(4), primary_key=True)
    postcode_area: Mapped[str] = mapped_column(String(3))
    latitude: Mapped[float]
    longitude: Mapped[float]
    status: Mapped[str] = mapped_column(String(20))
    lad_code: Mapped[str | None] = mapped_column(String(9))
    utla_code: Mapped[str | None] = mapped_column(String(9))
    region: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(30))


class Place(Base):
    """A named place (city, town, suburb, village) for "near Leeds"-style searches."""

    __tablename__ = "place"
    __table_args__ = (Index("ix_place_name_key_rank", "name_key", "rank"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str]
    name_alt: Mapped[str | None]
    # Lower case with spaces and punctuation collapsed, for case- and space-insensitive lookup.
    name_key: Mapped[str] = mapped_column(String(255))
    place_type: Mapped[str] = mapped_column(String(30))
    rank: Mapped[int]
    latitude: Mapped[float]
    longitude: Mapped[float]
    lad_code: Mapped[str | None] = mapped_column(String(9))
    utla_code: Mapped[str | None] = mapped_column(String(9))
    country: Mapped[str | None] = mapped_column(String(30))
    postcode_district: Mapped[str | None] = mapped_column(String(4))
    source: Mapped[str] = mapped_column(String(20))
