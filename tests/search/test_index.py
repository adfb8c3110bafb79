"""The search index: built aside and swapped, safe with any text, rebuilt when missing."""

from __future__ import annotations

import contextlib
import shutil
import time
import uuid
from datetime import UTC, datetime

import pytest

from directory.search.index import IndexMissingError, SearchIndex, build_index, update_documents
from directory.search.query import SearchRequest, search, words_of
from directory.search.synonyms import SynonymTable

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def find_ids(index, text, *, categories=(), include_examples=True):
    filters = {"category": tuple(categories)} if categories else {}
    request = SearchRequest(text=text, filters=filters, include_examples=include_examples)
    outcome = search(index, request, synonyms=SynonymTable(()), now=NOW)
    return [*outcome.results, *outcome.national]


def _doc(name: str, description: str = "", categories: str = "", **extra) -> dict:
    return {
        "id": str(extra.pop("id", uuid.uuid4())),
        "name": name,
        "organization": extra.pop("organization", "Org"),
        "categories_text": "",
        "description": description,
        "categories": categories,
        "area_codes": "",
        "is_example": extra.pop("is_example", False),
        "points": [],
        "hours": "",
    }


@pytest.fixture
def index(tmp_path):
    docs = [
        _doc("Hearing voices group", "Peer support for people who hear voices",
             "peer_support_group"),
        _doc("Crisis café", "Evening safe haven", "crisis_cafe_safe_haven"),
        _doc("Hate crime reporting centre", "Report racist abuse", "third_party_reporting_centre",
             is_example=True),
    ]  # fmt: skip
    build_index(tmp_path / "ix", docs)
    search_index = SearchIndex(tmp_path / "ix")
    yield search_index
    search_index.close()


def test_words_are_stemmed_so_plurals_match(index):
    assert len(find_ids(index, "voice groups")) == 1


def test_accents_are_folded(index):
    assert len(find_ids(index, "cafe")) == 1


def test_a_misspelt_long_word_still_matches(index):
    assert len(find_ids(index, "hearring")) == 1


def test_category_filter_narrows_results(index):
    assert len(find_ids(index, "", categories=["crisis_cafe_safe_haven"])) == 1


def test_examples_can_be_left_out(index):
    assert len(find_ids(index, "")) == 3
    assert len(find_ids(index, "", include_examples=False)) == 2


@pytest.mark.parametrize(
    "text", ["*", "name:(", '"unbalanced', "AND OR", "a" * 2000, "\x00", "?~^", "ünïcödé"]
)
def test_any_text_is_searched_as_plain_words(index, text):
    find_ids(index, text)


def test_word_count_is_capped():
    assert len(words_of("word " * 500)) == 32


def test_a_rebuild_swaps_in_the_new_index_for_open_searchers(index, tmp_path):
    assert len(find_ids(index, "")) == 3

    build_index(tmp_path / "ix", [_doc("Only one")])

    assert len(find_ids(index, "")) == 1
    assert len(list((tmp_path / "ix").glob("build-*"))) == 1


def test_a_replaced_document_is_found_once_by_an_open_searcher(index, tmp_path):
    (before,) = [r for r in find_ids(index, "") if r.name == "Crisis café"]

    update_documents(tmp_path / "ix", [_doc("Evening café", id=before.id)])

    found = [r.name for r in find_ids(index, "") if r.id == before.id]
    assert found == ["Evening café"]
    assert len(find_ids(index, "")) == 3


def test_a_dropped_document_leaves_an_open_searcher(index, tmp_path):
    (gone,) = [r for r in find_ids(index, "") if r.name == "Crisis café"]

    update_documents(tmp_path / "ix", [], [str(gone.id)])

    assert gone.id not in {r.id for r in find_ids(index, "")}


def test_a_failed_build_leaves_the_old_index_serving(index, tmp_path):
    def broken():
        yield _doc("First")
        raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        build_index(tmp_path / "ix", broken())

    assert len(find_ids(index, "")) == 3


def test_a_missing_index_is_reported_not_crashed(tmp_path):
    with pytest.raises(IndexMissingError):
        find_ids(SearchIndex(tmp_path / "none"), "anything")


# whoosh itself leaves the damaged table-of-contents file open when it fails to read it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_damaged_index_is_reported_as_missing(tmp_path):
    build_index(tmp_path / "ix", [_doc("A")])
    live = (tmp_path / "ix" / "CURRENT").read_text()
    for path in (tmp_path / "ix" / live).iterdir():
        path.write_bytes(b"garbage")

    with pytest.raises(IndexMissingError):
        find_ids(SearchIndex(tmp_path / "ix"), "a")


