"""Open now, in London time, from weekly and monthly schedules."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from directory.models import Schedule
from directory.opening_hours import encode, is_open


def _rules(*schedules: Schedule) -> str:
    return encode(schedules)


def test_schedules_without_days_or_times_are_left_out():
    assert _rules(Schedule(description="By appointment")) == ""


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Tuesday 25 November 2025, 18:30 GMT (= London time in winter).
        (datetime(2025, 11, 25, 18, 30, tzinfo=UTC), True),
        (datetime(2025, 11, 25, 20, 0, tzinfo=UTC), False),
        (datetime(2025, 11, 26, 18, 30, tzinfo=UTC), False),
        # Tuesday 24 June 2025, 17:30 UTC is 18:30 in London (BST).
        (datetime(2025, 6, 24, 17, 30, tzinfo=UTC), True),
    ],
)
def test_weekly_evening_group_uses_london_time(moment, expected):
    rules = _rules(Schedule(byday="TU", opens_at=time(18), closes_at=time(20)))

    assert is_open(rules, moment) is expected


def test_a_24_hour_line_is_always_open():
    rules = _rules(Schedule(byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(0), closes_at=time(23, 59)))

    assert is_open(rules, datetime(2025, 11, 23, 23, 59, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("day", "expected"), [(5, True), (12, False), (26, False)]
)  # Wednesdays in November 2025
def test_first_wednesday_of_the_month(day, expected):
    rules = _rules(Schedule(freq="MONTHLY", byday="1WE", opens_at=time(14), closes_at=time(16)))

    assert is_open(rules, datetime(2025, 11, day, 15, 0, tzinfo=UTC)) is expected


def test_last_friday_of_the_month():
    rules = _rules(Schedule(freq="MONTHLY", byday="-1FR", opens_at=time(10), closes_at=time(12)))

    assert is_open(rules, datetime(2025, 11, 28, 11, 0, tzinfo=UTC))
    assert not is_open(rules, datetime(2025, 11, 21, 11, 0, tzinfo=UTC))


def test_no_rules_means_not_known_to_be_open():
    assert not is_open("", datetime(2025, 11, 25, 12, 0, tzinfo=UTC))
