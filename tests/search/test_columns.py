"""Searching over arrays gives what whoosh and plain geometry would give, only faster."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

import pytest
from whoosh import query as q

from directory.geo.distance import distance_miles
from directory.search.index import SearchIndex, build_index
from directory.search.query import Origin, SearchRequest, search
from directory.search.synonyms import SynonymTable

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
WORDS = ["peer", "support", "voices", "group", "crisis", "cafe", "hate", "advocacy", "haven"]


def _doc(rng: random.Random, n: int) -> dict:
    points = [
        (round(rng.uniform(51.0, 54.0), 5), round(rng.uniform(-2.5, 0.5), 5))
        for _ in range(rng.choice((0, 1, 1, 2)))
    ]
    return {
        "id": str(uuid.UUID(int=n + 1)),
        "name": " ".join(rng.sample(WORDS, 2)) + f" {n}",
        "organization": "Org " + rng.choice(WORDS),
        "categories_text": rng.choice(WORDS),
        "description": " ".join(rng.choices(WORDS, k=rng.randint(3, 30))),
        "categories": rng.choice(("peer_support_group", "advocacy", "")),
        "area_codes": rng.choice(("E08000035", "E07000141", "national", "")),
        "is_example": False,
        "points": points,
        "hours": "",
    }


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    rng = random.Random(3)
    root = tmp_path_factory.mktemp("ix")
    build_index(root, [_doc(rng, n) for n in range(400)])
    opened = SearchIndex(root)
    yield opened
    opened.close()


def _search(index, **asked):
    outcome = search(index, SearchRequest(**asked), synonyms=SynonymTable(()), now=NOW)
    return outcome


@pytest.mark.parametrize("text", ["peer support", "voices group crisis", "hate", "advocacy cafe"])
def test_word_scores_are_whooshs_own_bm25f(index, text):
    outcome = _search(index, text=text)
    with index.reading() as reading:
        searcher = reading.searcher
        terms = [
            q.Term(name, token)
            for word in text.split()
            for name in ("name", "organization", "categories_text", "description")
            for token in searcher.schema[name].process_text(word, mode="query")
        ]
        hits = searcher.search(q.Or(terms), limit=None)
        whoosh_scores = {uuid.UUID(hit["id"]): hit.score for hit in hits}
    top = max(whoosh_scores.values())
    ours = {result.id: result.score for result in outcome.results}

    assert ours.keys() == whoosh_scores.keys()
    # With no place, a result's score is the relevance weight times its share of the best.
    ratio = {service_id: score / top for service_id, score in whoosh_scores.items()}
    for service_id, score in ours.items():
        assert score == pytest.approx(0.65 * ratio[service_id])


def test_saying_a_word_twice_does_not_make_it_count_double(index):
    once = {r.id: r.score for r in _search(index, text="advocacy support").results}
    twice = {r.id: r.score for r in _search(index, text="advocacy advocacy support").results}

    assert once == twice


def test_a_typo_finds_the_word_one_edit_away_scoring_below_the_word_itself(tmp_path):
    rng = random.Random(5)
    plain = {"organization": "Org", "categories_text": "", "description": "peer"}
    docs = [
        {**_doc(rng, 1), **plain, "name": "Hearing voices group"},
        {**_doc(rng, 2), **plain, "name": "Voicemail line"},
    ]
    build_index(tmp_path, docs)
    opened = SearchIndex(tmp_path)
    try:
        # "voises" is unknown; "voices" (stemmed "voic") is one edit from its stem "vois".
        typo = _search(opened, text="voises peer").results
        exact = _search(opened, text="voices peer").results
    finally:
        opened.close()

    assert exact[0].name == typo[0].name == "Hearing voices group"
    # The other service matched only "peer": the typo'd word lifted the first one above it.
    assert typo[1].score < typo[0].score


def test_threads_share_one_reading_of_the_arrays(index, monkeypatch):
    import threading

    from directory.search import index as index_module

    reads = []
    real = index_module.read_columns
    monkeypatch.setattr(index_module, "read_columns", lambda s: reads.append(1) or real(s))
    index._columns = None
    threads = [threading.Thread(target=_search, args=(index,), kwargs={"text": "peer"})
               for _ in range(4)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(reads) == 1


@pytest.mark.parametrize("radius", [1.0, 5.0, 20.0, 60.0])
def test_nearby_is_exactly_the_services_with_a_point_within_the_radius(index, radius):
    origin = Origin(52.5, -1.0, ())
    outcome = _search(index, origin=origin, radius_miles=radius)
    nearby = {r.id: r.distance_miles for r in outcome.results if r.match == "nearby"}

    expected = {}
    with index.reading() as reading:
        for _docnum, stored in reading.searcher.reader().iter_docs():
            distances = [distance_miles(52.5, -1.0, lat, lon) for lat, lon in stored["points"]]
            if distances and min(distances) <= radius:
                expected[uuid.UUID(stored["id"])] = min(distances)
    assert nearby.keys() == expected.keys()
    for service_id, miles in nearby.items():
        assert miles == pytest.approx(expected[service_id])


def test_services_covering_the_area_still_say_how_far_their_nearest_point_is(index):
    origin = Origin(52.5, -1.0, ("E08000035",))
    outcome = _search(index, origin=origin, radius_miles=1.0)
    in_area = [r for r in outcome.results if r.match == "area" and r.points]

    assert in_area
    for result in in_area:
        nearest = min(distance_miles(52.5, -1.0, lat, lon) for lat, lon in result.points)
        assert result.distance_miles == pytest.approx(nearest)


def test_results_are_made_on_demand_but_read_like_a_list(index):
    outcome = _search(index, text="support")
    every = list(outcome.results)

    assert len(every) == len(outcome.results) > 20
    assert outcome.results[:20] == every[:20]
    assert outcome.results[-1] == every[-1]
    assert outcome.results.ids() == [r.id for r in every]


def test_only_nearby_keeps_the_order(index):
    outcome = _search(index, text="support", origin=Origin(52.5, -1.0, ("E08000035",)))
    nearby = outcome.results.nearby()

    assert list(nearby) == [r for r in outcome.results if r.match == "nearby"]


def test_an_index_change_is_seen_by_the_next_search(tmp_path):
    from directory.search.index import update_documents

    rng = random.Random(9)
    build_index(tmp_path, [_doc(rng, n) for n in range(10)])
    opened = SearchIndex(tmp_path)
    try:
        before = len(_search(opened, text="zebra").results)
        added = {**_doc(rng, 99), "name": "Zebra crossing peer group"}
        update_documents(tmp_path, [added])
        after = _search(opened, text="zebra").results
    finally:
        opened.close()

    assert before == 0
    assert [r.name for r in after] == ["Zebra crossing peer group"]
