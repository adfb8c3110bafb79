"""Writes to accounts: create, request, approve, sign-in bookkeeping, password change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from directory.accounts.passwords import dummy_hash, hash_password, password_matches
from directory.accounts.queries import normalise_email, user_by_email
from directory.forms.checks import email_problem
from directory.limits import Limit, allow, forget_count, hashed_key
from directory.models import AccountStatus, Role, User

# Wrong passwords are counted per email and client: after MAX_FAILURES from one client that
# client is paused for the rest of LOCK_TIME, but the person, signing in from elsewhere, is not.
# Emails can be public, so a per-account lock would let anyone lock an editor out.
MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
TRIES_FROM_CLIENT = Limit("sign-in-email-client", MAX_FAILURES, LOCK_TIME)
# A ceiling on one email's tries from every client together, against guessing spread over many
# addresses; high enough that one client (at most 20 an hour) cannot reach it alone.
TRIES_FOR_EMAIL = Limit("sign-in-email", 100, timedelta(hours=1))


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
    """Add an account (not committed); AccountError if the email is taken.

    The password is hashed first, so a taken email costs the same time as a new one.
    """
    password_hash = hash_password(password)
    if user_by_email(session, email) is not None:
        raise AccountError("An account with this email address already exists")
    user = User(
        email=normalise_email(email), name=name.strip(), password_hash=password_hash,
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
    """Enable or disable an account; disabling also ends its sessions for good."""
    if status == AccountStatus.DISABLED:
        _bump_generation(session, user)
    user.status = status
    session.commit()


def end_sessions(session: Session, user: User) -> None:
    """Sign the account out everywhere: every session cookie it had is refused from now on."""
    _bump_generation(session, user)
    session.commit()


def _bump_generation(session: Session, user: User) -> None:
    # In the database, so two bumps at once still both take effect.
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(user, ["session_generation"])


def sign_in(
    session: Session, email: str, password: str, now: datetime, secret: str, client: str
) -> SignIn:
    """Check an email and password from `client`, pausing after too many tries.

    Known and unknown emails take the same path: the same counts, one scrypt check each, the
    same answers, so nothing tells whether an email has an account. An email no account could
    have (a wrong format, hidden characters, a NUL PostgreSQL would refuse) is an unknown one,
    not looked up. `client` is the rate-limit key of whoever is asking (`limits.client_key`).
    """
    address = normalise_email(email)
    tries_key = hashed_key(secret, address, client, now=now)
    if not allow(session, TRIES_FROM_CLIENT, tries_key, now):
        return SignIn(None, locked=True)
    if not allow(session, TRIES_FOR_EMAIL, hashed_key(secret, address, now=now), now):
        return SignIn(None, locked=True)
    user = user_by_email(session, address) if email_problem(address) is None else None
    matches = password_matches(user.password_hash if user else dummy_hash(), password)
    if user is None or not matches:
        return SignIn(None)
    forget_count(session, TRIES_FROM_CLIENT, tries_key, now)
    if user.status == AccountStatus.ACTIVE:
        user.last_login_at = now
    session.commit()
    if user.status == AccountStatus.REQUESTED:
        return SignIn(None, waiting=True)
    return SignIn(user if user.status == AccountStatus.ACTIVE else None)


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Replace the password and end every session; AccountError if the current one is wrong."""
    if not password_matches(user.password_hash, current):
        raise AccountError("Your current password is not right")
    user.password_hash = hash_password(new)
    _bump_generation(session, user)
    session.commit()
