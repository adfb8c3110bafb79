"""Forms for signing in and managing accounts (CSRF-protected by Flask-WTF).

Names, emails, organisations and notes refuse hidden characters like every other form
(`PlainTextForm`); passwords may hold any character, since they are only hashed.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from directory.accounts.passwords import password_problem
from directory.forms.base import PlainTextForm
from directory.forms.checks import email_problem
from directory.forms.choices import choices


def _email(form: FlaskForm, field: EmailField) -> None:
    problem = email_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SignInForm(PlainTextForm):
    """An email and a password, both required.

    The email's format and characters are checked by `actions.sign_in`, which answers an email
    no account could have as a wrong password: a form error here would say more than that.
    """

    checked_elsewhere = frozenset({"email"})

    email = EmailField("Email address", [DataRequired("Enter your email address")])
    password = PasswordField("Password", [DataRequired("Enter your password")])


class _NewPassword:
    """The new password must follow the rule in passwords.py and not be the email address."""

    def __init__(self, email_field: str | None = None) -> None:
        self.email_field = email_field

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        email = form[self.email_field].data if self.email_field else getattr(form, "owner", "")
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


class PasswordForm(PlainTextForm):
    current = PasswordField("Current password", [DataRequired("Enter your current password")])
    new = PasswordField("New password", [DataRequired("Enter a new password"), _NewPassword()])
    confirm = PasswordField(
        "Confirm new password",
        [DataRequired("Confirm your new password"), EqualTo("new", "Passwords must match")],
    )


class RequestAccessForm(PlainTextForm):
    name = StringField("Full name", [DataRequired("Enter your full name"), Length(max=200)])
    email = EmailField("Work email address", [DataRequired("Enter your email address"), _email])
    organisation = StringField(
        "Organisation you work for",
        [DataRequired("Enter the organisation you work for"), Length(max=255)],
    )
    note = TextAreaField(
        "Which listings do you look after?",
        [Length(max=1000, message="Use 1000 characters or fewer")],
    )
    password = PasswordField(
        "Choose a password", [DataRequired("Choose a password"), _NewPassword("email")]
    )
    confirm = PasswordField(
        "Confirm password",
        [DataRequired("Confirm your password"), EqualTo("password", "Passwords must match")],
    )


class ApproveForm(PlainTextForm):
    organization = SelectField(
        "Organisation this editor looks after", [DataRequired("Choose an organisation")]
    )


class NewAccountForm(PlainTextForm):
    name = StringField("Full name", [DataRequired("Enter the person's full name"), Length(max=200)])
    email = EmailField("Email address", [DataRequired("Enter an email address"), _email])
    role = RadioField(
        "Role",
        choices=choices([("editor", "Editor: keeps one organisation's listings"),
                 ("admin", "Admin: reviews changes and runs the site")]),
        validators=[DataRequired("Choose a role")],
    )  # fmt: skip
    organization = SelectField("Organisation (editors only)", validate_choice=False)
    password = PasswordField(
        "Temporary password", [DataRequired("Enter a temporary password"), _NewPassword("email")]
    )

    def validate_organization(self, field: SelectField) -> None:
        if self.role.data == "editor" and not field.data:
            raise ValidationError("Choose the organisation this editor looks after")
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Choose an organisation from the list")
