"""Plain facts a service page shows, worked out from the model so templates hold no logic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from urllib.parse import quote

from directory.forms.checks import is_plain_email
from directory.models import (
    AreaKind,
    EntryRoute,
    Schedule,
    Service,
    ServiceStatus,
    VerificationMethod,
)
from directory.summaries import ServiceSummary

# A whole service (its own page) or a summary of one (lists): display reads both alike.
Listing = Service | ServiceSummary

STALE_AFTER = timedelta(days=365)
DAY_NAMES = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
    "FR": "Friday", "SA": "Saturday", "SU": "Sunday",
}  # fmt: skip
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
ENTRY_ROUTE_TEXT = {
    EntryRoute.SELF: "You can contact them yourself. You do not need a referral.",
    EntryRoute.PROFESSIONAL: "A professional (for example a GP, social worker or police officer) "
    "needs to refer you.",
    EntryRoute.BOTH: "You can contact them yourself, or a professional can refer you.",
}


def long_date(value: date) -> str:
    """GOV.UK style date: "3 March 2026"."""
    return f"{value.day} {value:%B %Y}"


def clock(value: time) -> str:
    """GOV.UK style time: "9am", "5:30pm", "midday", "midnight"."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _days(byday: str) -> str:
    days = [d.strip() for d in byday.split(",") if d.strip()]
    if len(days) == 7 and all(d in DAY_NAMES for d in days):
        return "Every day"
    words = []
    for day in days:
        code, prefix = day[-2:], day[:-2]
        name = DAY_NAMES.get(code, day)
        words.append(f"the {ORDINALS.get(prefix, prefix)} {name} of the month" if prefix else name)
    if not any(day[:-2] for day in days):
        words = [f"{w}s" for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe_schedule(schedule: Schedule) -> str:
    """Opening hours in words, e.g. "Tuesdays, 6pm to 8pm"; the description wins when given."""
    if schedule.description:
        return schedule.description
    parts = []
    if schedule.byday:
        parts.append(_days(schedule.byday))
    if schedule.opens_at and schedule.closes_at:
        if schedule.opens_at == time(0, 0) and schedule.closes_at >= time(23, 59):
            parts.append("24 hours")
        else:
            parts.append(f"{clock(schedule.opens_at)} to {clock(schedule.closes_at)}")
    return ", ".join(parts) or "Times not given"


@dataclass(frozen=True)
class CheckStatus:
    """How and when a listing was last checked, and whether that is too long ago."""

    text: str
    stale: bool
    is_example: bool = False


def check_status(service: Service, today: date) -> CheckStatus:
    """Say honestly how old a listing's facts are; over 12 months (or undated) counts as stale."""
    if service.is_example:
        return CheckStatus(
            "This is an example listing, made up to show how the directory works.",
            stale=False,
            is_example=True,
        )
    verification = service.latest_verification
    if verification is None:
        return CheckStatus("This listing has not been checked.", stale=True)
    checked = f"checked by the {verification.verified_by} on {long_date(verification.checked_on)}"
    if verification.method == VerificationMethod.PUBLIC_WEB_PAGE:
        source = "a public web page"
    elif verification.method == VerificationMethod.PUBLISHED_DATASET:
        source = "a published dataset"
    else:
        source = f"the {verification.method}"
    if verification.method in (VerificationMethod.PROVIDER, VerificationMethod.DIRECTORY_TEAM):
        who = (
            "the provider"
            if verification.method == VerificationMethod.PROVIDER
            else ("the Waymark directory team")
        )
        return CheckStatus(
            f"Confirmed by {who} on {long_date(verification.checked_on)}.",
            stale=today - verification.checked_on > STALE_AFTER,
        )
    if service.assured_date is None:
        return CheckStatus(
            f"Details taken from {source} that shows no date, {checked}.", stale=True
        )
    dated = partial_date(service.assured_date, verification.source_date_precision)
    return CheckStatus(
        f"Details taken from {source} dated {dated}, {checked}.",
        stale=today - service.assured_date > STALE_AFTER,
    )


def partial_date(value: date, precision: str | None) -> str:
    """A date only as precisely as the source gave it: "3 March 2020", "March 2020" or "2020"."""
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%B %Y}"
    return long_date(value)


