"""Pages for people looking for support: home, browse by category, service, search."""

from __future__ import annotations

import uuid
from datetime import date
from math import ceil

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from directory.db import get_session
from directory.finder import display, queries
from directory.finder.params import PAGE_SIZE, SearchParams, page_number
from directory.finder.search import search_services
from directory.templating import vocabulary

bp = Blueprint("finder", __name__)


def _include_examples() -> bool:
    return bool(current_app.config["SHOW_EXAMPLES"])


@bp.get("/")
def home() -> ResponseReturnValue:
    """The front door: search, categories and crisis numbers."""
    session = get_session()
    return render_template(
        "finder/home.html",
        counts=queries.category_counts(session, include_examples=_include_examples()),
        crisis_lines=queries.crisis_lines(session, vocabulary().crisis_codes),
    )


@bp.get("/categories")
def categories() -> ResponseReturnValue:
    """Every category, grouped, with how many services each has."""
    counts = queries.category_counts(get_session(), include_examples=_include_examples())
    return render_template("finder/categories.html", counts=counts)


@bp.get("/categories/<code>")
def category(code: str) -> ResponseReturnValue:
    """The services of one category, a page at a time."""
    term = vocabulary().category(code)
    if term is None:
        abort(404)
    page = page_number(request.args)
    services, total = queries.services_in_category(
        get_session(), code, include_examples=_include_examples(),
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    pages = max(1, ceil(total / PAGE_SIZE))
    if page > pages:
        abort(404)
    return render_template(
        "finder/category.html", term=term, group=vocabulary().group_of(code),
        services=services, total=total, page=page, pages=pages,
    )  # fmt: skip


@bp.get("/services/<uuid:service_id>")
def service(service_id: uuid.UUID) -> ResponseReturnValue:
    """Everything a person needs to decide whether and how to contact one service."""
    found = queries.get_service(get_session(), service_id, include_examples=_include_examples())
    return render_template(
        "finder/service.html",
        service=found,
        check=display.check_status(found, date.today()),
        entry_route=display.entry_route_text(found.referral_route),
    )


@bp.get("/search")
def search() -> ResponseReturnValue:
    """Services matching what the person typed, best first."""
    params = SearchParams.from_args(request.args, vocabulary())
    results = None
    if not params.is_empty:
        results = search_services(get_session(), params, include_examples=_include_examples())
    return render_template("finder/search.html", params=params, results=results)
