"""One form per listing section; each turns itself into the section's plain values and back.

Every form carries the listing version it was opened on (`version`), so a save made on an old
version is refused rather than overwriting someone else's change.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from directory.forms.base import PlainTextForm
from directory.forms.checks import email_problem, formatted_phone, phone_problem, url_problem
from directory.forms.choices import choices
from directory.geo.postcodes import format_postcode, is_full_postcode
from directory.manage.sections import DAY_NAMES, PHONE_SLOTS, Values
from directory.models import Consent, EntryRoute, RouteKind, ServiceStatus
from directory.numbers import whole_number
from directory.wording import CONSENT_TEXT, ROUTE_KIND_TEXT

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")
LONG_TEXT = 2000


def _text(field: Any) -> str:
    """A text field's value, trimmed; "" when the browser did not send the field at all."""
    return (field.data or "").strip()


def _checked(problem_of: Any) -> Any:
    def check(form: FlaskForm, field: Any) -> None:
        problem = problem_of(field.data or "")
        if problem:
            raise FieldError(problem)

    return check


class _Versioned(PlainTextForm):
    version = HiddenField()

    def version_number(self) -> int:
        version = whole_number(self.version.data)
        return -1 if version is None else version


class MultiCheckboxField(SelectMultipleField):
    """Several ticks from a fixed list (rendered as GOV.UK checkboxes)."""


class OrganizationForm(_Versioned):
    name = StringField("Name", [DataRequired("Enter the organisation's name"), Length(max=255)])
    description = TextAreaField("What the organisation does", [Length(max=LONG_TEXT)])
    website = StringField("Website", [_checked(url_problem)])
    email = StringField("Email address", [_checked(email_problem)])

    def values(self) -> Values:
        return {
            "name": _text(self.name),
            "description": _text(self.description),
            "website": _text(self.website),
            "email": _text(self.email),
        }


STATUS_WORDS = {
    "active": "Open",
    "temporarily closed": "Temporarily closed",
    "inactive": "Not taking people at the moment",
    "defunct": "Closed for good (hide it)",
}


def _status_choices() -> list[tuple[str, str]]:
    words = STATUS_WORDS
    return [(str(s), words[str(s)]) for s in ServiceStatus]


ENTRY_ROUTES = [
    (str(EntryRoute.SELF), "People contact the service themselves"),
    (str(EntryRoute.PROFESSIONAL), "Only through a professional's referral"),
    (str(EntryRoute.BOTH), "Either: themselves or through a professional"),
]


class DetailsForm(_Versioned):
    hints = {
        "description": "What the service does, in plain words, for someone who has never heard "
        "of it.",
        "eligibility_description": "For example: adults in Leeds who hear voices.",
        "application_process": "What happens when someone gets in touch: who answers, "
        "what they will ask, what happens next.",
        "alert": "Only for something people must know now, like a temporary closure.",
    }
    name = StringField("Name", [DataRequired("Enter the service's name"), Length(max=255)])
    description = TextAreaField(
        "Description", [DataRequired("Say what the service does"), Length(max=LONG_TEXT)]
    )
    status = RadioField(
        "Status", choices=choices(_status_choices()), validators=[DataRequired("Choose a status")]
    )
    categories = MultiCheckboxField(
        "Types of support", validators=[DataRequired("Choose at least one type of support")]
    )
    access_modes = MultiCheckboxField("Ways to use it", validators=[Optional()])
    identity_focus = MultiCheckboxField("Led by or for", validators=[Optional()])
    eligibility_description = TextAreaField("Who it is for", [Length(max=LONG_TEXT)])
    minimum_age = IntegerField(
        "Minimum age", [Optional(), NumberRange(0, 120, "Enter an age from 0 to 120")]
    )
    maximum_age = IntegerField(
        "Maximum age", [Optional(), NumberRange(0, 120, "Enter an age from 0 to 120")]
    )
    referral_route = RadioField(
        "How people get in",
        choices=choices(ENTRY_ROUTES),
        validators=[DataRequired("Choose how people get into the service")],
    )
    application_process = TextAreaField(
        "What happens when someone gets in touch", [Length(max=LONG_TEXT)]
    )
    fees_description = StringField("Cost", [Length(max=500)])
    lived_experience_led = BooleanField("Led by people with lived experience")
    alert = TextAreaField("Notice shown at the top of the listing", [Length(max=500)])

    def validate_maximum_age(self, field: IntegerField) -> None:
        low = self.minimum_age.data
        if field.data is not None and low is not None and field.data < low:
            raise FieldError("Maximum age must be the same as or more than the minimum age")

    def values(self) -> Values:
        return {
            "name": _text(self.name),
            "description": _text(self.description),
            "status": self.status.data,
            "categories": sorted(self.categories.data or []),
            "access_modes": sorted(self.access_modes.data or []),
            "identity_focus": sorted(self.identity_focus.data or []),
            "eligibility_description": _text(self.eligibility_description),
            "minimum_age": self.minimum_age.data,
            "maximum_age": self.maximum_age.data,
            "referral_route": self.referral_route.data,
            "application_process": _text(self.application_process),
            "fees_description": _text(self.fees_description),
            "lived_experience_led": bool(self.lived_experience_led.data),
            "alert": _text(self.alert),
        }


