"""A form base that refuses hidden characters in every text box, so no field can forget to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

from directory.forms.checks import text_problem


def _no_hidden_characters(form: FlaskForm, field: Field) -> None:
    if field.errors:
        return  # a field's own check (email, web address) has already said what is wrong
    problem = text_problem(field.data or "", multiline=isinstance(field, TextAreaField))
    if problem:
        raise ValidationError(problem)


class PlainTextForm(FlaskForm):
    """Every typed text field, one-line or long, is checked by `text_problem`."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for field in self:
            if isinstance(field, StringField) and not isinstance(field, HiddenField):
                extra.setdefault(field.name, []).append(_no_hidden_characters)
        return super().validate(extra_validators=extra)
