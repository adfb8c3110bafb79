"""Declarative base, naming convention and shared column types for every model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import DateTime, MetaData, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

uuidpk = Annotated[uuid.UUID, mapped_column(primary_key=True, default=uuid.uuid4)]
str255 = Annotated[str, mapped_column(String(255))]
text = Annotated[str, mapped_column(Text)]


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (the one clock every timestamp uses)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base for all tables; carries the constraint naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {str: String(255)}

    def __repr__(self) -> str:
        key = getattr(self, "id", None) or getattr(self, "code", None)
        label = getattr(self, "name", None)
        return f"<{type(self).__name__} {key}{f' {label!r}' if label else ''}>"


class TimestampMixin:
    """`last_modified` as HSDS uses it: when this record last changed."""

    last_modified: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