PHONE_TYPES = [("voice", "Phone"), ("text", "Text message"), ("textphone", "Textphone")]


class ContactForm(_Versioned):
    hints = {"phone_1": "A UK number, like 0113 496 0000. Leave empty to remove it."}
    widths = {f"phone_{slot}": "govuk-input--width-20" for slot in range(1, PHONE_SLOTS + 1)}
    url = StringField("Website", [_checked(url_problem)])
    email = StringField("Email address", [_checked(email_problem)])
    contact_name = StringField("Named contact or team (optional)", [Length(max=255)])
    contact_email = StringField("Named contact's email (optional)", [_checked(email_problem)])

    def values(self) -> Values:
        phones = []
        for slot in range(1, PHONE_SLOTS + 1):
            number = _text(self[f"phone_{slot}"])
            if number:
                phones.append(
                    {
                        "number": formatted_phone(number),
                        "type": self[f"phone_{slot}_type"].data or "voice",
                        "description": _text(self[f"phone_{slot}_description"]),
                    }
                )
        phones.sort(key=lambda p: (p["number"], p["type"]))
        return {
            "url": _text(self.url),
            "email": _text(self.email),
            "phones": phones,
            "contact_name": _text(self.contact_name),
            "contact_email": _text(self.contact_email),
        }

    def fill_phones(self, phones: list[dict[str, str]]) -> None:
        for slot, phone in enumerate(phones[:PHONE_SLOTS], start=1):
            self[f"phone_{slot}"].data = phone["number"]
            self[f"phone_{slot}_type"].data = phone["type"]
            self[f"phone_{slot}_description"].data = phone["description"]


for _slot in range(1, PHONE_SLOTS + 1):
    setattr(
        ContactForm, f"phone_{_slot}", StringField(f"Number {_slot}", [_checked(phone_problem)])
    )
    setattr(
        ContactForm,
        f"phone_{_slot}_type",
        SelectField(f"Kind of number {_slot}", choices=choices(PHONE_TYPES), default="voice"),
    )
    setattr(
        ContactForm,
        f"phone_{_slot}_description",
        StringField(f"What number {_slot} is for (optional)", [Length(max=200)]),
    )


def parse_hours(text: str) -> str | None:
    """Opening hours typed as "09:00-17:00", "9:00 to 17:30" or "0900-1730", written "HH:MM-HH:MM".

    None when the text is not two 24-hour times with the first before the second.
    """
    parts = [p.strip() for p in re.split(r"\s*(?:-|\u2013|to)\s*", text.strip()) if p.strip()]
    if len(parts) != 2:
        return None
    times = []
    for part in parts:
        match = _TIME.match(part)
        if not match:
            return None
        times.append(f"{int(match.group(1)):02d}:{match.group(2)}")
    return f"{times[0]}-{times[1]}" if times[0] < times[1] or times[1] == "00:00" else None


class HoursForm(_Versioned):
    hints = {
        code: "Opening and closing time, like 09:00-17:00. Leave empty if closed."
        for code in DAY_NAMES
    }
    widths = {code: "govuk-input--width-10" for code in DAY_NAMES}

    def values(self) -> Values:
        values: Values = {}
        for code in DAY_NAMES:
            text = _text(self[code])
            values[code] = parse_hours(text) or "" if text else ""
        values["note"] = _text(self.note)
        return values


def _hours_check(form: FlaskForm, field: StringField) -> None:
    if (field.data or "").strip() and parse_hours(field.data) is None:
        raise FieldError(
            f"Enter {field.label.text}'s hours as an opening and closing time, like 09:00-17:00"
        )


for _code, _day in DAY_NAMES.items():
    setattr(HoursForm, _code, StringField(_day, [_hours_check]))
# Made after the days so the form shows it after them.
HoursForm.note = TextAreaField("Anything else about the hours (optional)", [Length(max=500)])


SCOPES = [
    ("", "No: only the areas listed below"),
    ("national", "Yes: the whole UK"),
    ("England", "Yes: all of England"),
    ("Wales", "Yes: all of Wales"),
    ("Scotland", "Yes: all of Scotland"),
    ("Northern Ireland", "Yes: all of Northern Ireland"),
]


