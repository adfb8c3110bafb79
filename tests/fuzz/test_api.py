"""Any query string or id on the Open Referral UK API gets JSON: data or a 4xx that says why."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import (
    assert_handled,
    fuzz_settings,
    nasty_text,
    numbers_as_text,
    values,
)

_uuids = st.one_of(st.uuids().map(str), nasty_text)
_dates = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.dates().map(str),
    # A zone that carries a date past the calendar's first or last day.
    st.sampled_from(["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]),
    nasty_text,
)
service_args = st.fixed_dictionaries(
    {},
    optional={
        "search": values(nasty_text, 2),
        "postcode": values(nasty_text, 2),
        "proximity": values(numbers_as_text, 2),
        "page": values(numbers_as_text, 2),
        "per_page": values(numbers_as_text, 2),
        "taxonomy_term_id": values(_uuids),
        "taxonomy_id": values(_uuids),
        "organization_id": values(_uuids, 2),
        "modified_after": values(_dates, 2),
        "minimum_age": values(numbers_as_text, 2),
        "maximum_age": values(numbers_as_text, 2),
        "top_only": values(nasty_text, 2),
        "parent_id": values(_uuids, 2),
        "day": values(nasty_text, 1),
    },
)
LISTS = ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]


def _assert_json_answer(response, where: str) -> None:
    assert_handled(response, where)
    assert response.is_json, f"{where} answered {response.mimetype}"
    if response.status_code >= 400:
        assert response.json.get("message") or response.json.get("detail") or response.json, where


def _get(app, path: str, args: dict[str, list[str]]):
    query = urlencode([(k, v) for k, vs in args.items() for v in vs])
    return app.test_client().get(f"{path}?{query}")


@fuzz_settings(150)
@given(args=service_args)
def test_any_services_query_gets_json_not_a_crash(loaded_app, args):
    _assert_json_answer(_get(loaded_app, "/api/services", args), f"/api/services {args!r}")


@fuzz_settings(100)
@given(args=service_args)
def test_any_service_at_locations_query_gets_json_not_a_crash(loaded_app, args):
    path = "/api/service_at_locations"
    _assert_json_answer(_get(loaded_app, path, args), f"{path} {args!r}")


@fuzz_settings(60)
@given(endpoint=st.sampled_from(LISTS[2:]), args=service_args)
def test_any_other_list_query_gets_json_not_a_crash(loaded_app, endpoint, args):
    path = f"/api/{endpoint}"
    _assert_json_answer(_get(loaded_app, path, args), f"{path} {args!r}")


@fuzz_settings(60)
@given(endpoint=st.sampled_from(LISTS), record=_uuids)
def test_any_record_id_gets_the_record_or_a_json_404(loaded_app, endpoint, record):
    path = f"/api/{endpoint}/{quote(record, safe='')}"
    response = loaded_app.test_client().get(path)
    if response.status_code == 404 and not response.is_json:
        # An id containing "/" or ".." may not reach the API's route at all; still no crash.
        assert_handled(response, path)
        return
    _assert_json_answer(response, path)
