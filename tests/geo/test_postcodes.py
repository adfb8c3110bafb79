"""Postcode normalising, formatting and shape checks."""

from __future__ import annotations

import pytest

from directory.geo.postcodes import (
    format_postcode,
    is_full_postcode,
    is_outcode,
    is_sector,
    normalise_postcode,
)

LONG = "LS6 1AA" * 286  # 2,002 characters

# text, normalised, formatted, full postcode?, outcode?, sector?
CASES = [
    ("LS6 1AA", "LS61AA", "LS6 1AA", True, False, False),
    ("ls61aa", "LS61AA", "LS6 1AA", True, False, False),
    ("  ls6   1aa ", "LS61AA", "LS6 1AA", True, False, False),
    ("l s 6 1 a a", "LS61AA", "LS6 1AA", True, False, False),
    ("ls6\t1aa\n", "LS61AA", "LS6 1AA", True, False, False),
    ("SW1A 1AA", "SW1A1AA", "SW1A 1AA", True, False, False),
    ("EC1A1BB", "EC1A1BB", "EC1A 1BB", True, False, False),
    ("m11ae", "M11AE", "M1 1AE", True, False, False),
    ("W1A 0AX", "W1A0AX", "W1A 0AX", True, False, False),
    ("CR2 6XH", "CR26XH", "CR2 6XH", True, False, False),
    ("DN55 1PT", "DN551PT", "DN55 1PT", True, False, False),
    ("W1M 8AA", "W1M8AA", "W1M 8AA", True, False, False),  # retired district, in the data
    ("LS6", "LS6", "LS6", False, True, False),
    (" ls6 ", "LS6", "LS6", False, True, False),
    ("EC1A", "EC1A", "EC1A", False, True, False),
    ("M1", "M1", "M1", False, True, False),
    ("LS6 1", "LS61", "LS6 1", False, False, True),
    ("ls6   1", "LS61", "LS6 1", False, False, True),
    ("SW1A 1", "SW1A1", "SW1A 1", False, False, True),
    ("LS61", "LS61", "LS61", False, True, False),  # without a space it reads as an outcode
    ("", "", "", False, False, False),
    ("   ", "", "", False, False, False),
    ("*", "*", "*", False, False, False),
    ("name:(", "NAME:(", "NAME:(", False, False, False),
    ("LS6 1CA", "LS61CA", "LS61CA", False, False, False),  # C is never an inward letter
    ("QS6 1AA", "QS61AA", "QS61AA", False, False, False),  # Q never starts a postcode
    ("LS6 AAA", "LS6AAA", "LS6AAA", False, False, False),
    ("NPT 0AD", "NPT0AD", "NPT0AD", False, False, False),  # non-standard old Newport area
    ("LS6 1AA LS6 1AA", "LS61AALS61AA", "LS61AALS61AA", False, False, False),
    (LONG, LONG.replace(" ", ""), LONG.replace(" ", ""), False, False, False),
]


@pytest.mark.parametrize(("text", "normalised"), [case[:2] for case in CASES])
def test_normalise_upper_cases_and_removes_all_whitespace(text, normalised):
    assert normalise_postcode(text) == normalised


@pytest.mark.parametrize(("text", "formatted"), [(case[0], case[2]) for case in CASES])
def test_format_prints_postcodes_and_sectors_with_one_space(text, formatted):
    assert format_postcode(text) == formatted


@pytest.mark.parametrize(("text", "expected"), [(case[0], case[3]) for case in CASES])
def test_is_full_postcode_checks_the_full_shape(text, expected):
    assert is_full_postcode(text) is expected


@pytest.mark.parametrize(("text", "expected"), [(case[0], case[4]) for case in CASES])
def test_is_outcode_checks_the_outward_code_shape(text, expected):
    assert is_outcode(text) is expected


@pytest.mark.parametrize(("text", "expected"), [(case[0], case[5]) for case in CASES])
def test_is_sector_needs_an_outcode_a_space_and_a_digit(text, expected):
    assert is_sector(text) is expected
