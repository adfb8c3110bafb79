"""Published search counts: closed months after a delay, with fixed keyed noise per cell."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

import pytest

from directory.search_periods import (
    EPSILON,
    MAX_MONTHS,
    THRESHOLD,
    Month,
    is_published,
    keyed_noise,
    latest_published,
    published_figure,
    published_months,
    requested_month,
    still_counting,
)


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (date(2026, 4, 7), Month(2026, 2)),
        (date(2026, 4, 8), Month(2026, 3)),
        (date(2026, 1, 31), Month(2025, 12)),
        (date(2026, 1, 2), Month(2025, 11)),
    ],
)
def test_a_month_is_published_a_week_after_it_ends(today, latest):
    assert latest_published(today) == latest
    assert is_published(latest, today) and not is_published(Month.of(today), today)


def test_counts_for_a_published_month_are_no_longer_written():
    assert still_counting(date(2026, 3, 31), date(2026, 4, 7))
    assert not still_counting(date(2026, 3, 31), date(2026, 4, 8))


@pytest.mark.parametrize(
    "text",
    ["2026-3", "2026-00", "2026-13", "26-03", "", "2026-0a", "0000-01", "1999-12", "9999-12"],
)
def test_only_a_real_month_parses(text):
    assert Month.parse(text) is None


@pytest.mark.parametrize(
    ("text", "month"),
    [(None, Month(2026, 3)), ("2026-01", Month(2026, 1)), ("2026-04", None), ("9999-12", None)],
)
def test_the_month_asked_for_is_the_latest_published_by_default_and_never_an_open_one(text, month):
    assert requested_month(text, date(2026, 4, 20)) == month


def test_the_months_offered_go_back_to_the_first_search_but_no_further_than_two_years():
    today = date(2026, 4, 20)

    months = [Month(2026, 3), Month(2026, 2), Month(2026, 1)]
    assert published_months(date(2026, 1, 5), Month(2026, 3), today) == months
    assert published_months(None, Month(2025, 6), today) == [Month(2026, 3), Month(2025, 6)]
    assert len(published_months(date(2001, 1, 1), Month(2026, 3), today)) == MAX_MONTHS


def test_noise_is_fixed_per_key_and_cell_and_differs_between_them():
    cell = ("district", "2026-03", "LS6", "crisis_house", "searches")

    assert keyed_noise("key", *cell) == keyed_noise("key", *cell)
    draws = {keyed_noise(f"key {n}", *cell) for n in range(200)}
    months = {keyed_noise("key", *cell[:1], f"2026-{m:02d}", *cell[2:]) for m in range(1, 13)}
    assert len(draws) > 5 and len(months) > 3


def test_noise_follows_the_two_sided_geometric_distribution():
    alpha = math.exp(-EPSILON)
    draws = Counter(keyed_noise(f"key {n}", "cell") for n in range(20000))

    assert abs(sum(k * v for k, v in draws.items()) / 20000) < 0.1
    for n in (0, 1, -1, 3):
        expected = (1 - alpha) / (1 + alpha) * alpha ** abs(n)
        assert abs(draws[n] / 20000 - expected) < 0.01


@pytest.mark.parametrize(
    ("count", "noise", "shown"),
    [(9, 0, None), (5, 4, None), (5, 5, 10), (12, 0, 10), (13, 0, 15), (30, -3, 25)],
)
def test_figures_are_withheld_under_the_threshold_and_rounded_after_the_noise(count, noise, shown):
    assert published_figure(count, noise) == shown
    assert THRESHOLD == 10
