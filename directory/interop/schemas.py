"""The vendored HSDS 3.0 and ORUK 3.0 JSON Schemas, ready to validate against (draft 2020-12).

The schema files use relative `$ref`s and no `$id`, so each is registered under a made-up base
URI that mirrors its path in `standards/`; "phone.json" inside `hsds-3.0/schema/service.json`
then resolves to its neighbour. Format checking is on (uuid, email, date-time, uri).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
BASE_URI = "https://standards.waymark.invalid/"
HSDS_DATAPACKAGE = STANDARDS_DIR / "hsds-3.0" / "datapackage.json"
ORUK_OPENAPI = STANDARDS_DIR / "oruk-3.0" / "openapi.json"
EXAMPLES = {
    "hsds": STANDARDS_DIR / "hsds-3.0" / "examples",
    "oruk": STANDARDS_DIR / "oruk-3.0" / "examples",
}

# Schema sets by name, as paths under standards/ (entity schemas, then compiled ones).
HSDS = "hsds-3.0/schema/"
HSDS_COMPILED = "hsds-3.0/schema/compiled/"
ORUK = "oruk-3.0/schemata/"
ORUK_COMPILED = "oruk-3.0-uk-profile/schema/compiled/"
# tabular.json refers to per-table files that only exist beside the modular schemas.
_SKIPPED = {"openapi.json", "tabular.json"}


def read_json(path: Path) -> Any:
    """A vendored JSON file's contents."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def registry() -> Registry:
    """Every vendored schema, keyed by its base URI."""
    resources = []
    for path in sorted(STANDARDS_DIR.rglob("*.json")):
        relative = path.relative_to(STANDARDS_DIR).as_posix()
        if (
            path.name in _SKIPPED
            or "/examples/" in f"/{relative}"
            or path.name == "datapackage.json"
        ):
            continue
        contents = read_json(path)
        resources.append(
            (
                BASE_URI + relative,
                Resource.from_contents(contents, default_specification=DRAFT202012),
            )
        )
    return Registry().with_resources(resources)


@cache
def validator(schema_path: str) -> Draft202012Validator:
    """A validator for one schema, e.g. `validator(HSDS + "service.json")`."""
    return Draft202012Validator(
        {"$ref": BASE_URI + schema_path}, registry=registry(), format_checker=FormatChecker()
    )


def errors(schema_path: str, document: Any) -> list[ValidationError]:
    """Every way `document` breaks the schema, most specific first."""
    found = validator(schema_path).iter_errors(document)
    return sorted(found, key=lambda e: (list(e.absolute_path), e.message))


def describe(error: ValidationError) -> tuple[str, str]:
    """(field path, reason) in words fit for an import report."""
    path = ".".join(str(p) for p in error.absolute_path) or "(record)"
    return path, error.message
