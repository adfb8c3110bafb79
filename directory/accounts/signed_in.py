"""Who is signed in, kept in Flask's signed session cookie, and the guards views put on pages.

A cookie alone is not enough: it must carry the account's current session generation (bumped
to end every session of the account) and be younger than the app's PERMANENT_SESSION_LIFETIME
(SESSION_MAX_AGE unless configured), counted from signing in, however often it is used (Flask
renews the cookie itself on every request, for that same lifetime).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for

from directory.accounts.queries import user_by_id
from directory.db import get_session
from directory.models import AccountStatus, User

_USER = "user_id"
_GENERATION = "generation"
_SIGNED_IN_AT = "signed_in_at"
# A working day: after this a person signs in again, however active the session has been.
# The app's PERMANENT_SESSION_LIFETIME is set from it, and the check below reads that setting.
SESSION_MAX_AGE = timedelta(hours=8)


def _now() -> datetime:
    return datetime.now(UTC)


def remember(user: User) -> None:
    """Start a fresh session for `user` (nothing from before signing in is kept)."""
    session.clear()
    session[_USER] = str(user.id)
    session[_GENERATION] = user.session_generation
    session[_SIGNED_IN_AT] = int(_now().timestamp())
    session.permanent = True


def forget() -> None:
    session.clear()


def current_user() -> User | None:
    """The signed-in, active account for this request, or None."""
    if "current_user" not in g:
        g.current_user = _load()
    return g.current_user


def _load() -> User | None:
    raw = session.get(_USER)
    signed_in_at = session.get(_SIGNED_IN_AT)
    if not raw or not isinstance(signed_in_at, int):
        return None
    if _now().timestamp() - signed_in_at > current_app.permanent_session_lifetime.total_seconds():
        return None
    try:
        user = user_by_id(get_session(), uuid.UUID(raw))
    except ValueError:
        return None
    if user is None or user.status != AccountStatus.ACTIVE:
        return None
    return user if session.get(_GENERATION) == user.session_generation else None


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("manage.dashboard")


def signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anyone not signed in to the sign-in page, then back."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed-in admins only; anyone else signed in gets 403."""

    @wraps(view)
    @signed_in
    def guarded(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None or not user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def may_edit(user: User, organization_id: uuid.UUID) -> bool:
    """Admins edit anything; an editor only their own organisation's listings."""
    return user.is_admin or user.organization_id == organization_id


def require_edit(organization_id: uuid.UUID) -> User:
    """The signed-in user if they may edit this organisation's listings; 403 otherwise."""
    user = current_user()
    if user is None or not may_edit(user, organization_id):
        abort(403)
    return user
