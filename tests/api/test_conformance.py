"""Every endpoint answers with JSON that the official HSDS 3.0 and ORUK 3.0 schemas accept."""

from __future__ import annotations

import math

import pytest

from tests.api.conformance import (
    DETAIL,
    LIST_ITEM,
    assert_conforms,
    assert_valid_against,
    base_schema,
    page_schema,
)

# per_page small enough that each list has at least three pages in the bundled data.
LISTS = [
    ("services", 50),
    ("service_at_locations", 7),
    ("taxonomies", 1),
    ("taxonomy_terms", 15),
    ("organizations", 40),
]


def _page(client, endpoint, per_page, page):
    response = client.get(f"/api/{endpoint}?per_page={per_page}&page={page}")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.json


def test_root_names_the_uk_profile_and_our_openapi(loaded_client):
    body = loaded_client.get("/api/").json

    assert_valid_against(base_schema(), body)
    assert body["version"] == "HSDS-UK-3.0"
    assert float(body["version"].removeprefix("HSDS-UK-")) == 3.0
    assert body["openapi_url"].endswith("/api/openapi.json")


@pytest.mark.parametrize(("endpoint", "per_page"), LISTS)
def test_first_middle_and_last_pages_conform(loaded_client, endpoint, per_page):
    first = _page(loaded_client, endpoint, per_page, 1)
    pages = first["total_pages"]
    assert pages >= 3, "the bundled data should fill three pages"

    for number in (1, (pages + 1) // 2, pages):
        body = _page(loaded_client, endpoint, per_page, number)
        assert_valid_against(page_schema(), body)
        for item in body["contents"]:
            assert_conforms(LIST_ITEM[endpoint], item)


@pytest.mark.parametrize(("endpoint", "per_page"), LISTS)
def test_every_id_on_the_first_page_resolves_to_a_conforming_record(
    loaded_client, endpoint, per_page
):
    for item in _page(loaded_client, endpoint, per_page, 1)["contents"]:
        response = loaded_client.get(f"/api/{endpoint}/{item['id']}")

        assert response.status_code == 200, item["id"]
        assert response.json["id"] == item["id"]
        assert_conforms(DETAIL[endpoint], response.json)


@pytest.mark.parametrize(("endpoint", "per_page"), LISTS)
def test_pages_add_up(loaded_client, endpoint, per_page):
    first = _page(loaded_client, endpoint, per_page, 1)
    total, pages = first["total_items"], first["total_pages"]
    seen = []
    for number in range(1, pages + 1):
        body = _page(loaded_client, endpoint, per_page, number)
        assert body["page_number"] == number
        assert body["first_page"] is (number == 1)
        assert body["last_page"] is (number == pages)
        assert body["size"] == len(body["contents"]) == min(per_page, total - seen.__len__())
        assert body["empty"] is False
        seen += [item["id"] for item in body["contents"]]

    assert pages == math.ceil(total / per_page)
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(("endpoint", "per_page"), LISTS)
def test_a_page_past_the_end_is_empty_not_an_error(loaded_client, endpoint, per_page):
    pages = _page(loaded_client, endpoint, per_page, 1)["total_pages"]

    body = _page(loaded_client, endpoint, per_page, pages + 1)

    assert body["empty"] is True
    assert body["contents"] == []
    assert body["size"] == 0
    assert body["last_page"] is True


def test_the_vendored_official_examples_pass_the_same_checks():
    # The checks themselves must accept what the standard's authors publish.
    from directory.interop.schemas import EXAMPLES, read_json

    assert_conforms(DETAIL["services"], read_json(EXAMPLES["hsds"] / "service_full.json"))
    assert_conforms(DETAIL["services"], read_json(EXAMPLES["oruk"] / "service_full.json"))
    for item in read_json(EXAMPLES["oruk"] / "service_list.json")["contents"]:
        assert_conforms(LIST_ITEM["services"], item)


def test_the_checks_reject_a_broken_service():
    with pytest.raises(AssertionError, match="uuid"):
        assert_conforms(DETAIL["services"], {"id": "7", "name": "x", "status": "active"})
