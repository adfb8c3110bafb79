import pytest

from tests.helpers import assert_govuk_page

ATTRIBUTION_PHRASES = [
    "Contains OS data © Crown copyright and database right 2025.",
    "Contains Royal Mail data © Royal Mail copyright and database right 2025.",
    'mySociety, "UK Local Authority Names and Codes" (CC BY 4.0).',
    "Some place names and coordinates: GeoNames (www.geonames.org), CC BY 4.0.",
    "Contains MHCLG data: English Indices of Deprivation 2025, Open Government Licence v3.0.",
]


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accessibility", "Accessibility statement for Waymark"),
        ("/privacy", "Privacy"),
        ("/cookies", "Cookies"),
        ("/data-sources", "About the data"),
    ],
)
def test_static_page_is_a_govuk_page(client, url, heading):
    soup = assert_govuk_page(client.get(url))

    assert soup.h1.get_text(strip=True) == heading


def test_unknown_url_shows_the_govuk_not_found_page(client):
    soup = assert_govuk_page(client.get("/no-such-page"), status=404)

    assert soup.h1.get_text(strip=True) == "Page not found"


def test_footer_shows_the_data_attribution(client):
    soup = assert_govuk_page(client.get("/privacy"))

    footer = " ".join(soup.find("footer").get_text().split())
    for phrase in ATTRIBUTION_PHRASES:
        assert phrase in footer


def test_data_sources_page_shows_the_same_attribution_as_the_footer(client):
    soup = assert_govuk_page(client.get("/data-sources"))

    main = " ".join(soup.find("main").get_text().split())
    for phrase in ATTRIBUTION_PHRASES:
        assert phrase in main


def test_exit_this_page_goes_to_the_configured_neutral_site(client):
    soup = assert_govuk_page(client.get("/cookies"))

    exit_link = soup.select_one("a.govuk-exit-this-page__button")
    assert exit_link["href"] == client.application.config["EXIT_URL"]


def test_pages_load_no_inline_script(client):
    soup = assert_govuk_page(client.get("/accessibility"))

    assert all(script.get("src") for script in soup.find_all("script"))
