"""Writes to accounts: create, request, approve, sign-in bookkeeping, password change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from directory.accounts.passwords import hash_password, password_matches
from directory.accounts.queries import normalise_email, user_by_email
from directory.limits import Limit, allow, hashed_key
from directory.models import AccountStatus, Role, User

# After this many wrong passwords in a row an account is locked for LOCK_TIME.
MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
# Unknown emails are "locked" the same way, so the message never tells who has an account.
UNKNOWN_EMAIL = Limit("sign-in-unknown", MAX_FAILURES, LOCK_TIME)


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message is for the form."""


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: the user, or why not."""

    user: User | None
    locked: bool = False
    # The password was right but an admin has not yet approved the account.
    waiting: bool = False


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    status: AccountStatus,
    organization_id: uuid.UUID | None = None,
    request_note: str | None = None,
) -> User:
    """Add an account (not committed); AccountError if the email is taken."""
    if user_by_email(session, email) is not None:
        raise AccountError("An account with this email address already exists")
    user = User(
        email=normalise_email(email), name=name.strip(), password_hash=hash_password(password),
        role=role, status=status, organization_id=organization_id, request_note=request_note,
    )  # fmt: skip
    session.add(user)
    session.flush()
    return user


def approve_request(session: Session, user: User, organization_id: uuid.UUID) -> None:
    """Let a requested editor account sign in, for one organisation."""
    user.status = AccountStatus.ACTIVE
    user.role = Role.EDITOR
    user.organization_id = organization_id
    session.commit()


def set_status(session: Session, user: User, status: AccountStatus) -> None:
    user.status = status
    session.commit()


def sign_in(session: Session, email: str, password: str, now: datetime, secret: str) -> SignIn:
    """Check an email and password, counting failures and locking after MAX_FAILURES."""
    user = user_by_email(session, email)
    if user is None:
        key = hashed_key(secret, normalise_email(email), now=now)
        return SignIn(None, locked=not allow(session, UNKNOWN_EMAIL, key, now))
    if user.locked_until is not None and as_utc(user.locked_until) > now:
        return SignIn(None, locked=True)
    if not password_matches(user.password_hash, password):
        user.failed_logins += 1
        just_locked = user.failed_logins >= MAX_FAILURES
        if just_locked:
            user.locked_until = now + LOCK_TIME
            user.failed_logins = 0
        session.commit()
        return SignIn(None, locked=just_locked)
    user.failed_logins = 0
    user.locked_until = None
    if user.status == AccountStatus.ACTIVE:
        user.last_login_at = now
    session.commit()
    if user.status == AccountStatus.REQUESTED:
        return SignIn(None, waiting=True)
    return SignIn(user if user.status == AccountStatus.ACTIVE else None)


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Replace the password; AccountError if the current one is wrong."""
    if not password_matches(user.password_hash, current):
        raise AccountError("Your current password is not right")
    user.password_hash = hash_password(new)
    session.commit()


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
