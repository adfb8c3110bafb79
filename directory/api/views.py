"""The Open Referral UK 3.0 read API: nine ORUK endpoints plus HSDS organisations.

Views parse the query string, ask api.queries (and the site's search) and hand rows to
interop.hsds to serialise. Every answer is JSON, errors included, and any site may read it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import NoResultFound
from werkzeug.exceptions import HTTPException

from directory.api import params, queries
from directory.api.openapi import PROFILE, VERSION, openapi_document
from directory.api.params import ApiError, Paging
from directory.api.search import coverage_codes, locate_postcode, ranked_ids
from directory.context import include_examples, taxonomy_mappings
from directory.db import get_session
from directory.errors import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from directory.interop import hsds
from directory.interop.export import csv_zip, snapshot
from directory.search.index import IndexMissingError

bp = Blueprint("api", __name__)
READ_ONLY = "GET, HEAD, OPTIONS"


@bp.before_request
def _options() -> ResponseReturnValue | None:
    # Every resource here is read-only; Flask's own answer would list the methods of the
    # catch-all route (POST, PUT, ...) too.
    if request.method == "OPTIONS":
        return "", 204, {"Allow": READ_ONLY}
    return None


@bp.after_request
def _open_to_every_site(response: Response) -> Response:
    # Public open data: ORUK asks for this header on every response, errors included.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> ResponseReturnValue:
    return _error(error.status, error.message)


@bp.errorhandler(NoResultFound)
def _no_record(_missing: NoResultFound) -> ResponseReturnValue:
    return _error(404, "No listed record has that id")


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> ResponseReturnValue:
    return _error(error.code or 500, error.description or error.name)


def _database_unavailable(error: Exception) -> ResponseReturnValue:
    current_app.logger.error("API request failed: database unavailable", exc_info=error)
    body, status = _error(503, "The directory is unavailable just now. Try again in a minute.")
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


for _unavailable in DATABASE_UNAVAILABLE:
    bp.register_error_handler(_unavailable, _database_unavailable)


@bp.errorhandler(IndexMissingError)
def _search_unavailable(error: IndexMissingError) -> ResponseReturnValue:
    current_app.logger.error("API request failed: no search index", exc_info=error)
    body, status = _error(503, "Search is unavailable just now. Try again in a minute.")
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


@bp.errorhandler(Exception)
def _server_error(error: Exception) -> ResponseReturnValue:
    current_app.logger.error("API request failed", exc_info=error)
    return _error(500, "Something went wrong on our side. Try again later.")


def _error(status: int, message: str) -> ResponseReturnValue:
    return jsonify(status=status, message=message), status


def _listing(contents: list[dict[str, Any]], total: int, paging: Paging) -> ResponseReturnValue:
    return jsonify(hsds.page(contents, total, paging.page, paging.per_page))


def _published_base() -> str:
    # From configuration, never from the request: a Host (or X-Forwarded-Host) header is
    # whatever the client says, and these links are copied into clients and caches.
    return current_app.config["PUBLIC_ORIGIN"] + current_app.config["API_BASE"]


@bp.get("/")
def index() -> ResponseReturnValue:
    """What this API speaks and where its OpenAPI document is (the ORUK validator starts here)."""
    return jsonify(
        version=VERSION, profile=PROFILE, openapi_url=_published_base() + "/openapi.json"
    )


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """Our OpenAPI document."""
    return jsonify(openapi_document(_published_base()))


@bp.get("/services")
def services() -> ResponseReturnValue:
    """A page of listed services matching every filter given."""
    paging = params.paging(request.args)
    query = params.service_query(request.args, places=False)
    session = get_session()
    ranked = ranked_ids(
        session, query, None, include_examples=include_examples(), now=datetime.now(UTC)
    )
    rows, total = queries.services_page(
        session, queries.service_filters(query), ranked, paging, include_examples=include_examples()
    )
    return _listing([hsds.service_item(s) for s in rows], total, paging)


@bp.get("/services/<service_id>")
def service(service_id: str) -> ResponseReturnValue:
    """One listed service, fully nested."""
    found = queries.get_service(
        get_session(), params.record_id(service_id, "service"), include_examples=include_examples()
    )
    return jsonify(hsds.service_full(found))


@bp.get("/service_at_locations")
def service_at_locations() -> ResponseReturnValue:
    """A page of where listed services are delivered; nearest first with postcode + proximity."""
    paging = params.paging(request.args)
    query = params.service_query(request.args, places=True)
    session = get_session()
    place = locate_postcode(session, query.postcode) if query.postcode else None
    near = None
    codes: tuple[str, ...] = ()
    if place is not None and query.proximity_metres is not None:
        near = queries.Near(place.latitude, place.longitude, query.proximity_metres)
    elif place is not None:
        codes = coverage_codes(place)
    ranked = ranked_ids(
        session, query, near, include_examples=include_examples(), now=datetime.now(UTC),
        place=place,
    )  # fmt: skip
    rows, total = queries.service_at_locations_page(
        session, queries.service_filters(query, codes), ranked, near, paging,
        include_examples=include_examples(),
    )  # fmt: skip
    return _listing([hsds.service_at_location(link) for link in rows], total, paging)


@bp.get("/service_at_locations/<link_id>")
def service_at_location(link_id: str) -> ResponseReturnValue:
    """One service-at-location with its service and location."""
    found = queries.get_service_at_location(
        get_session(),
        params.record_id(link_id, "service_at_location"),
        include_examples=include_examples(),
    )
    return jsonify(hsds.service_at_location(found))


@bp.get("/organizations")
def organizations() -> ResponseReturnValue:
    """A page of organisations that run a listed service."""
    paging = params.paging(request.args)
    rows, total = queries.organizations_page(
        get_session(), paging, include_examples=include_examples()
    )
    return _listing([hsds.organization_item(o) for o in rows], total, paging)


@bp.get("/organizations/<org_id>")
def organization(org_id: str) -> ResponseReturnValue:
    """One organisation and its listed services."""
    org, services = queries.get_organization(
        get_session(), params.record_id(org_id, "organization"), include_examples=include_examples()
    )
    return jsonify(hsds.organization_full(org, services))


@bp.get("/taxonomies")
def taxonomies() -> ResponseReturnValue:
    """A page of taxonomies."""
    paging = params.paging(request.args)
    rows, total = queries.taxonomies_page(get_session(), paging)
    return _listing([hsds.taxonomy(t) for t in rows], total, paging)


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str) -> ResponseReturnValue:
    """One taxonomy with its terms embedded (as ORUK allows)."""
    found, terms = queries.get_taxonomy(get_session(), params.record_id(taxonomy_id, "taxonomy"))
    return jsonify(hsds.taxonomy(found, terms, taxonomy_mappings()))


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> ResponseReturnValue:
    """A page of taxonomy terms, optionally of one taxonomy or under one parent."""
    paging = params.paging(request.args)
    rows, total = queries.taxonomy_terms_page(
        get_session(), params.term_query(request.args), paging
    )
    mappings = taxonomy_mappings()
    return _listing([hsds.taxonomy_term(t, mappings) for t in rows], total, paging)


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str) -> ResponseReturnValue:
    """One taxonomy term."""
    found = queries.get_taxonomy_term(get_session(), params.record_id(term_id, "taxonomy term"))
    return jsonify(hsds.taxonomy_term(found, taxonomy_mappings()))


@bp.get("/export/datapackage.zip")
def export_csv() -> ResponseReturnValue:
    """Every listed service as the HSDS tabular data package (datapackage.json + CSVs), zipped."""
    found = snapshot(get_session(), include_examples=include_examples())
    return Response(
        csv_zip(found),
        mimetype="application/zip",
        headers={"Content-Disposition": "attachment; filename=waymark-hsds-datapackage.zip"},
    )


@bp.get("/export/services.json")
def export_services() -> ResponseReturnValue:
    """Every listed service, fully nested, in one JSON list (what `flask export` writes)."""
    found = snapshot(get_session(), include_examples=include_examples())
    return jsonify([hsds.service_full(s) for s in found.services])


@bp.route("/", methods=["POST", "PUT", "PATCH", "DELETE"], defaults={"_rest": ""})
@bp.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(_rest: str) -> ResponseReturnValue:
    """Anything else under the API's base: JSON, not the site's HTML error page."""
    if request.method != "GET":
        body, status = _error(405, "This API is read-only: use GET")
        return body, status, {"Allow": READ_ONLY}  # a 405 must say what is allowed
    return _error(404, f"There is no endpoint {request.path}; see the openapi.json")
