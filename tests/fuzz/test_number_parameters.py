"""Numbers and dates in a query string are read as ASCII digits only: any other digit, or a
date the calendar cannot hold, gets the page's usual answer to a non-number (the API: a 400
that says why), never a 500."""

from __future__ import annotations

import pytest

from tests.helpers import assert_govuk_page

# Superscript two (isdigit() but not a decimal), full-width 12, Arabic-Indic 3, Persian 25,
# and ASCII followed by a superscript.
NOT_ASCII_DIGITS = ["\u00b2", "\uff11\uff12", "\u0663", "\u06f2\u06f5", "1\u00b2"]
# Past year 9999; near year 1 or 9999 a zone carries it off the calendar; full-width year.
UNREADABLE_DATES = [
    "99999-01-01T00:00:00Z",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "\uff12\uff10\uff12\uff15-01-01",
]
WHERE = "We could not read your location"

# Page, the parameter, the rest of the query, the page's answer to a value that is not a number,
# and what it says (None: the parameter is ignored, as any other non-number is). The results
# map is an iframe of the results page: it answers 404 to a query the page shows errors for.
PAGE_NUMBERS = [
    ("/search", "page", {"q": "support"}, 200, None),
    ("/search", "radius", {"q": "support", "where": "Leeds"}, 200, "Choose a distance from"),
    ("/search", "lat", {"lon": "-1.55"}, 200, WHERE),
    ("/search", "lon", {"lat": "53.80"}, 200, WHERE),
    ("/search/map", "radius", {"where": "Leeds"}, 404, None),
    ("/search/map", "lat", {"lon": "-1.55"}, 404, None),
    ("/categories/peer_support_group", "page", {}, 200, None),
    ("/gaps/stale", "months", {}, 200, None),
    ("/gaps/stale.csv", "months", {}, 200, None),
]
API_NUMBERS = [
    ("/api/services", "page", {}),
    ("/api/services", "per_page", {}),
    ("/api/services", "minimum_age", {}),
    ("/api/services", "maximum_age", {}),
    ("/api/service_at_locations", "page", {}),
    ("/api/service_at_locations", "proximity", {"postcode": "LS6 1AA"}),
    ("/api/organizations", "page", {}),
    ("/api/taxonomies", "per_page", {}),
    ("/api/taxonomy_terms", "page", {}),
]
API_DATES = [("/api/services", "modified_after"), ("/api/service_at_locations", "modified_after")]


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(("path", "name", "rest", "status", "message"), PAGE_NUMBERS)
def test_a_page_reads_other_digits_as_not_a_number(
    loaded_client, path, name, rest, status, message, value
):
    response = loaded_client.get(path, query_string={**rest, name: value})

    assert response.status_code == status, f"{path}?{name}={value!r}"
    if response.mimetype == "text/html":
        assert_govuk_page(response, status=status)
    if message:
        assert message in response.text


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(("path", "name", "rest"), API_NUMBERS)
def test_the_api_refuses_other_digits_with_a_400_that_names_the_parameter(
    loaded_client, path, name, rest, value
):
    response = loaded_client.get(path, query_string={**rest, name: value})

    assert response.status_code == 400, f"{path}?{name}={value!r}"
    assert name in response.json["message"]


@pytest.mark.parametrize("value", UNREADABLE_DATES)
@pytest.mark.parametrize(("path", "name"), API_DATES)
def test_the_api_refuses_a_date_the_calendar_cannot_hold_with_a_400(
    loaded_client, path, name, value
):
    response = loaded_client.get(path, query_string={name: value})

    assert response.status_code == 400, f"{path}?{name}={value!r}"
    assert name in response.json["message"]
