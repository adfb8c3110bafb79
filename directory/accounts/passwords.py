"""Password hashing and the one rule we enforce on new passwords (length, as NCSC advises)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 200


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's default) of `password`."""
    return generate_password_hash(password, method="scrypt")


def password_matches(stored_hash: str, password: str) -> bool:
    return check_password_hash(stored_hash, password)


def password_problem(password: str, email: str) -> str | None:
    """Why `password` cannot be used, in words for the form, or None if it can."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.strip().lower() == email.strip().lower():
        return "Password must not be your email address"
    return None
