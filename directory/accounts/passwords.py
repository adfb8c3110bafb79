"""Password hashing and the rule for new passwords: long, and not easy to guess (as NCSC advises).

No composition rules (a digit, a capital, a symbol): they make passwords harder to remember
without making them harder to guess. Instead a password must be 12 characters or more and must
not be one that guessing tools try early: common passwords, repeats, keyboard runs, sequences,
or this site's name or the person's email address with little added. The estimate and its lists
of common passwords, words and names come from the zxcvbn package (MIT licence), offline.
"""

from __future__ import annotations

import re
import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
SITE_NAME = "waymark"
# zxcvbn's score 3 means about 10^8 guesses or more: beyond an online attacker held to a few
# tries every 15 minutes, and slow going offline against scrypt.
ENOUGH_SCORE = 3
# zxcvbn refuses longer input and slows down with length; past this many characters only
# the start is scored, which still catches a long run of one character.
_SCORED_LENGTH = 72
GUESSABLE_MESSAGE = (
    "Password is too easy to guess: avoid common passwords, repeated or sequential characters "
    "and the name of this site"
)


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's default) of `password`."""
    return generate_password_hash(password, method="scrypt")


def password_matches(stored_hash: str, password: str) -> bool:
    """Whether `password` is the one `stored_hash` was made from (one scrypt run)."""
    return check_password_hash(stored_hash, password)


@cache
def dummy_hash() -> str:
    """A hash no password matches, checked for unknown emails so they cost the same work."""
    return hash_password(secrets.token_urlsafe(32))


def password_problem(password: str, email: str) -> str | None:
    """Why `password` cannot be used, in words for the form, or None if it can."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.strip().lower() == email.strip().lower():
        return "Password must not be your email address"
    if _guessable(password, email):
        return GUESSABLE_MESSAGE
    return None


def _guessable(password: str, email: str) -> bool:
    """Whether what is left once the site's name and the email are taken out is easy to guess."""
    email = email.strip().lower()
    words = [word for word in (SITE_NAME, email, email.partition("@")[0]) if len(word) >= 3]
    rest = password
    for word in words:
        rest = re.sub(re.escape(word), "", rest, flags=re.IGNORECASE)
    # zxcvbn cannot score an empty string; nothing left is as guessable as it gets.
    return not rest or zxcvbn(rest[:_SCORED_LENGTH], user_inputs=words)["score"] < ENOUGH_SCORE
