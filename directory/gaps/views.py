"""Pages for commissioners: where provision is thin, which listings are stale, unmet searches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from directory.context import include_examples, map_assets, tile_source, vocabulary
from directory.db import get_session
from directory.gaps import queries
from directory.gaps.coverage import AreaCoverage, Supply, coverage, read_boundaries, read_demand
from directory.gaps.tables import (
    Table,
    completeness_table,
    coverage_table,
    searches_table,
    stale_table,
)
from directory.maps import choropleth_map
from directory.pathways.templates import templates_in
from directory.security import map_frame
from directory.vocabulary import Term

bp = Blueprint("gaps", __name__, url_prefix="/gaps")
# Coverage per (category, directory snapshot, examples shown): recomputed only after a change.
_COVERAGE_CACHE: dict[tuple[str, date | None, bool], list[AreaCoverage]] = {}
STALE_CHOICES = (6, 12)
MAX_CACHED = 64


def _completeness(slug: str | None) -> tuple[Table, str]:
    templates = templates_in(Path(current_app.config["DATA_DIR"]))
    slug = slug or next(iter(templates))
    template = templates.get(slug)
    if template is None:
        abort(404)
    session = get_session()
    table = completeness_table(
        template,
        queries.care_authorities(session),
        queries.local_categories(session, include_examples=include_examples()),
        vocabulary().unlisted_codes,
    )
    return table, slug


def _stale_months() -> int:
    raw = request.args.get("months", "12")
    return int(raw) if raw.isdigit() and int(raw) in STALE_CHOICES else 12


def _stale() -> Table:
    months = _stale_months()
    stale = queries.stale_listings(
        get_session(), date.today(), months=months, include_examples=include_examples()
    )
    return stale_table(stale, months)


def _searches() -> Table:
    names = {term.code: term.name for term in vocabulary().categories}
    return searches_table(queries.search_tallies(get_session()), names)


def _csv(table: Table, name: str) -> Response:
    return Response(
        table.csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@bp.get("")
def index() -> ResponseReturnValue:
    """What commissioners can see here, and how old the data is."""
    return render_template("gaps/index.html", snapshot=queries.directory_snapshot(get_session()))


def _coverage_results(code: str | None) -> tuple[list[AreaCoverage], Term]:
    names = vocabulary()
    code = code or next(t.code for t in names.categories if t.needs_listing)
    term = names.category(code)
    if term is None or not term.needs_listing:
        abort(404)
    session = get_session()
    key = (code, queries.directory_snapshot(session), include_examples())
    results = _COVERAGE_CACHE.get(key)
    if results is None:
        points, serves = queries.category_supply(session, code, include_examples=key[2])
        supply = Supply(
            np.array([p[0] for p in points]), np.array([p[1] for p in points]), tuple(serves)
        )
        results = coverage(read_demand(_data_dir()), supply, term.catchment_km)
        if len(_COVERAGE_CACHE) > MAX_CACHED:
            _COVERAGE_CACHE.clear()
        _COVERAGE_CACHE[key] = results
    return results, term


def _data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def _coverage(code: str | None) -> tuple[Table, str]:
    results, term = _coverage_results(code)
    table = coverage_table(
        term.name, queries.care_authorities(get_session()), results, term.catchment_km
    )
    return table, term.code


@bp.get("/coverage")
def coverage_page() -> ResponseReturnValue:
    """Coverage of one type of service across councils, against population."""
    table, code = _coverage(request.args.get("category"))
    return render_template(
        "gaps/table.html", table=table, title="Coverage by council",
        csv_endpoint="gaps.coverage_csv", csv_args={"category": code}, area_links=True,
        categories=[t for t in vocabulary().categories if t.needs_listing], chosen_category=code,
    )  # fmt: skip


@bp.get("/coverage/map")
def coverage_map() -> ResponseReturnValue:
    """A choropleth of services per 100,000 people by council, for an iframe."""
    results, term = _coverage_results(request.args.get("category"))
    html = choropleth_map(
        read_boundaries(_data_dir()),
        {r.code: r.per_100k for r in results},
        code_property="utla_code",
        name_property="utla_name",
        title=f"{term.name}: services per 100,000 people",
        tiles=tile_source(),
        asset_base=map_assets(),
    )
    return map_frame(html)


@bp.get("/coverage.csv")
def coverage_csv() -> ResponseReturnValue:
    """The coverage table as CSV."""
    table, code = _coverage(request.args.get("category"))
    return _csv(table, f"coverage-{code}")


@bp.get("/areas/<code>")
def area(code: str) -> ResponseReturnValue:
    """One council: each pathway's missing steps, local service types, and stale listings."""
    session = get_session()
    council = next((a for a in queries.care_authorities(session) if a.code == code), None)
    if council is None:
        abort(404)
    local = queries.local_categories(session, include_examples=include_examples())
    unlisted = vocabulary().unlisted_codes
    pathways = [
        (template, completeness_table(template, [council], local, unlisted).rows[0])
        for template in templates_in(_data_dir()).values()
    ]
    present = local.get(code, set())
    covering = queries.codes_covering(session, code)
    stale = [
        item
        for item in queries.stale_listings(
            session, date.today(), months=12, include_examples=include_examples()
        )
        if any(a.area_code in covering for a in item.service.service_areas)
    ]
    return render_template(
        "gaps/area.html", council=council, pathways=pathways, stale=stale,
        present=[t for t in vocabulary().categories if t.code in present],
        absent=[t for t in vocabulary().categories if t.code not in present and t.needs_listing],
    )  # fmt: skip


@bp.get("/completeness")
def completeness() -> ResponseReturnValue:
    """Pathway completeness: which steps each council has a local service for."""
    table, slug = _completeness(request.args.get("pathway"))
    templates = templates_in(Path(current_app.config["DATA_DIR"]))
    return render_template(
        "gaps/table.html", table=table, title="Pathway completeness by council",
        csv_endpoint="gaps.completeness_csv", csv_args={"pathway": slug}, area_links=True,
        templates=templates, chosen=slug,
    )  # fmt: skip


@bp.get("/completeness.csv")
def completeness_csv() -> ResponseReturnValue:
    """The completeness table as CSV."""
    table, slug = _completeness(request.args.get("pathway"))
    return _csv(table, f"pathway-completeness-{slug}")


@bp.get("/stale")
def stale() -> ResponseReturnValue:
    """Listings whose facts are old or undated."""
    return render_template(
        "gaps/table.html", table=_stale(), title="Listings that need checking",
        csv_endpoint="gaps.stale_csv", csv_args={"months": _stale_months()},
        months=_stale_months(), stale_choices=STALE_CHOICES,
    )  # fmt: skip


@bp.get("/stale.csv")
def stale_csv() -> ResponseReturnValue:
    """The stale listings table as CSV."""
    return _csv(_stale(), f"stale-listings-{_stale_months()}-months")


@bp.get("/searches")
def searches() -> ResponseReturnValue:
    """What people searched for, by district and category, with small counts suppressed."""
    return render_template(
        "gaps/table.html", table=_searches(), title="Searches and unmet demand",
        csv_endpoint="gaps.searches_csv", csv_args={},
    )  # fmt: skip


@bp.get("/searches.csv")
def searches_csv() -> ResponseReturnValue:
    """The searches table as CSV."""
    return _csv(_searches(), "searches")
