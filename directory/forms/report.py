"""The public "report a problem with this listing" form: nothing about the sender is asked."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from directory.forms.base import PlainTextForm
from directory.forms.choices import choices
from directory.problems import REPORT_KINDS


class ProblemReportForm(PlainTextForm):
    kind = RadioField(
        "What is wrong?",
        choices=choices([(str(kind), words) for kind, words in REPORT_KINDS.items()]),
        validators=[InputRequired("Choose what is wrong with the listing")],
    )
    details = TextAreaField(
        "Tell us more (optional)",
        [Length(max=1000, message="Use 1000 characters or fewer")],
    )
