"""Reads of accounts."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.models import AccountStatus, Organization, User


def user_by_id(session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def all_users(session: Session) -> list[User]:
    """Every account, access requests first."""
    waiting = User.status == AccountStatus.REQUESTED
    return list(session.scalars(select(User).order_by(waiting.desc(), User.email)))


def count_requests(session: Session) -> int:
    stmt = select(func.count(User.id)).where(User.status == AccountStatus.REQUESTED)
    return session.scalar(stmt) or 0


def organisation_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every organisation, for choosing which one an editor looks after."""
    rows = session.execute(select(Organization.id, Organization.name).order_by(Organization.name))
    return [(str(org_id), name) for org_id, name in rows]
