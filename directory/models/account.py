"""People who keep listings true: site admins and organisation editors (never service users)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, utcnow, uuidpk

if TYPE_CHECKING:
    from directory.models.organization import Organization


class Role(StrEnum):
    """What an account may do: admins run the site, editors keep one organisation's listings."""

    ADMIN = "admin"
    EDITOR = "editor"


class AccountStatus(StrEnum):
    """Whether an account may sign in; a request waits for an admin to approve it."""

    REQUESTED = "requested"
    ACTIVE = "active"
    DISABLED = "disabled"


class User(Base):
    """An account that may sign in to manage listings."""

    __tablename__ = "user_account"

    id: Mapped[uuidpk]
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str]
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(String(10), default=Role.EDITOR)
    status: Mapped[AccountStatus] = mapped_column(String(10), default=AccountStatus.REQUESTED)
    # No foreign key: bundled organisations are replaced (same id) when their data is reloaded.
    organization_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # What someone asking for access told us about themselves and their organisation.
    request_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped to end every session of the account (sign-out, password change, disabling): a
    # session is honoured only while it carries the generation it was signed in with.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    organization: Mapped[Organization | None] = relationship(
        primaryjoin="foreign(User.organization_id) == Organization.id", viewonly=True
    )

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