class AreasForm(_Versioned):
    hints = {
        "areas": "One on each line, as GOV.UK names them, for example Leeds or West Yorkshire "
        "(police). Leave empty if you chose a whole country."
    }
    scope = RadioField(
        "Does the service cover a whole country?", choices=choices(SCOPES), default=""
    )
    areas = TextAreaField("Councils and police force areas it covers", [Length(max=20000)])
    # Filled by the view once each line is matched to a code.
    codes: list[str] = []

    def validate_areas(self, field: TextAreaField) -> None:
        if not self.scope.data and not (field.data or "").strip():
            raise FieldError("Enter at least one council or police force area, or choose a country")

    def values(self) -> Values:
        return {"scope": self.scope.data or "", "areas": sorted(set(self.codes))}


class LocationForm(_Versioned):
    hints = {
        "postcode": "We find the place on the map from the postcode.",
        "confidential": "For refuges and safe houses: the address and map point are never "
        "shown to the public, only the area.",
    }
    name = StringField("Name of the place (optional)", [Length(max=255)])
    address_1 = StringField(
        "Address line 1", [DataRequired("Enter address line 1"), Length(max=255)]
    )
    address_2 = StringField("Address line 2 (optional)", [Length(max=255)])
    city = StringField("Town or city", [DataRequired("Enter the town or city"), Length(max=255)])
    postcode = StringField("Postcode", [DataRequired("Enter the postcode")])
    confidential = BooleanField("Keep this address confidential")
    accessibility = TextAreaField("Access (optional)", [Length(max=1000)])
    transportation = TextAreaField("Getting there (optional)", [Length(max=1000)])
    # Filled by the view from the postcode, offline.
    point: tuple[float, float] | None = None

    def validate_postcode(self, field: StringField) -> None:
        if not is_full_postcode(field.data or ""):
            raise FieldError("Enter a full postcode, like LS6 1AA")

    def values(self) -> Values:
        latitude, longitude = self.point or (None, None)
        return {
            "name": _text(self.name),
            "address_1": _text(self.address_1),
            "address_2": _text(self.address_2),
            "city": _text(self.city),
            "postcode": format_postcode(_text(self.postcode)),
            "latitude": latitude,
            "longitude": longitude,
            "confidential": bool(self.confidential.data),
            "accessibility": _text(self.accessibility),
            "transportation": _text(self.transportation),
        }


class RouteForm(_Versioned):
    hints = {
        "to_service": "Paste the address of the service's page on Waymark, like "
        "https://…/services/1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    }
    to_service = StringField(
        "Service people are referred to",
        [DataRequired("Enter the service's Waymark address or id")],
    )
    kind = RadioField(
        "Kind of step",
        choices=choices([(str(k), f"This service {ROUTE_KIND_TEXT[k]} it") for k in RouteKind]),
        validators=[DataRequired("Choose the kind of step")],
    )
    self_referral = BooleanField("People can also get there by themselves")
    consent = RadioField(
        "Consent",
        choices=choices([("", "Not stated")] + [(str(c), CONSENT_TEXT[c]) for c in Consent]),
        default="",
    )
    criteria = TextAreaField("Criteria (optional)", [Length(max=LONG_TEXT)])
    notes = TextAreaField("Notes (optional)", [Length(max=LONG_TEXT)])
    # Filled by the view once the service is found.
    target: tuple[str, str] | None = None

    def values(self) -> Values:
        to_id, to_name = self.target or ("", "")
        return {
            "to_service_id": to_id,
            "to_service_name": to_name,
            "kind": self.kind.data,
            "self_referral": bool(self.self_referral.data),
            "consent": self.consent.data or "",
            "criteria": _text(self.criteria),
            "notes": _text(self.notes),
        }


class ReviewForm(PlainTextForm):
    decision = RadioField(
        "Decision",
        choices=choices([("approve", "Approve and publish"), ("reject", "Reject")]),
        validators=[DataRequired("Choose approve or reject")],
    )
    reason = TextAreaField("Reason (needed to reject; the editor sees it)", [Length(max=1000)])

    def validate_reason(self, field: TextAreaField) -> None:
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise FieldError("Say why the change is rejected")


class ConfirmForm(_Versioned):
    """A button that posts (remove a record, "still correct"): CSRF and the version seen."""


class ResolveReportForm(PlainTextForm):
    outcome = RadioField(
        "What did you do?",
        choices=choices(
            [
                ("corrected", "Corrected the listing"),
                ("no change needed", "Checked: no change needed"),
                ("listing removed", "Removed the listing"),
            ]
        ),
        validators=[DataRequired("Choose what you did")],
    )
    note = TextAreaField("Note (optional)", [Length(max=1000)])
