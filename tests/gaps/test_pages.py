"""Commissioner pages: well-formed, honest about national services, CSV equal to the table."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete

from directory.config import PROJECT_ROOT
from directory.gaps.queries import directory_snapshot
from directory.loading.bundle import load_bundle
from directory.models import (
    AreaKind,
    Organization,
    ProblemKind,
    ProblemReport,
    SearchCount,
    Service,
    ServiceArea,
)
from tests.helpers import assert_govuk_page

PAGES = [
    "/gaps",
    "/gaps/completeness",
    "/gaps/coverage",
    "/gaps/coverage?category=crisis_house&metric=nearest-km",
    "/gaps/stale",
    "/gaps/stale?months=6",
    "/gaps/searches",
    "/gaps/areas/E08000035",
]


def _table(soup, table_id: str = "gap-table") -> list[list[str]]:
    table = soup.select_one(f"#{table_id}")
    head = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]
    return [head, *rows]


def _rows_by(table: list[list[str]], key: str) -> dict[str, dict[str, str]]:
    head = table[0]
    return {row[head.index(key)]: dict(zip(head, row, strict=True)) for row in table[1:]}


@pytest.mark.parametrize("path", PAGES)
def test_every_gaps_page_is_well_formed(loaded_client, path):
    assert_govuk_page(loaded_client.get(path))


@pytest.mark.parametrize("path", PAGES)
def test_gaps_pages_carry_no_inline_styles(loaded_client, path):
    # The content security policy blocks inline styles, so colour must come from classes.
    soup = assert_govuk_page(loaded_client.get(path))

    assert soup.find(style=True) is None
    assert soup.find("style") is None


@pytest.mark.parametrize("path", PAGES[1:])
def test_gaps_pages_state_the_data_vintage(loaded_client, path):
    text = " ".join(assert_govuk_page(loaded_client.get(path)).get_text(" ").split())

    assert "Directory snapshot:" in text
    assert "ONS mid-2022 estimates" in text


@pytest.mark.parametrize(
    ("page", "download"),
    [
        ("/gaps/completeness?pathway=worried-about-an-adult",
         "/gaps/completeness.csv?pathway=worried-about-an-adult"),
        ("/gaps/stale?months=6", "/gaps/stale.csv?months=6"),
    ],
)  # fmt: skip
def test_the_csv_download_equals_the_table(loaded_client, page, download):
    soup = assert_govuk_page(loaded_client.get(page))
    response = loaded_client.get(download)

    assert response.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(response.text))) == _table(soup)


def test_a_csv_download_is_named_with_the_directory_snapshot(loaded_client, loaded_session):
    snapshot = directory_snapshot(loaded_session)
    response = loaded_client.get("/gaps/stale.csv")

    assert snapshot is not None
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="stale-listings-12-months-snapshot-{snapshot.isoformat()}.csv"'
    )


def test_a_step_only_national_services_fill_is_missing_locally(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get(
            "/gaps/completeness", query_string={"pathway": "something-hateful-happened"}
        )
    )
    leeds = _rows_by(_table(soup), "Council")["Leeds"]

    # Leeds has only national hate crime helplines in the directory.
    assert leeds["8. Talk to a hate crime helpline"] == "National only"
    assert "8. Talk to a hate crime helpline (national only)" in leeds["Missing steps"]
    assert int(leeds["Steps with a local service"]) < int(leeds["Steps that need a service"])


def test_the_heatmap_says_each_state_in_words_and_colours_it_with_a_class(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/gaps/completeness"))
    cells = soup.select("#gap-table td.waymark-heat")
    css = (PROJECT_ROOT / "static" / "css" / "waymark.css").read_text(encoding="utf-8")
    expected = {
        "Local service": "waymark-heat--local",
        "National only": "waymark-heat--national",
        "None": "waymark-heat--none",
    }

    assert len(cells) == 153 * (len(_table(soup)[0]) - 5)
    assert {cell.get_text(strip=True) for cell in cells} == set(expected)
    for cell in cells:
        assert expected[cell.get_text(strip=True)] in cell["class"]
    for name in expected.values():
        assert f".{name}{{" in css  # compiled from static/src/waymark.scss and committed


def test_every_care_authority_has_a_row(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/gaps/completeness"))

    assert len(_table(soup)) - 1 == 153


def test_an_unknown_pathway_is_not_found(loaded_client):
    assert loaded_client.get("/gaps/completeness?pathway=nope").status_code == 404


def test_undated_real_listings_are_listed_as_needing_a_check(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/gaps/stale", query_string={"months": "99"}))
    rows = _table(soup)[1:]

    assert any(row[1] == "Samaritans helpline" and row[3] == "undated" for row in rows)
    assert not any("example" in row[0].lower() for row in rows)


def test_searches_of_the_month_still_open_are_not_published(app, session, client):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.execute(delete(SearchCount))
    today = date.today()
    session.add(
        SearchCount(
            day=today, outcode="LS6", category="crisis_house", zero_results=False, count=500
        )
    )
    session.commit()

    soup = assert_govuk_page(client.get("/gaps/searches"))

    assert _table(soup, "district-table")[1:] == [["Nothing to show yet."]]
    assert "LS6" not in client.get("/gaps/searches.csv").text


def test_coverage_page_counts_local_services_against_population(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get("/gaps/coverage", query_string={"category": "peer_support_group"})
    )
    rows = {row[1]: row for row in _table(soup)[1:]}

    # Hackney has one local peer support group in the bundled examples.
    hackney = rows["Hackney"]
    population = 261_491  # mid-2022, local_authorities_uk.csv (= the sum of its LSOAs)
    assert hackney[2] == "1"
    assert hackney[3] == f"{1e5 / population:.2f}"
    assert rows["Cornwall"][2] == "0" and rows["Cornwall"][6] == "0.00"
    assert len(rows) == 153


def test_coverage_compares_each_council_with_england(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get("/gaps/coverage", query_string={"category": "peer_support_group"})
    )
    rows = _rows_by(_table(soup), "Council")
    text = " ".join(soup.get_text(" ").split())

    england = {row["England: per 100,000 people"] for row in rows.values()}
    hackney = float(rows["Hackney"]["Per 100,000 people"])

    assert len(england) == 1 and 0 < float(england.pop()) < hackney
    assert rows["Hackney"]["Compared with England"] == "Better than England"
    assert rows["Cornwall"]["Compared with England"] == "Worse than England"
    assert "within 10% of the England value, either way, is similar to England" in text
    assert "lower is better for mean distance to the nearest service" in text


def test_coverage_ranks_by_the_chosen_metric(loaded_client):
    query = {"category": "crisis_house", "metric": "nearest-km"}
    table = _table(assert_govuk_page(loaded_client.get("/gaps/coverage", query_string=query)))
    head, rows = table[0], table[1:]
    km = [float(row[head.index("Mean km to nearest")]) for row in rows]
    ranks = [int(row[head.index("Rank")]) for row in rows]

    assert km == sorted(km)  # shortest distance first
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert head[head.index("Compared with England") - 1] == "England: mean km to nearest"


def test_an_unknown_metric_is_not_found(loaded_client):
    response = loaded_client.get("/gaps/coverage", query_string={"metric": "nope"})

    assert response.status_code == 404


@pytest.mark.parametrize("metric", ["per-100k", "within-5-km"])
def test_coverage_csv_equals_the_table(loaded_client, metric):
    query = {"category": "crisis_cafe_safe_haven", "metric": metric}
    soup = assert_govuk_page(loaded_client.get("/gaps/coverage", query_string=query))

    response = loaded_client.get("/gaps/coverage.csv", query_string=query)

    assert list(csv.reader(io.StringIO(response.text))) == _table(soup)


@pytest.mark.parametrize("category", ["police_emergency", "nope"])
def test_coverage_of_an_unlisted_or_unknown_type_is_not_found(loaded_client, category):
    assert (
        loaded_client.get("/gaps/coverage", query_string={"category": category}).status_code == 404
    )


def test_coverage_map_is_an_offline_choropleth_of_every_council(loaded_client):
    response = loaded_client.get("/gaps/coverage/map", query_string={"category": "crisis_house"})

    assert response.status_code == 200
    assert response.text.count('"type": "Feature"') + response.text.count('"type":"Feature"') >= 153
    assert "No service" in response.text


def test_coverage_map_shades_the_metric_the_table_is_ranked_by(loaded_client):
    response = loaded_client.get(
        "/gaps/coverage/map", query_string={"category": "crisis_house", "metric": "nearest-km"}
    )

    assert response.status_code == 200
    assert "Crisis house: mean km to nearest" in response.text
    page = loaded_client.get(
        "/gaps/coverage", query_string={"category": "crisis_house", "metric": "nearest-km"}
    ).get_data(as_text=True)
    assert "metric=nearest-km" in page


def test_an_area_page_shows_its_pathway_gaps_and_stale_listings(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/gaps/areas/E08000035"))
    text = soup.get_text(" ")

    assert "Leeds: where support is thin" in soup.h1.get_text()
    assert soup.find("a", href="/pathways/something-hateful-happened") is not None
    assert "Talk to a hate crime helpline" in text
    assert "Police non-emergency (101): West Yorkshire Police" in text


def test_council_names_in_tables_link_to_their_area_page(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/gaps/completeness"))

    assert soup.find("a", href="/gaps/areas/E08000035") is not None


def test_an_unknown_area_is_not_found(loaded_client):
    assert loaded_client.get("/gaps/areas/E99999999").status_code == 404


@pytest.mark.parametrize("url", ["/gaps/stale.csv", "/gaps/reported.csv"])
def test_formulas_in_listing_names_are_neutralised_in_the_gaps_csvs(app, session, client, url):
    org = Organization(name='=HYPERLINK("https://evil.example")', description="x")
    service = Service(name="@SUM(1+1)*cmd|' /C calc'!A0", organization=org)
    area = "-2+3+cmd|' /C calc'!A0"
    service.service_areas = [
        ServiceArea(name=area, area_kind=AreaKind.LOCAL_AUTHORITY, area_code="E08000035")
    ]
    session.add(service)
    session.flush()
    session.add(ProblemReport(service_id=service.id, kind=ProblemKind.CLOSED, details="+1"))
    session.commit()

    row = list(csv.reader(io.StringIO(client.get(url).text)))[1]

    assert row[:3] == [
        '\'=HYPERLINK("https://evil.example")',
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'-2+3+cmd|' /C calc'!A0",
    ]
