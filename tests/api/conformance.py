"""Checks an API answer against the vendored HSDS 3.0 and ORUK 3.0 schemas (draft 2020-12)."""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from directory.interop import schemas
from directory.interop.schemas import HSDS, HSDS_COMPILED, ORUK, ORUK_COMPILED

# For each endpoint: the schemas of a list item and of the detail answer, HSDS and ORUK.
# /service_at_locations/{id} is also checked against ORUK's compiled service schema, which
# ORUK's OpenAPI names for it (see interop.hsds.service_at_location).
LIST_ITEM = {
    "services": [HSDS_COMPILED + "service_list.json", ORUK_COMPILED + "service_list.json"],
    "service_at_locations": [
        HSDS_COMPILED + "service_at_location_list.json",
        ORUK_COMPILED + "service_at_location_list.json",
    ],
    "taxonomies": [HSDS + "taxonomy.json", ORUK + "taxonomy.json"],
    "taxonomy_terms": [HSDS + "taxonomy_term.json", ORUK + "taxonomy_term.json"],
    "organizations": [HSDS_COMPILED + "organization_list.json", ORUK + "organization.json"],
}
DETAIL = {
    "services": [HSDS + "service.json", ORUK_COMPILED + "service.json"],
    "service_at_locations": [
        HSDS + "service_at_location.json",
        ORUK_COMPILED + "service_at_location.json",
        ORUK_COMPILED + "service.json",
    ],
    "taxonomies": [HSDS + "taxonomy.json", ORUK + "taxonomy.json"],
    "taxonomy_terms": [HSDS + "taxonomy_term.json", ORUK + "taxonomy_term.json"],
    "organizations": [HSDS + "organization.json", ORUK + "organization.json"],
}


def _oruk_openapi() -> dict[str, Any]:
    return schemas.read_json(schemas.ORUK_OPENAPI)


def page_schema() -> dict[str, Any]:
    """ORUK's Page schema with every field required (as we always send them) and `contents`."""
    page = copy.deepcopy(_oruk_openapi()["components"]["schemas"]["Page"])
    page["required"] = [*page["properties"], "contents"]
    page["properties"]["contents"] = {"type": "array"}
    return page


def base_schema() -> dict[str, Any]:
    """ORUK's schema for `GET /`, with its three fields required (the validator needs them)."""
    schema = copy.deepcopy(
        _oruk_openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
    )
    schema["required"] = ["version", "profile", "openapi_url"]
    return schema


def assert_valid_against(schema: dict[str, Any], document: Any) -> None:
    """Fail with every error if `document` breaks the plain `schema`."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not problems, problems


def assert_conforms(schema_paths: list[str], document: Any) -> None:
    """Fail with every error if `document` breaks any of the vendored schemas named."""
    problems = [
        f"{path} {list(e.absolute_path)}: {e.message}"
        for path in schema_paths
        for e in schemas.errors(path, document)
    ]
    assert not problems, problems[:10]
