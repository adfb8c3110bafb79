"""Finding support near a place: lay words, places, facets, distance, maps and counting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from directory.config import PROJECT_ROOT
from directory.context import search_index, synonyms
from directory.finder.params import SearchParams
from directory.finder.search import find_place
from directory.loading.bundle import load_bundle
from directory.loading.listings import stable_id
from directory.models import SearchCount, Service
from directory.search.facets import FACETS
from directory.search.query import SearchRequest, origin_of, search
from tests.helpers import assert_govuk_page

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # a Tuesday evening

# What people type, and a service type that must be among the first three results.
LAY_QUERIES = [
    ("someone keeps shouting at me about my mental health", "third_party_reporting_centre"),
    ("racist abuse", "third_party_reporting_centre"),
    ("they called me names in the street", "third_party_reporting_centre"),
    ("homophobic neighbours", "third_party_reporting_centre"),
    ("bullied because of my disability", "third_party_reporting_centre"),
    ("being harassed on the bus", "third_party_reporting_centre"),
    ("report hate online", "hate_crime_online_reporting"),
    ("hearing voices group", "peer_support_group"),
    ("support group", "peer_support_group"),
    ("drop in", "peer_support_group"),
    ("people like me who understand", "peer_support_group"),
    ("social services", "adult_safeguarding_front_door"),
    ("abuse of an adult", "adult_safeguarding_front_door"),
    ("my carer is taking my money", "adult_safeguarding_front_door"),
    ("I want to kill myself", "mh_crisis_line"),
    ("somewhere safe tonight", "crisis_cafe_safe_haven"),
    ("someone to talk to", "listening_helpline"),
    ("I was attacked and need support", "victim_services_hub"),
    ("going to court as a witness", "witness_support"),
    ("my partner hits me", "idva_domestic_abuse"),
    ("I was raped", "isva_sexual_violence"),
    ("noisy neighbours anti social behaviour", "asb_case_review"),
    ("counselling for anxiety", "talking_therapies_and_community_mh"),
    ("courses about recovery", "recovery_college_education"),
    ("hate crime helpline", "hate_crime_helpline"),
]


def _search(app, session, *, text="", where=None, radius=10.0, filters=None):
    with app.app_context():
        params = SearchParams(text=text, where=where or "")
        place = find_place(session, params) if where else None
        request = SearchRequest(
            text=text,
            origin=origin_of(place) if place else None,
            radius_miles=radius,
            filters=filters or {},
        )
        return search(search_index(app), request, synonyms=synonyms(), now=NOW)


def _categories(session, results) -> list[set[str]]:
    services = [session.get(Service, r.id) for r in results]
    return [
        {a.taxonomy_term.code for a in s.attributes if a.link_type == "category"} for s in services
    ]


@pytest.mark.parametrize(("text", "category"), LAY_QUERIES)
def test_lay_words_find_the_right_kind_of_service(loaded_app, loaded_session, text, category):
    outcome = _search(loaded_app, loaded_session, text=text)

    top = _categories(loaded_session, [*outcome.results, *outcome.national][:3])
    assert any(category in codes for codes in top), (text, top)


@pytest.mark.parametrize("where", ["TR18", "Penzance", "Cornwall"])
def test_far_from_any_listed_point_area_and_national_services_still_appear(
    loaded_app, loaded_session, where
):
    outcome = _search(loaded_app, loaded_session, where=where)

    assert {r.match for r in outcome.results} == {"area"}
    assert "E06000052" in {r.area_code for r in outcome.results}  # Cornwall Council
    assert "E23000035" in {r.area_code for r in outcome.results}  # Devon & Cornwall Police
    assert outcome.national and {r.match for r in outcome.national} == {"national"}


@pytest.mark.parametrize("radius", [1, 3, 5, 10, 25])
def test_nearby_results_lie_within_the_radius(loaded_app, loaded_session, radius):
    outcome = _search(loaded_app, loaded_session, where="LS6", radius=radius)

    nearby = [r for r in outcome.results if r.match == "nearby"]
    assert all(r.distance_miles <= radius for r in nearby)


def test_a_smaller_radius_leaves_out_further_services(loaded_app, loaded_session):
    wide = _search(loaded_app, loaded_session, where="LS6", radius=25)
    narrow = _search(loaded_app, loaded_session, where="LS6", radius=1)

    far = {r.id for r in wide.results if r.match == "nearby" and r.distance_miles > 1}
    assert far
    assert not far & {r.id for r in narrow.results if r.match == "nearby"}


def test_without_words_nearest_services_come_first(loaded_app, loaded_session):
    outcome = _search(loaded_app, loaded_session, where="LS6", radius=25)

    distances = [r.distance_miles for r in outcome.results if r.match == "nearby"]
    assert distances == sorted(distances)
    first_area = next(i for i, r in enumerate(outcome.results) if r.match == "area")
    assert all(r.match == "area" for r in outcome.results[first_area:])


def test_national_services_never_mix_into_the_local_list(loaded_app, loaded_session):
    outcome = _search(loaded_app, loaded_session, text="helpline", where="Leeds")

    assert outcome.national
    assert all(r.match != "national" for r in outcome.results)


@pytest.mark.parametrize("facet", [f.key for f in FACETS])
def test_each_facet_count_equals_the_results_that_choice_gives(loaded_app, loaded_session, facet):
    base = _search(loaded_app, loaded_session, where="Leeds", radius=25)

    for value, count in base.facet_counts[facet].items():
        narrowed = _search(
            loaded_app, loaded_session, where="Leeds", radius=25, filters={facet: (value,)}
        )
        assert len(narrowed.results) + len(narrowed.national) == count, (facet, value)


def test_values_within_a_facet_widen_and_facets_together_narrow(loaded_app, loaded_session):
    def total(filters):
        outcome = _search(loaded_app, loaded_session, where="Leeds", radius=25, filters=filters)
        return len(outcome.results) + len(outcome.national)

    one = total({"category": ("peer_support_group",)})
    two = total({"category": ("peer_support_group", "crisis_cafe_safe_haven")})
    both = total({"category": ("peer_support_group",), "free": ("yes",)})

    assert two > one >= both


def test_open_now_uses_london_time(loaded_app, loaded_session):
    outcome = _search(loaded_app, loaded_session, where="Leeds", radius=25,
                      filters={"open_now": ("yes",)})  # fmt: skip

    assert outcome.results or outcome.national
    assert all(r.open_now for r in [*outcome.results, *outcome.national])


def test_a_misspelt_word_still_finds_the_service_and_suggests_a_spelling(
    loaded_app, loaded_session
):
    outcome = _search(loaded_app, loaded_session, text="hearring voises")

    assert _categories(loaded_session, outcome.results[:1]) == [{"peer_support_group"}]


def test_a_word_that_matches_nothing_gets_a_did_you_mean(loaded_app, loaded_session):
    outcome = _search(loaded_app, loaded_session, text="samaritons")

    assert outcome.suggestion == "samaritans"


# The pages


def test_results_page_says_how_many_and_where(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get("/search", query_string={"q": "peer support", "where": "ls6"})
    )

    heading = soup.select_one("#results-heading").get_text(" ", strip=True)
    assert "for “peer support” near LS6" in heading
    assert soup.select(".waymark-result")
    assert "miles away" in soup.get_text()


def test_results_page_groups_national_services_apart(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"where": "Leeds"}))

    headings = [h.get_text(strip=True) for h in soup.find_all("h2")]
    assert "National services" in headings


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("Hackny", "We could not find Hackny"),
        ("*", "Enter a real postcode"),
        ("name:(", "Enter a real postcode"),
        ("ZZ99 9ZZ", "postcode"),
        ("x" * 150, "100 characters or fewer"),
    ],
)
def test_a_place_that_cannot_be_found_is_a_form_error(loaded_client, where, message):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"where": where}))

    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None and message in summary.get_text()
    assert soup.title.get_text().startswith("Error: ")
    assert soup.select_one("#where-error") is not None


def test_a_near_miss_offers_the_place_it_probably_meant(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"where": "Manchster"}))

    assert soup.find("a", string="Manchester") is not None


def test_use_my_location_is_rounded_and_searched(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get("/search", query_string={"lat": "53.80123456", "lon": "-1.54987654"})
    )

    assert "near your location" in soup.select_one("#results-heading").get_text()
    assert soup.select(".waymark-result")


@pytest.mark.parametrize(
    "args",
    [
        {"radius": "7"},
        {"radius": "-1"},
        {"radius": "1e9"},
        {"lat": "nan", "lon": "0"},
        {"lat": "91", "lon": "0", "where": ""},
        {"lat": "48.85", "lon": "2.35"},
    ],
)
def test_bad_distances_and_locations_are_form_errors(loaded_client, args):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"q": "group", **args}))

    assert soup.select_one(".govuk-error-summary") is not None


@pytest.mark.parametrize(
    "args",
    [
        {"q": "*", "where": "LS6"},
        {"q": "name:(", "category": "'; DROP TABLE service;--"},
        {"q": '"unbalanced', "access": "<script>", "language": "x" * 500},
        {"q": "group", "open_now": "maybe", "free": "1", "page": "-3"},
        {"q": "a" * 2000, "where": "Leeds", "identity": ["race", "race", "nope"]},
        {"category": ["peer_support_group"] * 100},
    ],
)
def test_hostile_query_strings_get_a_normal_page(loaded_client, args):
    assert_govuk_page(loaded_client.get("/search", query_string=args))


def test_filter_panel_counts_match_the_list(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"where": "Hackney"}))
    label = soup.find("label", string=lambda s: s and s.startswith("Open now"))
    count = int(label.get_text().rsplit("(", 1)[1].rstrip(")"))

    narrowed = assert_govuk_page(
        loaded_client.get("/search", query_string={"where": "Hackney", "open_now": "yes"})
    )
    listed = len(narrowed.select(".waymark-result"))
    assert listed == count


def test_results_map_loads_nothing_from_other_hosts(loaded_client):
    response = loaded_client.get("/search/map", query_string={"where": "Leeds", "radius": 25})

    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    for tag in soup.find_all(["script", "link"]):
        ref = tag.get("src") or tag.get("href") or ""
        assert not ref or ref.startswith("/static/vendor/"), ref
    for cdn in ("cdn", "jsdelivr", "cdnjs", "unpkg", "googleapis", "bootstrap"):
        assert cdn not in response.text.lower()
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy


def test_map_route_needs_a_search(loaded_client):
    assert loaded_client.get("/search/map").status_code == 404


def test_service_page_has_a_map_only_for_public_locations(loaded_client):
    public = stable_id("service", "hyde-park-voices-hearing-voices-group")
    confidential = stable_id("service", "harbourlight-idva")

    page = assert_govuk_page(loaded_client.get(f"/services/{public}"))
    hidden = assert_govuk_page(loaded_client.get(f"/services/{confidential}"))

    assert loaded_client.get(page.find("iframe")["src"]).status_code == 200
    assert hidden.find("iframe") is None
    assert loaded_client.get(f"/services/{confidential}/map").status_code == 404


def test_searches_are_counted_only_by_district_and_category(app, session, client):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()

    client.get("/search", query_string={"q": "racist abuse", "where": "LS6 1"})
    client.get("/search", query_string={"q": "I was called names", "where": "ls6"})
    client.get("/search", query_string={"where": "LS6", "category": "crisis_house"})

    rows = session.scalars(select(SearchCount).order_by(SearchCount.category)).all()
    assert {(r.outcode, r.category, r.count) for r in rows} == {
        ("LS6", "crisis_house", 1),
        ("LS6", "third_party_reporting_centre", 2),
    }
    columns = set(SearchCount.__table__.columns.keys())
    assert columns == {"day", "outcode", "category", "zero_results", "count"}


def test_later_pages_are_not_counted_again(app, session, client):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()

    client.get("/search", query_string={"where": "Leeds", "page": "2"})

    assert session.scalars(select(SearchCount)).all() == []


def test_no_local_results_offers_wider_search_nearest_alternatives_and_crisis_lines(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get(
            "/search", query_string={"q": "hearing voices", "where": "Bradford", "radius": 5}
        )
    )
    text = soup.get_text(" ")

    assert "We found no local services" in text
    assert "Nearest services further away" in text
    assert soup.find("a", string="search within 25 miles") is not None
    assert soup.find("a", href="tel:116123") is not None


def test_long_result_lists_are_paginated(loaded_client):
    first = assert_govuk_page(loaded_client.get("/search", query_string={"q": "police"}))
    second = assert_govuk_page(
        loaded_client.get("/search", query_string={"q": "police", "page": 2})
    )

    assert len(first.select(".waymark-result")) >= 20
    assert first.select_one(".govuk-pagination__next a") is not None
    names_one = {a.get_text() for a in first.select(".waymark-result h3 a")}
    names_two = {a.get_text() for a in second.select(".waymark-result h3 a")}
    assert names_two and not names_one & names_two
