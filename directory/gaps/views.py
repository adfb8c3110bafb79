"""Pages for commissioners: where provision is thin, which listings are stale, unmet searches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from directory import search_periods
from directory.context import include_examples, map_assets, tile_source, vocabulary
from directory.db import get_session
from directory.gaps import queries
from directory.gaps.coverage import (
    METRICS,
    CategoryCoverage,
    Metric,
    Supply,
    coverage,
    read_boundaries,
    read_demand,
)
from directory.gaps.tables import (
    NO_COUNCIL,
    Publication,
    Table,
    comparison_rule,
    completeness_table,
    council_searches_table,
    coverage_table,
    map_figure,
    pathway_gaps,
    reported_table,
    searches_table,
    stale_table,
    step_key,
)
from directory.maps import choropleth_map
from directory.numbers import whole_number
from directory.pathways.templates import PathwayTemplate, templates_in
from directory.search_periods import (
    THRESHOLD,
    Month,
    latest_published,
    published_months,
    requested_month,
)
from directory.security import map_frame
from directory.vocabulary import Term

bp = Blueprint("gaps", __name__, url_prefix="/gaps")
# Coverage per (category, directory snapshot, examples shown): recomputed only after a change.
_COVERAGE_CACHE: dict[tuple[str, date | None, bool], CategoryCoverage] = {}
STALE_CHOICES = (6, 12)
MAX_CACHED = 64


@dataclass(frozen=True)
class Section:
    """A table on a page, with the id its markup carries and where its CSV comes from."""

    table: Table
    id: str
    csv_url: str
    area_links: bool = False


def _data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def _vintage(**extra: Any) -> dict[str, Any]:
    """What every commissioner page says about the age of its data."""
    return {
        "snapshot": queries.directory_snapshot(get_session()),
        "search_period": None,
        **extra,
    }


def _csv(table: Table, name: str) -> Response:
    # The snapshot date goes in the file name, so a download keeps its data vintage.
    snapshot = queries.directory_snapshot(get_session())
    dated = f"{name}-snapshot-{snapshot.isoformat()}" if snapshot else name
    return Response(
        table.csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{dated}.csv"'},
    )


def _template(slug: str | None) -> PathwayTemplate:
    templates = templates_in(_data_dir())
    template = templates.get(slug or next(iter(templates)))
    if template is None:
        abort(404)
    return template


def _completeness(slug: str | None) -> tuple[Table, str]:
    template = _template(slug)
    session = get_session()
    gaps = pathway_gaps(
        template,
        queries.care_authorities(session),
        queries.local_categories(session, include_examples=include_examples()),
        queries.national_categories(session, include_examples=include_examples()),
        vocabulary().unlisted_codes,
    )
    return completeness_table(gaps), template.slug


def _stale_months() -> int:
    months = whole_number(request.args.get("months"), max_digits=3)
    return months if months in STALE_CHOICES else 12


def _stale() -> Table:
    months = _stale_months()
    stale = queries.stale_listings(
        get_session(), date.today(), months=months, include_examples=include_examples()
    )
    return stale_table(stale, months)


def _reported() -> Table:
    return reported_table(
        queries.reported_listings(get_session(), include_examples=include_examples())
    )


def _category_names() -> dict[str, str]:
    return {term.code: term.name for term in vocabulary().categories}


def _month() -> Month:
    """The month asked for (?month=2026-03), by default the latest published; 404 if it is
    not a month, or not yet published."""
    month = requested_month(request.args.get("month"), search_periods.today())
    if month is None:
        abort(404)
    return month


def _publication(month: Month) -> Publication:
    return Publication(month, current_app.config["SECRET_KEY"], vocabulary().sensitive_codes)


def _searches(month: Month) -> Table:
    tallies = queries.search_tallies(get_session(), month.first_day, month.last_day)
    return searches_table(tallies, _category_names(), _publication(month))


def _council_searches(council: str | None, month: Month) -> Table:
    tallies = queries.council_search_tallies(get_session(), month.first_day, month.last_day)
    if council is not None:
        tallies = [t for t in tallies if t.council == council]
    return council_searches_table(tallies, _category_names(), _publication(month))


@bp.get("")
def index() -> ResponseReturnValue:
    """What commissioners can see here, and how old the data is."""
    return render_template("gaps/index.html", **_vintage())


def _coverage_results(code: str | None) -> tuple[CategoryCoverage, Term]:
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


def _metric() -> Metric:
    key = request.args.get("metric") or METRICS[0].key
    metric = next((m for m in METRICS if m.key == key), None)
    if metric is None:
        abort(404)
    return metric


def _coverage(code: str | None) -> tuple[Table, str, Metric]:
    results, term = _coverage_results(code)
    metric = _metric()
    table = coverage_table(
        term.name, queries.care_authorities(get_session()), results, term.catchment_km, metric
    )
    return table, term.code, metric


@bp.get("/coverage")
def coverage_page() -> ResponseReturnValue:
    """Coverage of one type of service across councils, against population."""
    table, code, metric = _coverage(request.args.get("category"))
    csv_url = url_for("gaps.coverage_csv", category=code, metric=metric.key)
    return render_template(
        "gaps/coverage.html", title="Coverage by council",
        sections=[Section(table, "gap-table", csv_url, area_links=True)],
        categories=[t for t in vocabulary().categories if t.needs_listing], chosen_category=code,
        metrics=METRICS, chosen_metric=metric.key, comparison_rule=comparison_rule(),
        **_vintage(),
    )  # fmt: skip


@bp.get("/coverage/map")
def coverage_map() -> ResponseReturnValue:
    """A choropleth of the chosen metric by council ("no service" apart), for an iframe."""
    results, term = _coverage_results(request.args.get("category"))
    metric = _metric()
    label, scale, places = map_figure(metric)
    document = choropleth_map(
        read_boundaries(_data_dir()),
        {r.code: scale * metric.of(r) for r in results.areas},
        code_property="utla_code",
        name_property="utla_name",
        title=f"{term.name}: {label.lower()}",
        tiles=tile_source(),
        asset_base=map_assets(),
        no_service={r.code for r in results.areas if r.services == 0},
        places=places,
    )
    return map_frame(document)


@bp.get("/coverage.csv")
def coverage_csv() -> ResponseReturnValue:
    """The coverage table as CSV."""
    table, code, metric = _coverage(request.args.get("category"))
    return _csv(table, f"coverage-{code}-{metric.key}")


@bp.get("/areas/<code>")
def area(code: str) -> ResponseReturnValue:
    """One council: each pathway's missing steps, local service types, searches, stale listings."""
    session = get_session()
    council = next((a for a in queries.care_authorities(session) if a.code == code), None)
    if council is None:
        abort(404)
    local = queries.local_categories(session, include_examples=include_examples())
    national = queries.national_categories(session, include_examples=include_examples())
    unlisted = vocabulary().unlisted_codes
    pathways = [
        pathway_gaps(template, [council], local, national, unlisted)
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
    reported = [
        item
        for item in queries.reported_listings(session, include_examples=include_examples())
        if any(a.area_code in covering for a in item.service.service_areas)
    ]
    month = latest_published(search_periods.today())
    searches = Section(
        _council_searches(code, month), "council-searches",
        url_for("gaps.council_searches_csv", council=code, month=month.key),
    )  # fmt: skip
    return render_template(
        "gaps/area.html", council=council, pathways=pathways, stale=stale, searches=searches,
        reported=reported,
        present=[t for t in vocabulary().categories if t.code in present],
        absent=[t for t in vocabulary().categories if t.code not in present and t.needs_listing],
        step_key=step_key(),
        month=month, threshold=THRESHOLD,
        **_vintage(search_period=(month.first_day, month.last_day)),
    )  # fmt: skip


@bp.get("/completeness")
def completeness() -> ResponseReturnValue:
    """Pathway completeness: which steps each council has a local service for."""
    table, slug = _completeness(request.args.get("pathway"))
    return render_template(
        "gaps/completeness.html", title="Pathway completeness by council",
        sections=[Section(table, "gap-table", url_for("gaps.completeness_csv", pathway=slug),
                          area_links=True)],
        templates=templates_in(_data_dir()), chosen=slug,
        step_key=step_key(), **_vintage(),
    )  # fmt: skip


@bp.get("/completeness.csv")
def completeness_csv() -> ResponseReturnValue:
    """The completeness table as CSV."""
    table, slug = _completeness(request.args.get("pathway"))
    return _csv(table, f"pathway-completeness-{slug}")


@bp.get("/stale")
def stale() -> ResponseReturnValue:
    """Listings whose facts are old or undated."""
    months = _stale_months()
    return render_template(
        "gaps/stale.html", title="Listings that need checking",
        sections=[
            Section(_stale(), "gap-table", url_for("gaps.stale_csv", months=months)),
            Section(_reported(), "reported-table", url_for("gaps.reported_csv")),
        ],
        months=months, stale_choices=STALE_CHOICES, **_vintage(),
    )  # fmt: skip


@bp.get("/stale.csv")
def stale_csv() -> ResponseReturnValue:
    """The stale listings table as CSV."""
    return _csv(_stale(), f"stale-listings-{_stale_months()}-months")


@bp.get("/reported.csv")
def reported_csv() -> ResponseReturnValue:
    """Listings with open problem reports, as CSV."""
    return _csv(_reported(), "listings-with-open-problem-reports")


@bp.get("/searches")
def searches() -> ResponseReturnValue:
    """One closed month's searches, by council and by district, as published (noisy, rounded,
    small figures withheld)."""
    month = _month()
    return render_template(
        "gaps/searches.html", title="Searches and unmet demand",
        sections=[
            Section(_council_searches(None, month), "gap-table",
                    url_for("gaps.council_searches_csv", month=month.key), area_links=True),
            Section(_searches(month), "district-table",
                    url_for("gaps.searches_csv", month=month.key)),
        ],
        month=month, no_council=NO_COUNCIL,
        months=published_months(
            queries.first_search_day(get_session()), month, search_periods.today()
        ),
        threshold=THRESHOLD,
        sensitive=[t.name for t in vocabulary().categories if t.sensitive],
        **_vintage(search_period=(month.first_day, month.last_day)),
    )  # fmt: skip


@bp.get("/searches.csv")
def searches_csv() -> ResponseReturnValue:
    """The searches-by-district table of one month as CSV."""
    month = _month()
    return _csv(_searches(month), f"searches-{month.key}")


@bp.get("/searches-by-council.csv")
def council_searches_csv() -> ResponseReturnValue:
    """The searches-by-council table of one month as CSV (one council's rows with ?council=)."""
    month = _month()
    council = request.args.get("council") or None
    if council is not None and council not in {
        a.code for a in queries.care_authorities(get_session())
    }:
        abort(404)
    suffix = f"-{council}" if council else ""
    return _csv(_council_searches(council, month), f"searches-by-council{suffix}-{month.key}")
