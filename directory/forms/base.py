"""A form base that refuses hidden characters in every text box, so no field can forget to.

Passwords are the exception: they are only hashed, never shown, so any character may be in one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import ValidationError

from directory.forms.checks import text_problem


def _no_hidden_characters(form: FlaskForm, field: Field) -> None:
    if field.errors:
        return  # a field's own check (email, web address) has already said what is wrong
    problem = text_problem(field.data or "", multiline=isinstance(field, TextAreaField))
    if problem:
        raise ValidationError(problem)


class PlainTextForm(FlaskForm):
    """Every typed text field, one-line or long, except passwords, is checked by `text_problem`."""

    # Fields a form checks another way; its docstring says how and why.
    checked_elsewhere: ClassVar[frozenset[str]] = frozenset()

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for field in self:
            if (
                isinstance(field, StringField)
                and not isinstance(field, HiddenField | PasswordField)
                and field.name not in self.checked_elsewhere
            ):
                extra.setdefault(field.name, []).append(_no_hidden_characters)
        return super().validate(extra_validators=extra)
