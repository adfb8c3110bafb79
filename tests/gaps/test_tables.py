"""Commissioner tables built from hand-made figures: ranks, England comparison, suppression."""

from __future__ import annotations

import math

import pytest

from directory.config import PROJECT_ROOT
from directory.gaps.coverage import ENGLAND_CODE, METRICS, AreaCoverage, CategoryCoverage
from directory.gaps.queries import Authority, CouncilTally, SearchTally
from directory.gaps.tables import (
    UNMET_CLASS,
    WITHHELD,
    Publication,
    StepState,
    completeness_table,
    council_searches_table,
    coverage_table,
    pathway_gaps,
    searches_table,
)
from directory.pathways.templates import templates_in
from directory.search_periods import Month

METRIC = {m.key: m for m in METRICS}
COUNCILS = [Authority(f"E0600000{n}", name, 100_000) for n, name in enumerate("ABCD", start=1)]


def _figures(code: str, per_100k: float, nearest: float) -> AreaCoverage:
    return AreaCoverage(code, round(per_100k), per_100k, nearest, 0.5, 1.0)


@pytest.fixture
def results() -> CategoryCoverage:
    return CategoryCoverage(
        (
            _figures("E06000001", 10.0, 2.0),  # per 100k: similar (within 10%); km: better
            _figures("E06000002", 12.0, 3.3),  # better; km: worse
            _figures("E06000003", 8.0, 3.0),  # worse; km: similar
            _figures("E06000004", 12.0, math.inf),  # ties with B; km: no service
        ),
        _figures(ENGLAND_CODE, 10.5, 2.9),
    )


def _rows(table) -> dict[str, dict[str, str]]:
    return {row[1]: dict(zip(table.headers, row, strict=True)) for row in table.rows}


def test_each_council_is_compared_with_england_on_the_chosen_metric(results):
    rows = _rows(coverage_table("Crisis house", COUNCILS, results, 25.0, METRIC["per-100k"]))

    assert {name: row["Compared with England"] for name, row in rows.items()} == {
        "A": "Similar to England",
        "B": "Better than England",
        "C": "Worse than England",
        "D": "Better than England",
    }
    assert {row["England: per 100,000 people"] for row in rows.values()} == {"10.50"}


def test_for_distance_lower_is_better(results):
    table = coverage_table("Crisis house", COUNCILS, results, 25.0, METRIC["nearest-km"])
    rows = _rows(table)

    assert rows["A"]["Compared with England"] == "Better than England"
    assert rows["B"]["Compared with England"] == "Worse than England"
    assert rows["C"]["Compared with England"] == "Similar to England"
    assert rows["D"]["Compared with England"] == "Worse than England"
    assert rows["D"]["Mean km to nearest"] == "no service"
    assert rows["A"]["England: mean km to nearest"] == "2.9"
    assert [row[1] for row in table.rows] == ["A", "C", "B", "D"]
    assert [row[-1] for row in table.rows] == ["1", "2", "3", "4"]


def test_rows_are_ranked_best_first_and_ties_share_a_rank(results):
    table = coverage_table("Crisis house", COUNCILS, results, 25.0, METRIC["per-100k"])

    assert [(row[1], row[-1]) for row in table.rows] == [
        ("B", "1"),
        ("D", "1"),
        ("A", "3"),
        ("C", "4"),
    ]
    assert "ranked by services per 100,000 people" in table.caption


def _tally(council: str | None, category: str, searches: int, zero: int) -> CouncilTally:
    name = {"E08000035": "Leeds", "E08000036": "Wakefield"}.get(council or "")
    return CouncilTally(council, name, category, searches, zero)


def test_council_searches_list_only_published_figures_most_unmet_first():
    tallies = [
        _tally("E08000035", "crisis_house", 60, 50),
        _tally("E08000035", "peer_support_group", 400, 2),
        _tally("E08000036", "crisis_house", 1, 1),
        _tally(None, "", 120, 0),
    ]
    names = {"crisis_house": "Crisis house", "peer_support_group": "Peer support group"}
    publication = Publication(Month(2026, 3), "a key")

    table = council_searches_table(tallies, names, publication)

    figures = [
        publication.figure("council", t.council or "", t.category, m, n)
        for t in tallies[:2]
        for m, n in (("searches", t.searches), ("nothing", t.zero_results))
    ]
    assert [row[:3] for row in table.rows] == [
        ("E08000035", "Leeds", "Crisis house"),
        ("E08000035", "Leeds", "Peer support group"),
        ("", "No English council", "any"),
    ]
    assert table.rows[0][3:] == (str(figures[0]), str(figures[1]))
    assert table.rows[1][3:] == (str(figures[2]), WITHHELD)
    assert all(int(row[3]) % 5 == 0 and int(row[3]) >= 10 for row in table.rows)
    assert [row[-1] for row in table.classes] == [UNMET_CLASS, "", ""]
    assert table.caption.endswith("March 2026")


def test_district_searches_leave_out_sensitive_types_and_withheld_rows():
    tallies = [
        SearchTally("LS6", "idva_domestic_abuse", 300, 0),
        SearchTally("LS6", "crisis_house", 300, 0),
        SearchTally("LS7", "crisis_house", 1, 0),
    ]
    publication = Publication(Month(2026, 3), "a key", frozenset({"idva_domestic_abuse"}))

    table = searches_table(tallies, {"crisis_house": "Crisis house"}, publication)

    assert [row[:2] for row in table.rows] == [("LS6", "Crisis house")]


@pytest.fixture
def worried():
    return templates_in(PROJECT_ROOT / "data")["worried-about-an-adult"]


def test_a_step_filled_only_nationally_is_shown_apart_and_still_missing(worried):
    local = {"E06000001": {"adult_safeguarding_front_door", "police_non_emergency"}}
    gaps = pathway_gaps(
        worried, COUNCILS[:2], local, {"peer_support_group"}, frozenset({"police_emergency"})
    )
    by_label = dict(zip((s.node.label for s in gaps.steps), gaps.councils[0].states, strict=True))

    assert by_label["Support from peers or a user-led group"] is StepState.NATIONAL_ONLY
    assert by_label["An independent advocate"] is StepState.NONE
    assert by_label["The police investigate"] is StepState.LOCAL
    assert gaps.councils[0].filled == 4
    assert gaps.councils[0].missing == (
        "7. Support from peers or a user-led group (national only)",
        "8. An independent advocate",
    )
    assert set(gaps.councils[1].states) == {StepState.NONE, StepState.NATIONAL_ONLY}


def test_the_heatmap_gives_every_step_cell_words_and_a_matching_class(worried):
    local = {"E06000001": {"independent_advocacy"}}
    gaps = pathway_gaps(worried, COUNCILS[:1], local, set(), frozenset())
    table = completeness_table(gaps)
    steps = range(2, 2 + len(gaps.steps))

    assert table.headers[2] == "3. Raise a safeguarding concern with the council"
    words = [table.rows[0][n] for n in steps]
    classes = [table.classes[0][n] for n in steps]
    assert words == ["None", "None", "None", "Local service", "None", "None"]
    assert classes[3] == "waymark-heat waymark-heat--local"
    assert classes[0] == "waymark-heat waymark-heat--none"
    assert table.rows[0][-3:] == (
        "1",
        "6",
        "3. Raise a safeguarding concern with the council; 6. Section 42 enquiry: what do you "
        "want to happen?; 7. Support from peers or a user-led group; 9. A safeguarding plan; "
        "10. The police investigate",
    )
