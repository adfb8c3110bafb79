"""Pages for people looking for support: home, browse by category, service, search."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from directory import search_periods
from directory.context import include_examples, map_assets, tile_source, vocabulary
from directory.db import get_session
from directory.finder import actions, display, mapping, queries
from directory.finder.params import CATEGORY_PAGE_SIZE, SearchParams, parse_ids
from directory.finder.search import (
    LocationError,
    SearchPage,
    district_typed_as_words,
    find_place,
    run_search,
    search_request,
)
from directory.forms.report import ProblemReportForm
from directory.limits import REPORTS, allow, client_key
from directory.maps import results_map, single_point_map
from directory.models import ProblemKind
from directory.paging import Window, page_number
from directory.pathways.templates import templates_in, templates_using
from directory.problems import first_open_report, record_report
from directory.searching import search_outcome
from directory.security import map_frame
from directory.summaries import load_summaries

bp = Blueprint("finder", __name__)


@bp.get("/")
def home() -> ResponseReturnValue:
    """The front door: search, categories and crisis numbers."""
    session = get_session()
    return render_template(
        "finder/home.html",
        counts=queries.category_counts(session, include_examples=include_examples()),
        crisis_lines=queries.crisis_lines(session, vocabulary().crisis_codes),
    )


@bp.get("/categories")
def categories() -> ResponseReturnValue:
    """Every category, grouped, with how many services each has."""
    counts = queries.category_counts(get_session(), include_examples=include_examples())
    return render_template("finder/categories.html", counts=counts)


@bp.get("/categories/<code>")
def category(code: str) -> ResponseReturnValue:
    """The services of one category, a page at a time."""
    term = vocabulary().category(code)
    if term is None:
        abort(404)
    page = page_number(request.args)
    services, total = queries.services_in_category(
        get_session(), code, include_examples=include_examples(),
        offset=(page - 1) * CATEGORY_PAGE_SIZE, limit=CATEGORY_PAGE_SIZE,
    )  # fmt: skip
    window = Window(page, CATEGORY_PAGE_SIZE, total)
    if page > window.pages:
        abort(404)
    return render_template(
        "finder/category.html", term=term, group=vocabulary().group_of(code),
        services=services, total=total, page=page, pages=window.pages,
    )  # fmt: skip


@bp.get("/services/<uuid:service_id>")
def service(service_id: uuid.UUID) -> ResponseReturnValue:
    """Everything a person needs to decide whether and how to contact one service."""
    session = get_session()
    found = queries.get_service(session, service_id, include_examples=include_examples())
    onward, inward = queries.routes_of(session, found.id, include_examples=include_examples())
    codes = {a.taxonomy_term.code for a in found.attributes if a.link_type == "category"}
    pathways = templates_using(templates_in(Path(current_app.config["DATA_DIR"])).values(), codes)
    return render_template(
        "finder/service.html",
        onward=onward,
        inward=inward,
        pathways=pathways,
        service=found,
        check=display.check_status(found, date.today()),
        entry_route=display.entry_route_text(found.referral_route),
        has_map=bool(mapping.service_points(found)),
        reported_on=_date_of(first_open_report(session, found.id)),
    )


def _date_of(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


@bp.route("/services/<uuid:service_id>/report", methods=["GET", "POST"])
def report_problem(service_id: uuid.UUID) -> ResponseReturnValue:
    """Tell us a listing is wrong: no name, email or anything else about the person needed."""
    session = get_session()
    found = queries.get_service(session, service_id, include_examples=include_examples())
    form = ProblemReportForm()
    if form.validate_on_submit():
        now = datetime.now(UTC)
        if not allow(session, REPORTS, client_key(now), now):
            abort(429)
        record_report(session, found, ProblemKind(form.kind.data), form.details.data or "", now)
        return render_template("finder/report_sent.html", service=found)
    status = 400 if request.method == "POST" else 200
    return render_template("finder/report.html", service=found, form=form), status


@bp.get("/search")
def search() -> ResponseReturnValue:
    """Services matching what the person typed, near where they are, best first."""
    params = SearchParams.from_args(request.args, vocabulary())
    page, params = _search(params)
    if page is not None and params.page == 1:
        outcode = page.place.outcode if page.place else None
        zero = not page.results and not page.national
        day = search_periods.today()
        actions.count_search(get_session(), day, outcode, page.categories_asked, zero)
    crisis = []
    if page is not None and not page.results:
        crisis = queries.crisis_lines(get_session(), vocabulary().crisis_codes)
    return render_template("finder/search.html", params=params, page=page, crisis_lines=crisis)


@bp.get("/list")
def shortlist() -> ResponseReturnValue:
    """A practitioner's chosen services, to print or share; the list lives only in the URL."""
    ids = parse_ids(request.args.getlist("id"))
    services = load_summaries(get_session(), ids, include_examples=include_examples())
    return render_template(
        "finder/list.html",
        services=services,
        printing=request.args.get("print") == "1",
        share_args={"id": [str(s.id) for s in services]},
    )


@bp.get("/search/map")
def search_map() -> ResponseReturnValue:
    """The results as a map, for an iframe on the results page (the list stays the truth)."""
    params = SearchParams.from_args(request.args, vocabulary())
    if params.errors or params.is_empty:
        abort(404)
    session = get_session()
    params = district_typed_as_words(session, params)
    try:
        place = find_place(session, params)
    except LocationError:
        abort(404)
    # Only the index is needed: the map draws every local result from its stored fields.
    request_ = search_request(params, place, include_examples=include_examples())
    outcome = search_outcome(session, request_, datetime.now(UTC))
    names = mapping.category_names()
    centre = (place.latitude, place.longitude) if place else None
    document = results_map(
        mapping.result_points(outcome.results, names),
        tiles=tile_source(),
        asset_base=map_assets(),
        centre=centre,
        radius_miles=float(params.radius) if centre else None,
        category_names=names,
    )
    return map_frame(document)


@bp.get("/services/<uuid:service_id>/map")
def service_map(service_id: uuid.UUID) -> ResponseReturnValue:
    """A map of one service's public location, for an iframe on its page."""
    found = queries.get_service(get_session(), service_id, include_examples=include_examples())
    points = mapping.service_points(found)
    if not points:
        abort(404)
    document = single_point_map(
        points[0],
        tiles=tile_source(),
        asset_base=map_assets(),
    )
    return map_frame(document)


def _search(params: SearchParams) -> tuple[SearchPage | None, SearchParams]:
    if params.errors or params.is_empty:
        return None, params
    session = get_session()
    params = district_typed_as_words(session, params)
    try:
        place = find_place(session, params)
    except LocationError as error:
        return None, params.with_error("where", error.message, tuple(error.suggestions))
    page = run_search(
        session, params, place, include_examples=include_examples(), now=datetime.now(UTC)
    )
    return page, params
