"""Checks on what people type into forms: emails, web addresses, UK phone numbers and text.

Each returns the problem in words for an error summary (GOV.UK style), or None.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import idna
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import PhoneNumberFormat, shortnumberinfo

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"
HIDDEN_CHARACTERS = (
    "Remove the hidden characters (such as direction marks, zero-width spaces or control "
    "characters): they can make text show something other than what it says"
)
# Letters, digits and . _ + ' - before the @: none of ? & = % # / can turn a `mailto:` link
# into one that adds recipients (bcc=), a subject or a body.
_PLAIN_LOCAL = re.compile(r"^[\w.+'-]+$")
# Marks that reorder how text is shown (bidi embeddings, overrides, isolates, direction marks).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n\r\t")


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Refuse characters that hide or reorder what a reader sees.

    One-line text (names, addresses, numbers, links) refuses every control and format
    character (Unicode Cc, Cf, line and paragraph separators). Longer text may hold newlines
    and tabs, and zero-width joiners (some scripts and emoji need them), but never NUL,
    other controls or direction overrides.
    """
    for char in text:
        category = unicodedata.category(char)
        if multiline and char in _LINE_BREAKS:
            continue
        if category == "Cc" or char in _BIDI:
            return HIDDEN_CHARACTERS
        if not multiline and category in ("Cf", "Zl", "Zp"):
            return HIDDEN_CHARACTERS
    return None


def is_plain_email(email: str) -> bool:
    """Whether `email` is a plain local@domain address, safe to put in a `mailto:` link."""
    return email_problem(email) is None and bool(email.strip())


def email_problem(email: str) -> str | None:
    email = email.strip()
    if not email:
        return None
    if text_problem(email):
        return HIDDEN_CHARACTERS
    if len(email) > 320:
        return EMAIL_FORMAT
    try:
        found = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return EMAIL_FORMAT
    if not _PLAIN_LOCAL.match(found.local_part):
        return EMAIL_FORMAT
    return None


def link_host(url: str) -> str:
    """The host a web address really goes to, as the browser looks it up (punycode for an IDN)."""
    host = urlsplit(url.strip()).hostname or ""
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host


def url_problem(url: str) -> str | None:
    """Web addresses must be http(s) with a host: no javascript:, data: or bare words."""
    url = url.strip()
    if not url:
        return None
    if text_problem(url):
        return HIDDEN_CHARACTERS
    problem = "Enter a web address in the correct format, like https://www.example.org"
    if any(char.isspace() for char in url):
        return problem
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return problem
    if parts.scheme not in {"http", "https"} or not host or "." not in host:
        return problem
    try:
        idna.encode(host, uts46=True)
    except idna.IDNAError:
        return problem
    if len(url) > 500:
        return "Web address must be 500 characters or fewer"
    return None


def formatted_phone(number: str) -> str:
    """A UK number written the usual way ("0113 496 0000", "116 123" stays "116123")."""
    parsed = phonenumbers.parse(number, "GB")
    return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)


def phone_problem(number: str) -> str | None:
    """UK numbers (including short ones like 116 123); anything else is refused."""
    number = number.strip()
    if not number:
        return None
    if text_problem(number):
        return HIDDEN_CHARACTERS
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return "Enter a UK phone number, like 0113 496 0000"
    if parsed.country_code != 44:
        return "Enter a UK phone number, like 0113 496 0000"
    if phonenumbers.is_valid_number(parsed) or shortnumberinfo.is_valid_short_number(parsed):
        return None
    return "Enter a UK phone number, like 0113 496 0000"
