"""Any query string on the public pages gets a page or a clear 4xx, never a crash or a leak."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import (
    assert_handled,
    fuzz_settings,
    nasty_text,
    numbers_as_text,
    values,
)

CODES = ["peer_support_group", "hate_crime_helpline", "mh_crisis_line", "phone", "lgbtq"]
_codes = st.one_of(st.sampled_from(CODES), nasty_text)

search_args = st.fixed_dictionaries(
    {},
    optional={
        "q": values(nasty_text),
        "where": values(nasty_text),
        "lat": values(numbers_as_text, 2),
        "lon": values(numbers_as_text, 2),
        "radius": values(numbers_as_text, 2),
        "category": values(_codes),
        "access": values(_codes),
        "identity": values(_codes),
        "page": values(numbers_as_text, 2),
        "id": values(nasty_text),
    },
)


def _get(app, path: str, args: dict[str, list[str]]):
    query = urlencode([(k, v) for k, vs in args.items() for v in vs])
    return app.test_client().get(f"{path}?{query}")


@fuzz_settings(150)
@given(args=search_args)
def test_any_search_query_gets_a_page_not_a_crash(loaded_app, args):
    assert_handled(_get(loaded_app, "/search", args), f"/search {args!r}")


@fuzz_settings(40)
@given(args=search_args)
def test_any_results_map_query_gets_a_map_not_a_crash(loaded_app, args):
    assert_handled(_get(loaded_app, "/search/map", args), f"/search/map {args!r}")


@fuzz_settings(40)
@given(args=search_args)
def test_any_shortlist_gets_a_page_not_a_crash(loaded_app, args):
    assert_handled(_get(loaded_app, "/list", args), f"/list {args!r}")


@fuzz_settings(40)
@given(code=_codes, args=search_args)
def test_any_category_page_and_query_get_a_page_not_a_crash(loaded_app, code, args):
    path = "/categories/" + code.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
    assert_handled(_get(loaded_app, path, args), f"{path} {args!r}")


@fuzz_settings(40)
@given(
    slug=st.one_of(
        st.sampled_from(["mental-health-crisis", "something-hateful-happened"]), nasty_text
    ),
    near=values(nasty_text, 2),
)
def test_any_pathway_and_place_get_a_page_not_a_crash(loaded_app, slug, near):
    path = "/pathways/" + slug.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
    assert_handled(_get(loaded_app, path, {"near": near}), f"{path} near={near!r}")


@fuzz_settings(40)
@given(start=values(_codes, 2), target=values(_codes, 2))
def test_any_route_finder_query_gets_a_page_not_a_crash(loaded_app, start, target):
    args = {"from": start, "to": target}
    assert_handled(_get(loaded_app, "/pathways/routes", args), f"/pathways/routes {args!r}")


@fuzz_settings(30)
@given(category=values(_codes, 2), months=values(numbers_as_text, 2))
def test_any_gaps_query_gets_a_page_not_a_crash(loaded_app, category, months):
    for path in ("/gaps/coverage", "/gaps/stale", "/gaps/completeness"):
        args = {"category": category, "months": months}
        assert_handled(_get(loaded_app, path, args), f"{path} {args!r}")
