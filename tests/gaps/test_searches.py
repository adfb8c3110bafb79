"""Unmet demand: search counts rolled up from postcode district to council, then suppressed."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from directory.config import PROJECT_ROOT
from directory.gaps.tables import WITHHELD, Publication
from directory.loading.bundle import load_bundle
from directory.models import LocalAuthority, PostcodeDistrict, SearchCount
from directory.search_periods import EPSILON, Month, published_figure
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


MARCH = Month(2026, 3)
TODAY = date(2026, 4, 20)  # March is closed and its week's delay is over; April is open


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The day the pages publish by and the search counter counts by: one `today()`."""
    monkeypatch.setattr("directory.search_periods.today", lambda: TODAY)
    return TODAY


def _figure(app, level: str, area: str, category: str, measure: str, count: int) -> str:
    figure = Publication(MARCH, app.config["SECRET_KEY"]).figure(
        level, area, category, measure, count
    )
    return WITHHELD if figure is None else str(figure)


def test_district_counts_add_up_to_their_council_before_noise_and_rounding(geography, app, client):
    _searches(geography, [("LS6", "crisis_house", False, 30), ("LS7", "crisis_house", False, 33)])

    soup = assert_govuk_page(client.get("/gaps/searches"))
    council = _table(soup, "gap-table")[1:]
    districts = _table(soup, "district-table")[1:]

    expected = _figure(app, "council", LEEDS, "crisis_house", "searches", 63)
    assert council == [[LEEDS, "Leeds", "Crisis house", expected, WITHHELD]]
    ls6 = _figure(app, "district", "LS6", "crisis_house", "searches", 30)
    assert ["LS6", "Crisis house", ls6, WITHHELD] in districts


def test_figures_under_the_threshold_are_not_listed_at_all(geography, client):
    _searches(geography, [("WF1", "peer_support_group", True, 1)])

    soup = assert_govuk_page(client.get("/gaps/searches"))

    assert _table(soup, "gap-table")[1:] == [["Nothing to show yet."]]
    assert "WF1" not in client.get("/gaps/searches.csv").text


def test_searches_that_found_nothing_are_highlighted_and_listed_first(geography, client):
    _searches(
        geography,
        [("LS6", "crisis_house", True, 70), ("LS6", "peer_support_group", False, 300),
         ("WF1", "crisis_house", True, 120)],
    )  # fmt: skip

    soup = assert_govuk_page(client.get("/gaps/searches"))
    rows = _table(soup, "gap-table")[1:]
    marked = soup.select("#gap-table td.waymark-unmet")

    assert [row[1:3] for row in rows] == [
        ["Wakefield", "Crisis house"],
        ["Leeds", "Crisis house"],
        ["Leeds", "Peer support group"],
    ]
    assert [cell.get_text(strip=True) for cell in marked] == [rows[0][4], rows[1][4]]


def test_sensitive_types_are_published_by_council_only(geography, client):
    _searches(geography, [("LS6", "idva_domestic_abuse", False, 200)])

    soup = assert_govuk_page(client.get("/gaps/searches"))

    assert [row[2] for row in _table(soup, "gap-table")[1:]] == ["Domestic abuse adviser (IDVA)"]
    assert _table(soup, "district-table")[1:] == [["Nothing to show yet."]]
    assert "IDVA" not in client.get("/gaps/searches.csv").text


def test_places_outside_the_english_councils_count_apart(geography, client):
    _searches(
        geography,
        [("CF10", "crisis_house", False, 40), ("", "crisis_house", False, 30),
         ("ZZ99", "crisis_house", False, 20)],
    )  # fmt: skip

    rows = _table(assert_govuk_page(client.get("/gaps/searches")), "gap-table")[1:]

    assert [row[:3] for row in rows] == [["", "No English council", "Crisis house"]]


def test_the_csvs_equal_the_tables(geography, client):
    _searches(
        geography,
        [("LS6", "crisis_house", True, 90), ("LS7", "crisis_house", False, 10),
         ("WF1", "", False, 400), ("CF10", "peer_support_group", True, 50)],
    )  # fmt: skip

    soup = assert_govuk_page(client.get("/gaps/searches"))
    council = client.get("/gaps/searches-by-council.csv")
    districts = client.get("/gaps/searches.csv", query_string={"month": "2026-03"})

    assert council.mimetype == "text/csv"
    assert "2026-03" in council.headers["Content-Disposition"]
    assert list(csv.reader(io.StringIO(council.text))) == _table(soup, "gap-table")
    assert list(csv.reader(io.StringIO(districts.text))) == _table(soup, "district-table")


def test_the_searches_page_says_which_month_it_shows_and_why_figures_are_not_exact(
    geography, client
):
    _searches(geography, [("LS6", "crisis_house", False, 9)], day=date(2026, 1, 5))

    text = " ".join(assert_govuk_page(client.get("/gaps/searches")).get_text(" ").split())

    assert "Searches counted from 1 March 2026 to 31 March 2026" in text
    assert "a figure never changes once it is shown" in text
    assert "Domestic abuse adviser (IDVA)" in text  # named among the council-only types


# The calendar's ends too: date arithmetic on them overflows (it was a 500).
@pytest.mark.parametrize(
    "month",
    ["2026-04", "2026-13", "april", "\uff12\uff10\uff12\uff16-03", "0000-01", "0001-01", "9999-12"],
)
def test_an_open_unpublished_or_unreal_month_is_not_found(geography, client, month):
    for url in ("/gaps/searches", "/gaps/searches.csv", "/gaps/searches-by-council.csv"):
        assert client.get(url, query_string={"month": month}).status_code == 404