def test_build_if_missing_does_nothing_when_an_index_is_live(index, tmp_path):
    from directory.search.index import build_index_if_missing

    built = build_index_if_missing(tmp_path / "ix", lambda: [_doc("Would replace")])

    assert built is False
    assert len(find_ids(index, "")) == 3


def test_build_if_missing_builds_when_there_is_none(tmp_path):
    from directory.search.index import build_index_if_missing

    assert build_index_if_missing(tmp_path / "new", lambda: [_doc("First")]) is True
    assert len(find_ids(SearchIndex(tmp_path / "new"), "")) == 1


def _point_live_at_an_empty_build(root) -> str:
    """Make the live build one that cannot be opened, as a half-copied or emptied folder is."""
    (root / "build-empty").mkdir()
    (root / "CURRENT").write_text("build-empty")
    return "build-empty"


def test_a_build_that_cannot_be_opened_leaves_the_open_one_serving(index, tmp_path):
    assert len(find_ids(index, "")) == 3

    _point_live_at_an_empty_build(tmp_path / "ix")

    assert [len(find_ids(index, "")) for _ in range(3)] == [3, 3, 3]
    assert index.live_is_unreadable()


def test_a_rebuild_after_a_failed_open_is_searched(index, tmp_path):
    find_ids(index, "")
    _point_live_at_an_empty_build(tmp_path / "ix")
    with contextlib.suppress(IndexMissingError):  # the test above says it does not raise
        find_ids(index, "")

    build_index(tmp_path / "ix", [_doc("Only one")])

    assert [len(find_ids(index, "")) for _ in range(3)] == [1, 1, 1]
    assert not index.live_is_unreadable()


def test_with_nothing_open_a_build_that_cannot_be_opened_is_reported_missing(tmp_path):
    build_index(tmp_path / "ix", [_doc("A")])
    broken = _point_live_at_an_empty_build(tmp_path / "ix")
    index = SearchIndex(tmp_path / "ix")

    with pytest.raises(IndexMissingError) as missing:
        find_ids(index, "")

    assert missing.value.build == broken
    build_index(tmp_path / "ix", [_doc("B"), _doc("C")])
    assert len(find_ids(index, "")) == 2
    index.close()


def test_a_build_that_could_not_be_opened_is_tried_again_a_little_later(
    index, tmp_path, monkeypatch
):
    monkeypatch.setattr("directory.search.index.RETRY_SECONDS", 1.0)
    find_ids(index, "")
    broken = tmp_path / "ix" / _point_live_at_an_empty_build(tmp_path / "ix")
    find_ids(index, "")
    # The folder is filled in place (a slow copy finishing) with a good index of one document.
    build_index(tmp_path / "elsewhere", [_doc("Only one")])
    good = tmp_path / "elsewhere" / SearchIndex(tmp_path / "elsewhere").live_build()
    shutil.copytree(good, broken, dirs_exist_ok=True)

    assert len(find_ids(index, "")) == 3  # not tried again at once: a damaged one is slow to fail
    time.sleep(1.1)
    assert len(find_ids(index, "")) == 1


# whoosh leaves the damaged segment's file open when it fails to read it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_change_that_cannot_be_read_leaves_the_last_good_one_serving(index, tmp_path):
    assert len(find_ids(index, "")) == 3
    live = tmp_path / "ix" / index.live_build()
    before = set(live.iterdir())

    update_documents(tmp_path / "ix", [_doc("Fourth")])
    for path in set(live.iterdir()) - before:
        if path.suffix == ".seg":
            path.write_bytes(b"garbage")

    assert [len(find_ids(index, "")) for _ in range(3)] == [3, 3, 3]
    assert index.live_is_unreadable()


def test_of_many_processes_finding_a_build_unreadable_only_the_first_rebuilds(index, tmp_path):
    from directory.search.index import build_index_if_missing

    _point_live_at_an_empty_build(tmp_path / "ix")

    assert build_index_if_missing(tmp_path / "ix", lambda: [_doc("New")])
    replaced_by = index.live_build()
    assert not build_index_if_missing(tmp_path / "ix", lambda: [_doc("Newer")])
    assert index.live_build() == replaced_by
    assert [r.name for r in find_ids(index, "")] == ["New"]


def test_an_update_to_a_build_that_cannot_be_opened_is_reported_missing(index, tmp_path):
    broken = _point_live_at_an_empty_build(tmp_path / "ix")

    with pytest.raises(IndexMissingError) as missing:
        update_documents(tmp_path / "ix", [_doc("Fourth")])

    assert missing.value.build == broken
