"""Taxonomies, their terms, and attributes that apply a term to any record (HSDS 3)."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, uuidpk


class Taxonomy(Base):
    """A published vocabulary, e.g. Waymark service types (HSDS `taxonomy`)."""

    __tablename__ = "taxonomy"

    id: Mapped[uuidpk]
    name: Mapped[str]
    description: Mapped[str] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(50))

    terms: Mapped[list[TaxonomyTerm]] = relationship(back_populates="taxonomy_detail")


class TaxonomyTerm(Base):
    """One term of a taxonomy; `code` is the term's code in its taxonomy (HSDS `taxonomy_term`)."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    id: Mapped[uuidpk]
    code: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str]
    description: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    taxonomy: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(20))
    taxonomy_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("taxonomy.id"))
    term_uri: Mapped[str | None] = mapped_column(String(500))

    taxonomy_detail: Mapped[Taxonomy | None] = relationship(back_populates="terms")
    parent: Mapped[TaxonomyTerm | None] = relationship(remote_side="TaxonomyTerm.id")


class Attribute(Base):
    """Applies a taxonomy term to any record: `link_entity` names the table, `link_id` the row."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("link_id", "link_type", "taxonomy_term_id"),)

    id: Mapped[uuidpk]
    link_id: Mapped[uuid.UUID] = mapped_column(index=True)
    taxonomy_term_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("taxonomy_term.id"), index=True)
    link_type: Mapped[str | None] = mapped_column(String(100))
    link_entity: Mapped[str] = mapped_column(String(50))
    value: Mapped[str | None] = mapped_column(Text)

    taxonomy_term: Mapped[TaxonomyTerm] = relationship(lazy="joined")