def test_an_earlier_month_can_be_chosen(geography, app, client):
    _searches(geography, [("LS6", "crisis_house", False, 50)], day=date(2026, 1, 5))

    soup = assert_govuk_page(client.get("/gaps/searches", query_string={"month": "2026-01"}))
    options = [o["value"] for o in soup.select("#month option")]

    assert options == ["2026-03", "2026-02", "2026-01"]
    assert len(_table(soup, "gap-table")) == 2


def test_a_council_page_shows_only_its_own_unmet_demand(geography, client):
    _searches(
        geography,
        [("LS6", "crisis_house", True, 80), ("LS7", "crisis_house", True, 20),
         ("WF1", "crisis_house", True, 500)],
    )  # fmt: skip

    soup = assert_govuk_page(client.get(f"/gaps/areas/{LEEDS}"))
    rows = _table(soup, "council-searches")
    download = client.get(
        "/gaps/searches-by-council.csv", query_string={"council": LEEDS, "month": "2026-03"}
    )

    assert [row[:3] for row in rows[1:]] == [[LEEDS, "Leeds", "Crisis house"]]
    assert list(csv.reader(io.StringIO(download.text))) == rows


def test_a_district_across_a_boundary_counts_for_the_council_with_most_of_it(app, session, client):
    # BD11: 51% of its postcodes are in Kirklees and 47% in Leeds (bundled ONS data).
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.execute(delete(SearchCount))
    _searches(session, [("BD11", "crisis_house", False, 60)])

    rows = _table(assert_govuk_page(client.get("/gaps/searches")), "gap-table")[1:]

    assert [row[:3] for row in rows] == [["E08000034", "Kirklees", "Crisis house"]]


def test_the_csv_of_an_unknown_council_is_not_found(geography, client):
    response = client.get("/gaps/searches-by-council.csv", query_string={"council": "E99999999"})

    assert response.status_code == 404


# The attack from issue 14: someone who knows a person's district pads a figure to one below
# its next step by searching, then polls the published figures to see one more search.

PUBLISHED = (
    "/gaps/searches",
    "/gaps/searches.csv",
    "/gaps/searches-by-council.csv",
    f"/gaps/areas/{LEEDS}",
)
ATTACK = {"where": "LS6", "category": "crisis_house"}


def _poll(client) -> tuple[bytes, ...]:
    return tuple(client.get(url).data for url in PUBLISHED)


def _watched(client) -> list[str]:
    """The search figure the district CSV shows for the attacker's district and type."""
    rows = csv.reader(io.StringIO(client.get("/gaps/searches.csv").text))
    return [row[2] for row in rows if row[:2] == ["LS6", "Crisis house"]]


def test_padding_and_polling_cannot_tell_whether_one_more_search_happened(app, session, client):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    _searches(session, [("LS6", "crisis_house", False, 23)], day=date(2026, 3, 10))
    first, figure = _poll(client), _watched(client)
    seen = [first]
    for _ in range(15):  # pad until the figure moves, which tells the exact count
        client.get("/search", query_string=ATTACK)
        seen.append(_poll(client))
        if _watched(client) != figure:
            break  # the figure just stepped: the attacker now knows the exact count
    for _ in range(4):  # one below the next step of 5
        client.get("/search", query_string=ATTACK)
        seen.append(_poll(client))
    before = _poll(client)

    client.get("/search", query_string=ATTACK)  # the person the attacker is watching for

    assert _poll(client) == before
    assert set(seen) == {first}
    session.rollback()
    assert session.scalar(select(func.sum(SearchCount.count)).where(SearchCount.day == TODAY)) == 20


def _figures_over_keys(count: int, keys: list[str]) -> Counter:
    return Counter(
        Publication(MARCH, key).figure("district", "LS6", "idva", "searches", count) for key in keys
    )


def test_a_closed_month_shows_the_same_figures_with_or_without_one_more_search():
    # The attacker sees one fixed figure per cell, drawn with a key they do not have: across
    # many keys, every figure seen with one search more is also seen without it, about as often.
    keys = [f"key {n}" for n in range(4000)]
    for padded in (0, 7, 12, 17, 22, 47):  # a count the attacker has padded to, steps included
        without, with_one = _figures_over_keys(padded, keys), _figures_over_keys(padded + 1, keys)
        for figure, times in with_one.items():
            if times >= 100:  # common enough to compare; the exact test below covers the tails
                assert figure in without
                assert times / without[figure] < 1.3 * math.exp(EPSILON)


@pytest.mark.parametrize("count", range(0, 60))
def test_no_published_figure_is_more_than_e_to_the_epsilon_likelier_with_one_more_search(count):
    alpha = math.exp(-EPSILON)

    def chances(c: int) -> dict[int | None, float]:
        out: dict[int | None, float] = {}
        for noise in range(-200, 201):  # the rest is under alpha ** 200: nothing
            p = (1 - alpha) / (1 + alpha) * alpha ** abs(noise)
            figure = published_figure(c, noise)
            out[figure] = out.get(figure, 0.0) + p
        return out

    now, more = chances(count), chances(count + 1)

    more = {figure: p for figure, p in more.items() if figure is None or figure < count + 150}
    assert set(more) <= set(now)
    for figure, p in more.items():
        assert p <= math.exp(EPSILON) * now[figure] + 1e-12
        assert now[figure] <= math.exp(EPSILON) * p + 1e-12
