"""The place-name search key."""

from __future__ import annotations

import pytest

from directory.geo.places import place_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Leeds", "leeds"),
        ("  LEEDS  ", "leeds"),
        ("Stoke-on-Trent", "stoke on trent"),
        ("Stoke  on   Trent", "stoke on trent"),
        ("King's Lynn", "kings lynn"),
        ("Bo\u2019ness", "boness"),
        ("St. Ann's", "st anns"),
        ("Basford, Stoke-on-Trent", "basford stoke on trent"),
        ("Westward Ho!", "westward ho"),
        ("A' Chill", "a chill"),
        ("Glan-d\u0175r", "glan dwr"),
        ("\u00c0th-Tharracail", "ath tharracail"),
        ("Ynys M\u00f4n", "ynys mon"),
        ("", ""),
        ("'-.", ""),
    ],
)
def test_place_key_folds_case_accents_punctuation_and_spaces(name, key):
    assert place_key(name) == key
