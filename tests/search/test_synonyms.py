"""The lay-term table: phrases people type, matched whatever the word endings."""

from __future__ import annotations

import pytest
import yaml

from directory.config import PROJECT_ROOT
from directory.search.synonyms import SynonymError, parse_synonyms, read_synonyms
from directory.vocabulary import vocabulary_in

KNOWN = {"third_party_reporting_centre", "peer_support_group", "adult_safeguarding_front_door"}


def _table():
    return parse_synonyms(
        {
            "hate": {"categories": ["third_party_reporting_centre"],
                     "phrases": ["called names", "harassed"]},
            "peer": {"categories": ["peer_support_group"], "phrases": ["support group"]},
        },
        KNOWN,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They called me names", ["third_party_reporting_centre"]),
        ("I keep getting HARASSED", ["third_party_reporting_centre"]),
        ("harassment at work", ["third_party_reporting_centre"]),
        ("support groups in Leeds", ["peer_support_group"]),
        ("group support", []),
        ("names were called", []),
        ("", []),
    ],
)
def test_phrases_match_in_order_ignoring_filler_and_endings(text, expected):
    assert _table().categories_for(text) == expected


def test_an_unknown_category_is_refused():
    with pytest.raises(SynonymError, match="nope"):
        parse_synonyms({"x": {"categories": ["nope"], "phrases": ["a b"]}}, KNOWN)


def test_a_group_without_phrases_is_refused():
    with pytest.raises(SynonymError, match="phrases"):
        parse_synonyms({"x": {"categories": ["peer_support_group"]}}, KNOWN)


def test_the_bundled_table_names_only_real_categories():
    known = frozenset(t.code for t in vocabulary_in(PROJECT_ROOT / "data").categories)
    path = PROJECT_ROOT / "data" / "synonyms.yaml"

    table = read_synonyms(path, known)

    assert len(table.entries) == sum(
        len(group["phrases"]) for group in yaml.safe_load(path.read_text()).values()
    )