def entry_route_text(route: EntryRoute | None) -> str | None:
    """A plain sentence on how to get in, or None when we do not know."""
    return ENTRY_ROUTE_TEXT.get(route) if route else None


STATUS_TEXT = {
    ServiceStatus.INACTIVE: "This service is not running at the moment.",
    ServiceStatus.TEMPORARILY_CLOSED: "This service is temporarily closed.",
    ServiceStatus.DEFUNCT: "This service has closed.",
}


def status_text(service: Listing) -> str | None:
    """A notice when the service is not open for people to use, else None."""
    return STATUS_TEXT.get(ServiceStatus(service.status))


def area_text(service: Listing) -> str:
    """Where a service works, in words: "Across the UK", "Leeds, Salford", "Area not given"."""
    parts = []
    for area in service.service_areas:
        name = (
            "Across the UK" if area.area_kind == AreaKind.NATIONAL else area.name or area.area_code
        )
        parts.append(f"{name} ({area.description})" if area.description else name)
    return ", ".join(parts) or "Area not given"


@dataclass(frozen=True)
class ContactLine:
    """One way to get in touch: a label, what to show, and the link to use."""

    label: str
    text: str
    href: str
    note: str | None = None


PHONE_LABELS = {"text": "Text", "textphone": "Textphone"}


def phone_lines(service: Listing) -> list[ContactLine]:
    """The service's numbers, each with a tel: or sms: link."""
    return [
        ContactLine(
            PHONE_LABELS.get(phone.type or "", "Phone"),
            phone.number,
            sms_href(phone.number) if phone.type == "text" else tel_href(phone.number),
            phone.description,
        )
        for phone in service.phones
    ]


def contact_lines(service: Listing) -> list[ContactLine]:
    """Every way to contact the service: phones, then email, then website."""
    lines = phone_lines(service)
    if service.email and (href := mailto_href(service.email)):
        lines.append(ContactLine("Email", service.email.strip(), href))
    if service.url:
        lines.append(ContactLine("Website", service.url, service.url))
    return lines


def result_place(match: str, distance: float | None, area: str | None, names: dict[str, str],
                 service: Listing) -> str:  # fmt: skip
    """Where a result is relative to the search: "0.8 miles away", "Covers Leeds", "National"."""
    if match == "nearby" and distance is not None:
        return f"{distance:.1f} miles away"
    if match == "area" and area:
        return f"Covers {names.get(area, area)}"
    if match == "national":
        return "National" if area in (None, "national") else f"Covers {area}"
    return area_text(service)


def checked_short(service: Listing) -> str:
    """A few words on how old the listing's facts are, for a results list."""
    if service.is_example:
        return "Example listing"
    verification = service.latest_verification
    if verification is None:
        return "Not checked"
    if service.assured_date is None:
        return "Source undated"
    return f"Source dated {partial_date(service.assured_date, verification.source_date_precision)}"


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """Errors as the GOV.UK error summary lists them, each linking to its field."""
    return [{"text": message, "href": f"#{name}"} for name, message in errors.items()]


def mailto_href(email: str) -> str | None:
    """A `mailto:` link for a plain address; None for anything that could add bcc= or a subject.

    Forms and imports accept only plain addresses, but a row stored before they did is
    never turned into a link that copies messages to someone else.
    """
    if not is_plain_email(email):
        return None
    return "mailto:" + quote(email.strip(), safe="@")


def tel_href(number: str) -> str:
    """A `tel:` link target: digits only (and a leading +)."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def sms_href(number: str) -> str:
    """An `sms:` link target."""
    return "sms:" + tel_href(number).removeprefix("tel:")
