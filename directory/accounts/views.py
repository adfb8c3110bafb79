"""Sign in and out, change a password, ask for access; admins manage accounts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from directory.accounts import actions, queries
from directory.accounts.forms import (
    ApproveForm,
    NewAccountForm,
    PasswordForm,
    RequestAccessForm,
    SignInForm,
)
from directory.accounts.passwords import dummy_hash
from directory.accounts.signed_in import (
    admin_only,
    current_user,
    forget,
    remember,
    safe_next,
    signed_in,
)
from directory.db import get_session
from directory.forms.choices import choices
from directory.limits import REQUEST_ACCESS, SIGN_IN, allow, client_key
from directory.models import AccountStatus, Role
from directory.security import no_store

bp = Blueprint("accounts", __name__, url_prefix="/manage")
# Made when the app is built, so the first unknown email costs no more than a later one.
bp.record_once(lambda _state: dummy_hash())
bp.after_request(no_store)

LOCKED_MESSAGE = (
    "Too many wrong attempts. For your security, signing in to this account is paused for "
    "15 minutes. Try again later."
)
WRONG_MESSAGE = "Enter a correct email address and password"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """Sign in; wrong passwords are counted and pause this client's tries for a while."""
    form = SignInForm()
    problem = None
    status = 200
    if form.validate_on_submit():
        session = get_session()
        now = datetime.now(UTC)
        client = client_key(now)
        if not allow(session, SIGN_IN, client, now):
            problem, status = LOCKED_MESSAGE, 429
        else:
            outcome = actions.sign_in(
                session, form.email.data, form.password.data, now,
                current_app.config["SECRET_KEY"], client,
            )  # fmt: skip
            if outcome.user is not None:
                remember(outcome.user)
                return redirect(safe_next(request.args.get("next")))
            if outcome.locked:
                problem, status = LOCKED_MESSAGE, 429
            elif outcome.waiting:
                problem = "Your account is waiting for an administrator to approve it"
            else:
                problem = WRONG_MESSAGE
    elif request.method == "POST":
        status = 400
    return render_template("accounts/sign_in.html", form=form, problem=problem), status


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out everywhere: a copy of this session's cookie stops working too."""
    user = current_user()
    if user is not None:
        actions.end_sessions(get_session(), user)
    forget()
    flash("You have signed out")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def password() -> ResponseReturnValue:
    """Change your own password (signs out every other session, then keeps this one)."""
    user = current_user()
    assert user is not None
    form = PasswordForm()
    form.owner = user.email
    problem = None
    if form.validate_on_submit():
        try:
            actions.change_password(get_session(), user, form.current.data, form.new.data)
        except actions.AccountError as error:
            problem = str(error)
        else:
            remember(user)
            flash("Your password has been changed")
            return redirect(url_for("manage.dashboard"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/password.html", form=form, problem=problem), status


@bp.route("/request-access", methods=["GET", "POST"])
def request_access() -> ResponseReturnValue:
    """Ask to become an editor; nobody can edit until an admin approves the request."""
    form = RequestAccessForm()
    problem = None
    if form.validate_on_submit():
        session = get_session()
        now = datetime.now(UTC)
        if not allow(session, REQUEST_ACCESS, client_key(now), now):
            abort(429)
        note = f"Organisation: {form.organisation.data}\n{form.note.data or ''}".strip()
        try:
            actions.create_user(
                session, email=form.email.data, name=form.name.data,
                password=form.password.data, role=Role.EDITOR, status=AccountStatus.REQUESTED,
                request_note=note,
            )  # fmt: skip
            session.commit()
        except actions.AccountError:
            session.rollback()
            # Say the same as for a new request, so the form never reveals who has an account.
        return render_template("accounts/requested.html")
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/request_access.html", form=form, problem=problem), status


@bp.get("/users")
@admin_only
def users() -> ResponseReturnValue:
    session = get_session()
    return render_template(
        "accounts/users.html", users=queries.all_users(session),
        organisations=dict(queries.organisation_choices(session)),
    )  # fmt: skip


@bp.route("/users/<uuid:user_id>/approve", methods=["GET", "POST"])
@admin_only
def approve(user_id: uuid.UUID) -> ResponseReturnValue:
    """Let a requested account edit one organisation's listings."""
    session = get_session()
    user = queries.user_by_id(session, user_id)
    if user is None or user.status != AccountStatus.REQUESTED:
        abort(404)
    form = ApproveForm()
    form.organization.choices = choices(queries.organisation_choices(session))
    if form.validate_on_submit():
        actions.approve_request(session, user, uuid.UUID(form.organization.data))
        flash(f"{user.name} can now edit listings")
        return redirect(url_for("accounts.users"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/approve.html", form=form, user=user), status


@bp.post("/users/<uuid:user_id>/<any(disable, enable):change>")
@admin_only
def set_status(user_id: uuid.UUID, change: str) -> ResponseReturnValue:
    session = get_session()
    user = queries.user_by_id(session, user_id)
    me = current_user()
    if user is None:
        abort(404)
    if me is not None and user.id == me.id:
        abort(400)
    new = AccountStatus.DISABLED if change == "disable" else AccountStatus.ACTIVE
    actions.set_status(session, user, new)
    flash(f"{user.name}'s account is now {new.value}")
    return redirect(url_for("accounts.users"))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user() -> ResponseReturnValue:
    """Create an editor or admin account with a temporary password."""
    session = get_session()
    form = NewAccountForm()
    form.organization.choices = choices(queries.organisation_choices(session))
    problem = None
    if form.validate_on_submit():
        role = Role(form.role.data)
        try:
            actions.create_user(
                session, email=form.email.data, name=form.name.data, password=form.password.data,
                role=role, status=AccountStatus.ACTIVE,
                organization_id=uuid.UUID(form.organization.data)
                if role == Role.EDITOR else None,
            )  # fmt: skip
            session.commit()
        except actions.AccountError as error:
            session.rollback()
            problem = str(error)
        else:
            flash(f"Account created for {form.name.data}")
            return redirect(url_for("accounts.users"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/new_user.html", form=form, problem=problem), status
