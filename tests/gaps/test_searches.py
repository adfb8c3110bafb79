"""Unmet demand: search counts rolled up from postcode district to council, then suppressed."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete

from directory.config import PROJECT_ROOT
from directory.loading.bundle import load_bundle
from directory.models import LocalAuthority, PostcodeDistrict, SearchCount
from tests.helpers import assert_govuk_page

LEEDS, WAKEFIELD = "E08000035", "E08000036"


def _council(code: str, name: str) -> LocalAuthority:
    return LocalAuthority(
        gss_code=code, name=name, official_name=f"{name} City Council", la_type="MD",
        tier="unitary", asc_responsible=True, utla_code=code, nation="England",
        population=500_000,
    )  # fmt: skip


def _district(outcode: str, utla: str | None, country: str = "England") -> PostcodeDistrict:
    return PostcodeDistrict(
        outcode=outcode, postcode_area=outcode[:2], latitude=53.8, longitude=-1.5,
        status="live", lad_code=utla, utla_code=utla, country=country,
    )  # fmt: skip


def _searches(session, rows: list[tuple[str, str, bool, int]], day: date | None = None) -> None:
    session.add_all(
        SearchCount(day=day or date(2026, 3, 2), outcode=o, category=c, zero_results=z, count=n)
        for o, c, z, n in rows
    )
    session.commit()


@pytest.fixture
def geography(session):
    """Leeds (LS6, LS7) and Wakefield (WF1), and a Welsh district (CF10)."""
    session.add_all([_council(LEEDS, "Leeds"), _council(WAKEFIELD, "Wakefield")])
    session.add_all(
        [_district("LS6", LEEDS), _district("LS7", LEEDS), _district("WF1", WAKEFIELD),
         _district("CF10", "W06000015", country="Wales")]
    )  # fmt: skip
    session.commit()
    return session


def _table(soup, table_id: str) -> list[list[str]]:
    table = soup.select_one(f"#{table_id}")
    head = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]
    return [head, *rows]


def test_small_district_counts_add_up_before_suppression(geography, client):
    _searches(geography, [("LS6", "crisis_house", False, 3), ("LS7", "crisis_house", False, 3)])

    soup = assert_govuk_page(client.get("/gaps/searches"))

    assert [LEEDS, "Leeds", "Crisis house", "5", "0"] in _table(soup, "gap-table")
    districts = _table(soup, "district-table")[1:]
    assert ["LS6", "Crisis house", "fewer than 5", "0"] in districts
    assert ["LS7", "Crisis house", "fewer than 5", "0"] in districts


def test_a_withheld_district_cannot_be_worked_out_from_its_council_total(geography, client):
    _searches(geography, [("LS6", "crisis_house", False, 3), ("LS7", "crisis_house", False, 9)])

    soup = assert_govuk_page(client.get("/gaps/searches"))
    council = _table(soup, "gap-table")[1:]
    districts = _table(soup, "district-table")[1:]

    assert council == [[LEEDS, "Leeds", "Crisis house", "10", "0"]]
    assert districts == [
        ["LS7", "Crisis house", "10", "0"],
        ["LS6", "Crisis house", "fewer than 5", "0"],
    ]
    assert int(council[0][3]) - int(districts[0][2]) != 3


def test_a_small_council_total_is_suppressed(geography, client):
    _searches(
        geography, [("WF1", "peer_support_group", True, 2), ("WF1", "peer_support_group", False, 2)]
    )

    rows = _table(assert_govuk_page(client.get("/gaps/searches")), "gap-table")[1:]

    assert rows == [[WAKEFIELD, "Wakefield", "Peer support group", "fewer than 5", "fewer than 5"]]
    assert ",2" not in client.get("/gaps/searches-by-council.csv").text
    assert ",4" not in client.get("/gaps/searches-by-council.csv").text


def test_searches_that_found_nothing_are_highlighted_and_listed_first(geography, client):
    _searches(
        geography,
        [("LS6", "crisis_house", True, 7), ("LS6", "peer_support_group", False, 30),
         ("WF1", "crisis_house", True, 12)],
    )  # fmt: skip

    soup = assert_govuk_page(client.get("/gaps/searches"))
    rows = _table(soup, "gap-table")[1:]
    marked = soup.select("#gap-table td.waymark-unmet")

    assert [row[1:] for row in rows] == [
        ["Wakefield", "Crisis house", "10", "10"],
        ["Leeds", "Crisis house", "5", "5"],
        ["Leeds", "Peer support group", "30", "0"],
    ]
    assert [cell.get_text(strip=True) for cell in marked] == ["10", "5"]


def test_places_outside_the_english_councils_count_apart(geography, client):
    _searches(
        geography,
        [("CF10", "crisis_house", False, 4), ("", "crisis_house", False, 3),
         ("ZZ99", "crisis_house", False, 2)],
    )  # fmt: skip

    rows = _table(assert_govuk_page(client.get("/gaps/searches")), "gap-table")[1:]

    assert rows == [["", "No English council", "Crisis house", "10", "0"]]


def test_the_council_csv_equals_the_council_table(geography, client):
    _searches(
        geography,
        [("LS6", "crisis_house", True, 9), ("LS7", "crisis_house", False, 1),
         ("WF1", "", False, 40), ("CF10", "peer_support_group", True, 5)],
    )  # fmt: skip

    soup = assert_govuk_page(client.get("/gaps/searches"))
    response = client.get("/gaps/searches-by-council.csv")

    assert response.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(response.text))) == _table(soup, "gap-table")


def test_the_searches_page_says_which_days_it_counts(geography, client):
    _searches(geography, [("LS6", "crisis_house", False, 9)], day=date(2026, 1, 5))
    _searches(geography, [("LS6", "crisis_house", False, 9)], day=date(2026, 3, 2))

    text = assert_govuk_page(client.get("/gaps/searches")).get_text(" ")

    assert "Searches counted from 5 January 2026 to 2 March 2026" in " ".join(text.split())


def test_a_council_page_shows_only_its_own_unmet_demand(geography, client):
    _searches(
        geography,
        [("LS6", "crisis_house", True, 8), ("LS7", "crisis_house", True, 2),
         ("WF1", "crisis_house", True, 50)],
    )  # fmt: skip

    soup = assert_govuk_page(client.get(f"/gaps/areas/{LEEDS}"))
    rows = _table(soup, "council-searches")
    download = client.get("/gaps/searches-by-council.csv", query_string={"council": LEEDS})

    assert rows[1:] == [[LEEDS, "Leeds", "Crisis house", "10", "10"]]
    assert list(csv.reader(io.StringIO(download.text))) == rows


def test_a_district_across_a_boundary_counts_for_the_council_with_most_of_it(app, session, client):
    # BD11: 51% of its postcodes are in Kirklees and 47% in Leeds (bundled ONS data).
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.execute(delete(SearchCount))
    _searches(session, [("BD11", "crisis_house", False, 6)])

    rows = _table(assert_govuk_page(client.get("/gaps/searches")), "gap-table")[1:]

    assert rows == [["E08000034", "Kirklees", "Crisis house", "5", "0"]]


def test_the_csv_of_an_unknown_council_is_not_found(geography, client):
    response = client.get("/gaps/searches-by-council.csv", query_string={"council": "E99999999"})

    assert response.status_code == 404
