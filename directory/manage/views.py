"""Pages for editors and admins: listings, section forms, reviews, checks and problem reports."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from directory.accounts.signed_in import (
    admin_only,
    current_user,
    require_edit,
    safe_next,
    signed_in,
)
from directory.context import vocabulary
from directory.db import get_session
from directory.forms.choices import choices
from directory.geo.gazetteer import LocationError, locate
from directory.manage import actions, queries
from directory.manage.actions import EditRefused, Proposal
from directory.manage.forms import (
    AreasForm,
    ConfirmForm,
    ContactForm,
    DetailsForm,
    HoursForm,
    LocationForm,
    OrganizationForm,
    ResolveReportForm,
    ReviewForm,
    RouteForm,
)
from directory.manage.sections import (
    SECTIONS,
    Values,
    changed_fields,
    read_areas,
    read_contact,
    read_details,
    read_hours,
    read_location,
    read_organization,
    read_route,
)
from directory.models import ChangeStatus, Location, Organization, Service, User
from directory.paging import Window, page_number
from directory.searching import publish_to_index
from directory.security import no_store

bp = Blueprint("manage", __name__, url_prefix="/manage")
bp.after_request(no_store)
# A national directory holds thousands of organisations and listings: lists come a page at a time.
ORGANISATIONS_PER_PAGE = 20
CHECKS_PER_PAGE = 50
MAX_FIND = 100

_SERVICE_SECTIONS: dict[str, tuple[type[FlaskForm], Callable[[Service], Values]]] = {
    "details": (DetailsForm, read_details),
    "contact": (ContactForm, read_contact),
    "hours": (HoursForm, read_hours),
    "areas": (AreasForm, read_areas),
}


def _now() -> datetime:
    return datetime.now(UTC)


def _me() -> User:
    user = current_user()
    assert user is not None
    return user


def _publish(service_ids: list[uuid.UUID]) -> None:
    """Bring the search index up to date once approved changes are committed."""
    if service_ids:
        root = Path(current_app.config["INDEX_DIR"])
        publish_to_index(get_session(), root, vocabulary(), service_ids)


def _ids_to_reindex(change: Any) -> list[uuid.UUID]:
    if change.section == "organization":
        return [s.id for s in queries.organisation(get_session(), change.organization_id).services]
    return [change.service_id] if change.service_id else []


def _fill_choices(form: FlaskForm) -> None:
    if isinstance(form, DetailsForm):
        words = vocabulary()
        form.categories.choices = choices((t.code, t.name) for t in words.categories)
        form.access_modes.choices = choices(
            (t.code, t.name) for t in words.facets.get("access_mode", ())
        )
        form.identity_focus.choices = choices(
            (t.code, t.name) for t in words.facets.get("identity_focus", ())
        )


def _prefill(form: FlaskForm, values: Values | None, version: int) -> None:
    form.version.data = str(version)
    if values is None:
        return
    for name, value in values.items():
        # Phones fill their own slots; area codes are shown by name (see edit_section).
        if name in form and name not in ("phones", "areas"):
            form[name].data = value
    if isinstance(form, ContactForm):
        form.fill_phones(values["phones"])


def _submit(form: FlaskForm, proposal: Proposal, done: str) -> ResponseReturnValue | None:
    """Propose the change; a redirect to `done` when saved, None (form shows why) when refused."""
    session = get_session()
    user = _me()
    try:
        change = actions.propose(session, user, proposal, _now())
    except EditRefused as refused:
        session.rollback()
        form.refused = refused.message
        return None
    if change.status == ChangeStatus.APPROVED:
        _publish(_ids_to_reindex(change))
        flash("Your change has been saved and published")
    else:
        flash("Your change has been sent for review. It will be published once it is approved.")
    return redirect(done)


def _propose(
    form: FlaskForm,
    service: Service,
    section: str,
    target_id: uuid.UUID | None,
    before: Values | None,
) -> ResponseReturnValue | None:
    """Propose the form's values for one section of a listing; back to the listing when saved."""
    proposal = Proposal(service.organization_id, service.id, section, target_id,
                        form.version_number(), before, form.values())  # fmt: skip
    return _submit(form, proposal, url_for("manage.listing", service_id=service.id))


def _render_form(
    form: FlaskForm,
    *,
    title: str,
    back: str,
    intro: str | None = None,
) -> ResponseReturnValue:
    refused = getattr(form, "refused", None)
    status = 409 if refused else (400 if request.method == "POST" else 200)
    return render_template(
        "manage/edit.html",
        form=form,
        widths=getattr(form, "widths", {}),
        title=title,
        back=back,
        hints=getattr(form, "hints", {}),
        intro=intro,
        refused=refused,
    ), status


