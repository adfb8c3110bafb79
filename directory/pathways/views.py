"""Pathway pages: how to get from one service to the next, for a place or in general."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from directory.context import include_examples, map_assets, tile_source, vocabulary
from directory.db import get_session
from directory.geo.gazetteer import LocatedPoint, LocationError
from directory.maps import MapPoint, pathway_map
from directory.pathways import queries
from directory.pathways.diagram import pathway_svg
from directory.pathways.localise import LocalisedPathway, localise
from directory.pathways.routes import build_graph, category_node, find_routes, service_node
from directory.pathways.templates import PathwayTemplate, templates_in
from directory.search.query import SearchOutcome, SearchRequest, origin_of
from directory.searching import locate_text, search_outcome
from directory.security import map_frame
from directory.summaries import summaries_by_id

bp = Blueprint("pathways", __name__)
PATHWAY_RADIUS = 25.0
MAX_NEAR = 100


def _templates() -> dict[str, PathwayTemplate]:
    return dict(templates_in(Path(current_app.config["DATA_DIR"])))


def _template(slug: str) -> PathwayTemplate:
    template = _templates().get(slug)
    if template is None:
        abort(404)
    return template


def _localised(template: PathwayTemplate, near: str) -> tuple[LocalisedPathway, str | None]:
    """The pathway for `near` (or generic), and an error message if the place is unknown."""
    if not near:
        return localise(template, None, None), None
    if len(near) > MAX_NEAR:
        return localise(template, None, None), "Enter a postcode or town in 100 characters or fewer"
    session = get_session()
    try:
        place = locate_text(session, near)
    except LocationError as error:
        return localise(template, None, None), error.message
    now = datetime.now(UTC)
    include = include_examples()

    def find(categories: tuple[str, ...]) -> SearchOutcome:
        request_ = SearchRequest(
            origin=origin_of(place),
            radius_miles=PATHWAY_RADIUS,
            filters={"category": categories},
            include_examples=include,
            count_facets=False,
        )
        return search_outcome(session, request_, now)

    unlisted = vocabulary().unlisted_codes
    return localise(template, place, find, unlisted), None


@bp.get("/pathways")
def index() -> ResponseReturnValue:
    """Every pathway, with what it is for."""
    return render_template("pathways/index.html", templates=list(_templates().values()))


@bp.get("/pathways/routes")
def route_finder() -> ResponseReturnValue:
    """For practitioners: the shortest referral routes from a service or type to a type of help."""
    names_of = vocabulary()
    codes = {term.code for term in names_of.categories}
    start, target = request.args.get("from", ""), request.args.get("to", "")
    categories, routes, names = queries.route_inputs(
        get_session(), include_examples=include_examples()
    )
    errors: dict[str, str] = {}
    start_node = _start_node(start, codes, names)
    if start and start_node is None:
        errors["from"] = "Choose where the person is starting from"
    if target and target not in codes:
        errors["to"] = "Choose the kind of help they need"
    found: list = []
    if start_node and target in codes:
        graph = build_graph(_templates().values(), categories, routes)
        found = find_routes(graph, start_node, target)
    return render_template(
        "pathways/routes.html", vocabulary=names_of, start=start, target=target,
        errors=errors, routes=found, names=names, searched=bool(start_node and target in codes),
        start_label=names.get(_service_id(start) or uuid.UUID(int=0)),
    )  # fmt: skip


def _service_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _start_node(text: str, codes: set[str], names: dict[uuid.UUID, str]) -> str | None:
    if text in codes:
        return category_node(text)
    service_id = _service_id(text)
    return service_node(service_id) if service_id in names else None


@bp.get("/pathways/<slug>")
def pathway(slug: str) -> ResponseReturnValue:
    """One pathway, filled with local services when a place is given."""
    return _pathway_page(slug, printing=False)


@bp.get("/pathways/<slug>/print")
def pathway_print(slug: str) -> ResponseReturnValue:
    """The same pathway as a one-page handout, without the site's navigation."""
    return _pathway_page(slug, printing=True)


def _pathway_page(slug: str, *, printing: bool) -> ResponseReturnValue:
    template = _template(slug)
    near = " ".join(request.args.get("near", "").split())
    localised, error = _localised(template, near)
    services = summaries_by_id(
        get_session(), localised.service_ids(), include_examples=include_examples()
    )
    return render_template(
        "pathways/pathway.html",
        template=template,
        localised=localised,
        services=services,
        near=near,
        error=error,
        diagram=Markup(pathway_svg(template)),  # built from escaped parts only
        steps_by_id={s.node.id: s.number for s in template.ordered_steps()},
        layers=localised.layers(),
        has_map=bool(localised.place and _map_points(localised, services)),
        printing=printing,
        printed_from=current_app.config["PUBLIC_ORIGIN"]
        + url_for("pathways.pathway", slug=template.slug, near=near or None),
    )


@bp.get("/pathways/<slug>/map")
def pathway_map_frame(slug: str) -> ResponseReturnValue:
    """The localised pathway's services as numbered points joined in step order."""
    template = _template(slug)
    near = " ".join(request.args.get("near", "").split())
    localised, error = _localised(template, near)
    if error or localised.place is None:
        abort(404)
    services = summaries_by_id(
        get_session(), localised.service_ids(), include_examples=include_examples()
    )
    place: LocatedPoint = localised.place
    document = pathway_map(
        _map_points(localised, services),
        tiles=tile_source(),
        asset_base=map_assets(),
        centre=(place.latitude, place.longitude),
    )
    return map_frame(document)


def _map_points(localised: LocalisedPathway, services: dict) -> list[tuple[int, MapPoint]]:
    """(step number, point) for each step's nearest local service with a public point."""
    points = []
    for step in localised.steps:
        nearby = next((r for r in step.local if r.match == "nearby" and r.points), None)
        if nearby is None or nearby.id not in services:
            continue
        lat, lon = nearby.points[0]
        points.append(
            (
                step.step.number,
                MapPoint(
                    lat, lon, f"{step.step.number}. {services[nearby.id].name}",
                    url_for("finder.service", service_id=nearby.id),
                    nearby.category or "other", step.step.node.label,
                    f"{nearby.distance_miles:.1f} miles away" if nearby.distance_miles else "",
                ),
            )
        )  # fmt: skip
    return points
