"""The finder's pages: well-formed GOV.UK pages showing what a person needs."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from directory.config import PROJECT_ROOT
from directory.db import session_factory
from directory.loading.listings import stable_id
from directory.models import Location, Service, ServiceAtLocation
from directory.vocabulary import read_vocabulary
from tests.helpers import assert_govuk_page

SAMARITANS = stable_id("service", "samaritans-helpline")
LEEDS_SAFEGUARDING = stable_id("service", "council-E08000035-adult-safeguarding")
WEST_YORKSHIRE_101 = stable_id("service", "police-E23000010-101")
CATEGORY_CODES = [t.code for t in read_vocabulary(PROJECT_ROOT / "data/categories.yaml").categories]


def _example_service(app, *, confidential: bool) -> Service:
    with session_factory(app)() as session:
        stmt = (
            select(Service)
            .join(ServiceAtLocation)
            .join(Location)
            .where(Service.is_example, Location.is_confidential.is_(confidential))
            .limit(1)
        )
        return session.scalars(stmt).one()


def test_home_page_offers_search_categories_and_crisis_numbers(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/"))

    assert soup.find("input", {"name": "q"}) is not None
    assert "call 999" in soup.get_text()
    assert soup.find("a", href="tel:116123") is not None
    assert soup.find("a", href="/categories/peer_support_group") is not None


def test_browse_page_lists_every_category(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/categories"))

    for code in CATEGORY_CODES:
        assert soup.find("a", href=f"/categories/{code}") is not None


@pytest.mark.parametrize("code", CATEGORY_CODES)
def test_every_category_page_renders(loaded_client, code):
    assert_govuk_page(loaded_client.get(f"/categories/{code}"))


def test_category_pages_split_long_lists_into_pages(loaded_client):
    first = assert_govuk_page(loaded_client.get("/categories/adult_safeguarding_front_door"))
    second = assert_govuk_page(
        loaded_client.get("/categories/adult_safeguarding_front_door?page=2")
    )

    assert "153 services" in first.get_text()
    assert first.find("a", href="/categories/adult_safeguarding_front_door?page=2") is not None
    assert len(second.select(".waymark-result")) == 50


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999"])
def test_odd_page_numbers_fall_back_to_the_first_page(loaded_client, page):
    assert_govuk_page(loaded_client.get(f"/categories/peer_support_group?page={page}"))


def test_a_page_past_the_end_is_not_found(loaded_client):
    assert_govuk_page(loaded_client.get("/categories/peer_support_group?page=50"), status=404)


def test_unknown_category_is_not_found(loaded_client):
    assert_govuk_page(loaded_client.get("/categories/not_a_category"), status=404)


def test_national_service_page_shows_contact_and_how_old_the_check_is(loaded_client):
    soup = assert_govuk_page(loaded_client.get(f"/services/{SAMARITANS}"))
    text = soup.get_text(" ")

    assert soup.find("a", href="tel:116123") is not None
    assert soup.find("a", href="mailto:jo@samaritans.org") is not None
    assert "Across the UK" in text
    assert "You can contact them yourself" in text
    assert "Example listing" not in text


def test_listing_from_an_undated_page_says_so_and_warns(loaded_client):
    soup = assert_govuk_page(loaded_client.get(f"/services/{SAMARITANS}"))

    assert "public web page that shows no date" in soup.select_one("#check-status").get_text()
    assert soup.select_one(".govuk-warning-text") is not None


def test_old_listing_carries_a_not_checked_warning(loaded_client):
    # The 101 listing's source is a news page from 2020: more than 12 months old.
    soup = assert_govuk_page(loaded_client.get(f"/services/{WEST_YORKSHIRE_101}"))

    assert soup.select_one(".govuk-warning-text") is not None
    assert "31 March 2020" in soup.select_one("#check-status").get_text()


def test_council_listing_explains_how_to_reach_adult_social_care(loaded_client):
    soup = assert_govuk_page(loaded_client.get(f"/services/{LEEDS_SAFEGUARDING}"))
    text = soup.get_text(" ")

    assert soup.find("a", href="https://www.gov.uk/find-local-council/leeds") is not None
    assert "adult social care" in text
    assert "Leeds" in text
    assert soup.find("a", href=lambda h: h and h.startswith("tel:") and h != "tel:999") is None


def test_example_listing_is_marked_as_an_example(loaded_app, loaded_client):
    service = _example_service(loaded_app, confidential=False)

    soup = assert_govuk_page(loaded_client.get(f"/services/{service.id}"))

    banner = soup.select_one(".govuk-notification-banner")
    assert banner is not None and "Example listing" in banner.get_text()
    assert "example listing, made up" in soup.select_one("#check-status").get_text()


def test_confidential_location_shows_the_area_only(loaded_app, loaded_client):
    service = _example_service(loaded_app, confidential=True)

    soup = assert_govuk_page(loaded_client.get(f"/services/{service.id}"))
    text = soup.get_text(" ")

    assert "address is not shown" in text
    assert "It covers: Leeds" in text


def test_home_and_category_counts_leave_examples_out_when_switched_off(loaded_app, loaded_client):
    loaded_app.config["SHOW_EXAMPLES"] = False
    try:
        home = assert_govuk_page(loaded_client.get("/"))
        category = assert_govuk_page(loaded_client.get("/categories/crisis_cafe_safe_haven"))
    finally:
        loaded_app.config["SHOW_EXAMPLES"] = True

    assert "(0)" in home.find("a", href="/categories/crisis_cafe_safe_haven").parent.get_text()
    assert not category.select(".waymark-result")


def test_example_listings_disappear_when_switched_off(loaded_app, loaded_client):
    service = _example_service(loaded_app, confidential=False)
    loaded_app.config["SHOW_EXAMPLES"] = False
    try:
        assert_govuk_page(loaded_client.get(f"/services/{service.id}"), status=404)
        page = assert_govuk_page(loaded_client.get("/search?q=peer+support"))
    finally:
        loaded_app.config["SHOW_EXAMPLES"] = True

    assert "Example listing" not in page.get_text()


def test_unknown_service_id_is_not_found(loaded_client):
    assert_govuk_page(loaded_client.get(f"/services/{uuid.uuid4()}"), status=404)


@pytest.mark.parametrize("bad", ["123", "not-a-uuid", "'%20OR%201=1", "%00"])
def test_malformed_service_id_is_not_found(loaded_client, bad):
    assert_govuk_page(loaded_client.get(f"/services/{bad}"), status=404)


def test_search_finds_services_by_plain_words(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"q": "hearing voices"}))

    names = [a.get_text() for a in soup.select(".waymark-result h3 a")]
    assert names and "Hearing Voices" in " ".join(names[:3])


@pytest.mark.parametrize(
    "hostile", ["*", "name:(", '"unbalanced', "AND OR NOT", "x" * 2000, "<script>alert(1)</script>"]
)
def test_hostile_search_text_gets_a_normal_page(loaded_client, hostile):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"q": hostile}))

    assert soup.find("script", string=lambda s: s and "alert(1)" in s) is None


@pytest.mark.parametrize("typed", ["LS6 1AN", "ls61an", "LS6 1", "LS6", "ls6"])
def test_a_postcode_typed_as_what_to_find_searches_near_it(loaded_client, typed):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"q": typed}))

    assert soup.find("input", {"name": "where"})["value"] == typed
    assert soup.find("input", {"name": "q"}).get("value", "") == ""
    assert soup.select(".waymark-result")
    assert "Did you mean" not in soup.get_text()


@pytest.mark.parametrize("typed", ["A1", "P45"])
def test_words_shaped_like_a_district_that_is_not_one_stay_words(loaded_client, typed):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"q": typed}))

    assert soup.find("input", {"name": "q"})["value"] == typed
    assert soup.find("input", {"name": "where"}).get("value", "") == ""
    assert soup.find(class_="govuk-error-summary") is None


def test_a_postcode_in_what_with_a_place_given_stays_words(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get("/search", query_string={"q": "LS6", "where": "Leeds"})
    )

    assert soup.find("input", {"name": "q"})["value"] == "LS6"


def test_search_without_words_shows_the_form(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/search"))

    assert soup.find("input", {"name": "q"}) is not None
    assert not soup.select(".waymark-result")


def test_service_page_shows_where_it_refers_on_and_who_refers_in(loaded_client):
    centre = stable_id("service", "chapel-green-hate-crime-reporting-centre")
    police = stable_id("service", "police-E23000010-101")

    soup = assert_govuk_page(loaded_client.get(f"/services/{centre}"))
    onward = soup.find("h3", string="Where this service can pass you on to").find_next("ul")

    assert onward.find("a", href=f"/services/{police}") is not None
    assert "Only if you agree." in onward.get_text()
    police_page = assert_govuk_page(loaded_client.get(f"/services/{police}"))
    inward = police_page.find("h3", string="Who can refer people here").find_next("ul")
    assert inward.find("a", href=f"/services/{centre}") is not None


def test_a_shortlist_lives_in_the_url_and_prints_without_chrome(loaded_client):
    ids = [str(SAMARITANS), str(WEST_YORKSHIRE_101), "not-an-id", str(SAMARITANS)]

    soup = assert_govuk_page(loaded_client.get("/list", query_string={"id": ids}))
    printed = assert_govuk_page(loaded_client.get("/list", query_string={"id": ids, "print": "1"}))

    assert [h.get_text(" ", strip=True) for h in soup.select("h2.govuk-heading-m")] == [
        "Samaritans helpline",
        "Police non-emergency (101): West Yorkshire Police",
    ]
    assert soup.find("a", href="tel:116123") is not None
    for chrome in (".govuk-header", ".govuk-service-navigation", ".govuk-footer"):
        assert printed.select_one(chrome) is None


def test_search_results_can_be_ticked_into_a_list(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/search", query_string={"where": "Leeds"}))

    form = soup.select_one("form.waymark-shortlist-form")
    assert form["action"] == "/list"
    assert form.select("input[name=id][type=checkbox]")