@bp.get("/")
@signed_in
def dashboard() -> ResponseReturnValue:
    """Your organisation's listings (an admin sees every organisation) and what needs doing."""
    session = get_session()
    user = _me()
    only = None if user.is_admin else user.organization_id
    if not user.is_admin and only is None:
        abort(403)
    text = " ".join(request.args.get("q", "").split())[:MAX_FIND]
    page = page_number(request.args)
    organisations, total = queries.organisations_page(
        session, only, text=text, offset=(page - 1) * ORGANISATIONS_PER_PAGE,
        limit=ORGANISATIONS_PER_PAGE,
    )  # fmt: skip
    window = Window(page, ORGANISATIONS_PER_PAGE, total)
    if page > window.pages:
        abort(404)
    return render_template(
        "manage/dashboard.html",
        organisations=organisations,
        window=window,
        text=text,
        counts=queries.counts_for(session, only),
        due=queries.count_due(session, _now().date(), only),
    )


@bp.get("/organisations/<uuid:organization_id>")
@signed_in
def organisation(organization_id: uuid.UUID) -> ResponseReturnValue:
    require_edit(organization_id)
    session = get_session()
    org = queries.organisation(session, organization_id)
    return render_template(
        "manage/organisation.html",
        org=org,
        values=read_organization(org),
        section=SECTIONS["organization"],
        history=queries.organisation_history(session, organization_id),
    )


