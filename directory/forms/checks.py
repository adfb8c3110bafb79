"""Checks on what people type into forms: emails, web addresses and UK phone numbers.

Each returns the problem in words for an error summary (GOV.UK style), or None.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo

# Deliberately loose: one @, something before it, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email_problem(email: str) -> str | None:
    email = email.strip()
    if not email:
        return None
    if len(email) > 320 or not _EMAIL.match(email):
        return "Enter an email address in the correct format, like name@example.org"
    return None


def url_problem(url: str) -> str | None:
    """Web addresses must be http(s) with a host: no javascript:, data: or bare words."""
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or "." not in parts.hostname:
        return "Enter a web address in the correct format, like https://www.example.org"
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
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return "Enter a UK phone number, like 0113 496 0000"
    if parsed.country_code != 44:
        return "Enter a UK phone number, like 0113 496 0000"
    if phonenumbers.is_valid_number(parsed) or shortnumberinfo.is_valid_short_number(parsed):
        return None
    return "Enter a UK phone number, like 0113 496 0000"
