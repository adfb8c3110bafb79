"""Our own OpenAPI document: ORUK 3.0's, saying where we are and what we really support.

Built from the vendored `oruk-3.0/openapi.json` (left unchanged on disk) so the response
schemas stay the official ones. Changes: our `info` and `servers`; the schedule filters we do
not implement removed; the HSDS filters and endpoints we add (organizations, exports) declared.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from directory.api.params import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_PROXIMITY_METRES,
    MAX_SEARCH,
    UNSUPPORTED,
)
from directory.interop.schemas import ORUK_OPENAPI, read_json

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
HSDS_SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
LICENCE = {
    "name": "Creative Commons Attribution Share-Alike 4.0 (the specification)",
    "url": "https://creativecommons.org/licenses/by-sa/4.0/",
}
_PARAM = "#/components/parameters/"


@cache
def _oruk() -> dict[str, Any]:
    return read_json(ORUK_OPENAPI)


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI document for this API served at `server_url`."""
    doc = copy.deepcopy(_oruk())
    doc["info"] = {
        "title": "Waymark: Open Referral UK API",
        "version": "3.0",
        "description": (
            "Read-only Open Referral UK 3.0 (a profile of HSDS 3.0) API for the Waymark directory "
            "of support for people with lived experience of mental distress facing hostility, "
            "hate crime or abuse. Made-up example listings carry `x_waymark_example: true`. "
            "Confidential locations (refuges, safe houses) never include an address or point. "
            f"Pages hold {DEFAULT_PER_PAGE} items by default and at most {MAX_PER_PAGE}."
        ),
        "license": LICENCE,
    }
    doc["servers"] = [{"url": server_url}]
    parameters = doc["components"]["parameters"]
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    # The bounds params.py enforces, so a client (or a generated test) knows them.
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}
    parameters["search"]["schema"] = {"type": "string", "maxLength": MAX_SEARCH}
    for name in ("minimum_age", "maximum_age"):
        parameters[name]["schema"] = {"type": "number", "minimum": 0}
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        parameters[name]["schema"] = {"type": "string", "format": "uuid"}
    parameters["proximity"]["description"] = (
        "Only service_at_locations whose location lies within this many metres of the centroid "
        f"of `postcode` (at most {MAX_PROXIMITY_METRES:,}). Without it, `postcode` keeps those "
        "whose service area covers the postcode."
    )
    for name in ("parent_id", "top_only"):
        parameters[name] = {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {"type": "boolean"}
            if name == "top_only"
            else {"type": "string", "format": "uuid"},
            "description": "Only terms with this parent."
            if name == "parent_id"
            else "Only terms with no parent.",
        }
    paths = doc["paths"]
    for path in ("/services", "/service_at_locations"):
        operation = paths[path]["get"]
        operation["parameters"] = [
            p for p in operation["parameters"] if p["$ref"].removeprefix(_PARAM) not in UNSUPPORTED
        ] + [{"$ref": _PARAM + "organization_id"}, {"$ref": _PARAM + "modified_after"}]
    paths["/taxonomy_terms"]["get"]["parameters"] += [
        {"$ref": _PARAM + name} for name in ("taxonomy_id", "parent_id", "top_only")
    ]
    paths["/organizations"] = {"get": _organizations_list()}
    paths["/organizations/{id}"] = {
        "parameters": [
            {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}
        ],
        "get": {
            "operationId": "getOrganizationById",
            "summary": "An organisation that runs a listed service, with those services.",
            "responses": {
                "200": {
                    "description": "The organisation (HSDS 3.0).",
                    "content": {
                        "application/json": {"schema": {"$ref": HSDS_SCHEMAS + "organization.json"}}
                    },
                },
                "404": _error_response("No listed organisation has that id."),
            },
        },
    }
    paths["/export/datapackage.zip"] = _download(
        "getDataPackage", "Every listed service as the HSDS 3.0 tabular data package.",
        "application/zip", {"type": "string", "format": "binary"},
    )  # fmt: skip
    paths["/export/services.json"] = _download(
        "getAllServices", "Every listed service, fully nested, in one list.",
        "application/json", {"type": "array", "items": {"$ref": HSDS_SCHEMAS + "service.json"}},
    )  # fmt: skip
    for detail in ("/services/{id}", "/service_at_locations/{id}", "/taxonomies/{id}",
                   "/taxonomy_terms/{id}"):  # fmt: skip
        paths[detail]["get"]["responses"]["404"] = _error_response("No record has that id.")
    for listing in ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
        paths[listing]["get"]["responses"]["400"] = _error_response("A filter could not be read.")
    doc["components"]["schemas"]["Error"] = {
        "type": "object",
        "required": ["status", "message"],
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
    }
    return doc


def _download(operation: str, summary: str, mimetype: str, schema: dict) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "responses": {
                "200": {"description": summary, "content": {mimetype: {"schema": schema}}}
            },
        }
    }


def _organizations_list() -> dict[str, Any]:
    return {
        "operationId": "getPaginatedListOfOrganizations",
        "summary": "Organisations that run at least one listed service (HSDS 3.0).",
        "parameters": [{"$ref": _PARAM + "page"}, {"$ref": _PARAM + "per_page"}],
        "responses": {
            "200": {
                "description": "A paginated list of organisations.",
                "content": {
                    "application/json": {
                        "schema": {
                            "properties": {
                                "contents": {
                                    "type": "array",
                                    "items": {
                                        "$ref": HSDS_SCHEMAS + "compiled/organization_list.json"
                                    },
                                }
                            },
                            "allOf": [{"$ref": "#/components/schemas/Page"}],
                        }
                    }
                },
            },
            "400": _error_response("page or per_page could not be read."),
        },
    }