@bp.route("/organisations/<uuid:organization_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_organisation(organization_id: uuid.UUID) -> ResponseReturnValue:
    require_edit(organization_id)
    org = queries.organisation(get_session(), organization_id)
    form = OrganizationForm()
    before = read_organization(org)
    if request.method == "GET":
        _prefill(form, before, org.version)
    elif form.validate_on_submit():
        proposal = Proposal(
            org.id, None, "organization", None, form.version_number(), before, form.values()
        )
        done = url_for("manage.organisation", organization_id=org.id)
        if (response := _submit(form, proposal, done)) is not None:
            return response
    return _render_form(
        form, title=f"Edit {org.name}", back=url_for("manage.organisation", organization_id=org.id)
    )


@bp.route("/organisations/<uuid:organization_id>/services/new", methods=["GET", "POST"])
@signed_in
def new_service(organization_id: uuid.UUID) -> ResponseReturnValue:
    require_edit(organization_id)
    org = queries.organisation(get_session(), organization_id)
    form = DetailsForm()
    _fill_choices(form)
    if request.method == "GET":
        _prefill(form, None, 0)
        form.status.data, form.referral_route.data = "active", "self"
    elif form.validate_on_submit():
        proposal = Proposal(org.id, None, "details", None, 0, None, form.values())
        done = url_for("manage.organisation", organization_id=org.id)
        if (response := _submit(form, proposal, done)) is not None:
            return response
    back = url_for("manage.organisation", organization_id=org.id)
    return _render_form(
        form,
        title=f"Add a service run by {org.name}",
        back=back,
        intro="Once the service is approved you can add its contact details, hours, areas "
        "and places.",
    )


def _service_for_edit(service_id: uuid.UUID) -> Service:
    service = queries.listing(get_session(), service_id)
    require_edit(service.organization_id)
    return service


@bp.get("/services/<uuid:service_id>")
@signed_in
def listing(service_id: uuid.UUID) -> ResponseReturnValue:
    """Every part of one listing, what is waiting for review, and the 'still correct' button."""
    service = _service_for_edit(service_id)
    session = get_session()
    return render_template(
        "manage/listing.html",
        service=service,
        sections=SECTIONS,
        values={name: reader(service) for name, (_, reader) in _SERVICE_SECTIONS.items()},
        locations=[
            (link.location, read_location(link.location)) for link in service.service_at_locations
        ],
        routes=[(route, read_route(route)) for route in queries.routes_from(session, service.id)],
        pending=queries.pending_for(session, service.id),
        area_names=queries.area_names(session),
        confirm=ConfirmForm(),
        reports=queries.open_reports_for(session, service.id),
    )


@bp.route(
    "/services/<uuid:service_id>/<any(details, contact, hours, areas):section>",
    methods=["GET", "POST"],
)
@signed_in
def edit_section(service_id: uuid.UUID, section: str) -> ResponseReturnValue:
    service = _service_for_edit(service_id)
    form_class, reader = _SERVICE_SECTIONS[section]
    form = form_class()
    _fill_choices(form)
    before = reader(service)
    session = get_session()
    if request.method == "GET":
        _prefill(form, before, service.version)
        if isinstance(form, AreasForm):
            names = queries.area_names(session)
            form.areas.data = "\n".join(names.get(code, code) for code in before["areas"])
    elif (
        form.validate_on_submit()
        and _areas_found(form)
        and (response := _propose(form, service, section, None, before)) is not None
    ):
        return response
    return _render_form(
        form,
        title=f"{SECTIONS[section].title}: {service.name}",
        back=url_for("manage.listing", service_id=service.id),
    )


def _areas_found(form: FlaskForm) -> bool:
    """Match the typed council and police area names to codes; say which were not found."""
    if not isinstance(form, AreasForm):
        return True
    codes, misses = queries.match_areas(get_session(), (form.areas.data or "").splitlines())
    if misses:
        form.areas.errors = [
            f"No council or police force area called {misses[0]!r}. "
            "Use the name as written on GOV.UK, or its code"
        ]
        return False
    form.codes = codes
    return True


@bp.route(
    "/services/<uuid:service_id>/locations/new",
    methods=["GET", "POST"],
    defaults={"location_id": None},
)
@bp.route("/services/<uuid:service_id>/locations/<uuid:location_id>", methods=["GET", "POST"])
@signed_in
def edit_location(service_id: uuid.UUID, location_id: uuid.UUID | None) -> ResponseReturnValue:
    service = _service_for_edit(service_id)
    location = _location_of(service, location_id)
    before = read_location(location) if location else None
    form = LocationForm()
    session = get_session()
    if request.method == "GET":
        _prefill(form, before, service.version)
    elif (
        form.validate_on_submit()
        and _postcode_found(session, form)
        and (response := _propose(form, service, "location", location_id, before)) is not None
    ):
        return response
    return _render_form(
        form,
        title=f"{'Change' if location else 'Add'} a place: {service.name}",
        back=url_for("manage.listing", service_id=service.id),
    )


def _location_of(service: Service, location_id: uuid.UUID | None) -> Location | None:
    if location_id is None:
        return None
    for link in service.service_at_locations:
        if link.location_id == location_id:
            return link.location
    abort(404)


def _postcode_found(session: Any, form: LocationForm) -> bool:
    try:
        point = locate(session, form.postcode.data)
    except LocationError as error:
        form.postcode.errors = [error.message]
        return False
    form.point = (point.latitude, point.longitude)
    return True


@bp.route(
    "/services/<uuid:service_id>/routes/new", methods=["GET", "POST"], defaults={"route_id": None}
)
@bp.route("/services/<uuid:service_id>/routes/<uuid:route_id>", methods=["GET", "POST"])
@signed_in
def edit_route(service_id: uuid.UUID, route_id: uuid.UUID | None) -> ResponseReturnValue:
    service = _service_for_edit(service_id)
    session = get_session()
    route = queries.route(session, route_id) if route_id else None
    if route is not None and route.from_service_id != service.id:
        abort(404)
    before = read_route(route) if route else None
    form = RouteForm()
    if request.method == "GET":
        _prefill(form, before, service.version)
        if before:
            form.to_service.data = before["to_service_id"]
    elif (
        form.validate_on_submit()
        and _route_target_found(session, form, service)
        and (response := _propose(form, service, "route", route_id, before)) is not None
    ):
        return response
    return _render_form(
        form,
        title=f"{'Change' if route else 'Add'} a referral route from {service.name}",
        back=url_for("manage.listing", service_id=service.id),
    )


def _route_target_found(session: Any, form: RouteForm, service: Service) -> bool:
    target = queries.find_service(session, form.to_service.data)
    if target is None:
        form.to_service.errors = [
            "No Waymark service has that address. Copy it from the service's page"
        ]
        return False
    if target.id == service.id:
        form.to_service.errors = ["A route must lead to a different service"]
        return False
    form.target = (str(target.id), target.name)
    return True


@bp.post("/services/<uuid:service_id>/<any(locations, routes):kind>/<uuid:item_id>/remove")
@signed_in
def remove_item(service_id: uuid.UUID, kind: str, item_id: uuid.UUID) -> ResponseReturnValue:
    """Propose removing a place or a referral route (reviewed like any other change)."""
    service = _service_for_edit(service_id)
    session = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if kind == "locations":
        section, before = "location", read_location(_location_of(service, item_id))  # type: ignore[arg-type]
    else:
        route = queries.route(session, item_id)
        if route.from_service_id != service.id:
            abort(404)
        section, before = "route", read_route(route)
    proposal = Proposal(
        service.organization_id, service.id, section, item_id, form.version_number(), before, None
    )
    if (
        response := _submit(form, proposal, url_for("manage.listing", service_id=service.id))
    ) is not None:
        return response
    flash(form.refused)
    return redirect(url_for("manage.listing", service_id=service.id))


@bp.post("/services/<uuid:service_id>/still-correct")
@signed_in
def still_correct(service_id: uuid.UUID) -> ResponseReturnValue:
    """One click: the whole listing has been checked and is right today."""
    service = _service_for_edit(service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.still_correct(get_session(), _me(), service, _now())
    _publish([service.id])
    flash(f"Thank you. {service.name} is marked as checked today")
    back = request.form.get("back")
    return redirect(safe_next(back) if back else url_for("manage.listing", service_id=service.id))


@bp.get("/services/<uuid:service_id>/history")
@signed_in
def history(service_id: uuid.UUID) -> ResponseReturnValue:
    """Everything done to a listing: who, when, what, and the values before and after."""
    service = _service_for_edit(service_id)
    entries = queries.history(get_session(), service.id)
    return render_template(
        "manage/history.html",
        service=service,
        sections=SECTIONS,
        entries=[(e, changed_fields(e.before, e.after)) for e in entries],
    )


@bp.get("/reviews")
@admin_only
def reviews() -> ResponseReturnValue:
    return render_template(
        "manage/reviews.html", changes=queries.pending_changes(get_session()), sections=SECTIONS
    )


@bp.route("/reviews/<uuid:change_id>", methods=["GET", "POST"])
@admin_only
def review(change_id: uuid.UUID) -> ResponseReturnValue:
    """One proposed change, field by field (old → new), to approve or reject with a reason."""
    session = get_session()
    change = queries.change(session, change_id)
    form = ReviewForm()
    refused = None
    if change.status == ChangeStatus.PENDING and form.validate_on_submit():
        try:
            if form.decision.data == "approve":
                actions.approve(session, _me(), change, _now())
                _publish(_ids_to_reindex(change))
                flash("The change is approved and published")
            else:
                actions.reject(session, _me(), change, form.reason.data, _now())
                flash("The change is rejected; the editor can see your reason")
            return redirect(url_for("manage.reviews"))
        except EditRefused as error:
            session.rollback()
            refused = error.message
    service = session.get(Service, change.service_id) if change.service_id else None
    org = session.get(Organization, change.organization_id)
    status = 409 if refused else (400 if request.method == "POST" else 200)
    return render_template(
        "manage/review.html",
        change=change,
        form=form,
        refused=refused,
        fields=changed_fields(change.before, change.after),
        section=SECTIONS[change.section],
        service=service,
        org=org,
        area_names=queries.area_names(session),
    ), status


@bp.get("/checks")
@signed_in
def checks() -> ResponseReturnValue:
    """Listings due for checking (not checked for six months), by organisation."""
    user = _me()
    only = None if user.is_admin else user.organization_id
    session, today = get_session(), _now().date()
    window = Window(
        page_number(request.args), CHECKS_PER_PAGE, queries.count_due(session, today, only)
    )
    if window.page > window.pages:
        abort(404)
    due = queries.due_for_checking(session, today, only, offset=window.offset, limit=window.size)
    grouped: dict[str, list[Service]] = {}
    for service in due:
        grouped.setdefault(service.organization.name, []).append(service)
    return render_template(
        "manage/checks.html", grouped=grouped, window=window, confirm=ConfirmForm()
    )


@bp.get("/reports")
@signed_in
def reports() -> ResponseReturnValue:
    user = _me()
    only = None if user.is_admin else user.organization_id
    return render_template("manage/reports.html", reports=queries.open_reports(get_session(), only))


@bp.route("/reports/<uuid:report_id>", methods=["GET", "POST"])
@signed_in
def resolve_report(report_id: uuid.UUID) -> ResponseReturnValue:
    session = get_session()
    report = queries.report(session, report_id)
    service = session.get(Service, report.service_id)
    user = _me()
    if service is not None:
        require_edit(service.organization_id)
    elif not user.is_admin:
        abort(403)
    form = ResolveReportForm()
    refused = None
    if report.resolved_at is None and form.validate_on_submit():
        try:
            actions.resolve_report(
                session, user, report, service, form.outcome.data, form.note.data or "", _now()
            )
        except EditRefused as error:
            refused = error.message
        else:
            flash("The report is resolved")
            return redirect(url_for("manage.reports"))
    status = 409 if refused else (400 if request.method == "POST" else 200)
    return render_template(
        "manage/report.html", report=report, service=service, form=form, refused=refused
    ), status
