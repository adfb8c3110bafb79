"""Coverage per council and for England, on a hand-built map with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from directory.gaps.analysis import EARTH_RADIUS_KM
from directory.gaps.coverage import ENGLAND_CODE, Supply, coverage, demand_from

KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180
A, B = "E06000001", "E06000002"


def _east(km: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Points on the equator, the given km east of (0, 0)."""
    return np.zeros(len(km)), np.array(km) / KM_PER_DEG


@pytest.fixture
def demand():
    # Council A: LSOAs at 0 km (1,000 people) and 6 km (3,000); council B: one at 20 km (6,000).
    lat, lon = _east([0.0, 6.0, 20.0])
    return demand_from(lat, lon, np.array([1000.0, 3000.0, 6000.0]), [A, A, B])


@pytest.fixture
def supply():
    # s1 at 0 km serves A and B; s2 at 21 km serves B; s3 at 100 km serves only a Welsh council.
    lat, lon = _east([0.0, 21.0, 100.0])
    return Supply(lat, lon, ((A, B), (B,), ("W06000001",)))


def test_councils_count_every_service_that_serves_them(demand, supply):
    result = coverage(demand, supply, catchment_km=10.0)
    a, b = result.areas

    assert (a.code, a.services, b.code, b.services) == (A, 1, B, 2)
    assert a.per_100k == pytest.approx(1e5 / 4000)
    assert b.per_100k == pytest.approx(2e5 / 6000)


def test_england_counts_each_english_service_once(demand, supply):
    england = coverage(demand, supply, catchment_km=10.0).england

    # s1 serves two councils but is one service; s3 serves no English council.
    assert england.code == ENGLAND_CODE
    assert england.services == 2
    assert england.per_100k == pytest.approx(2e5 / 10_000)


def test_distance_and_share_are_population_weighted(demand, supply):
    result = coverage(demand, supply, catchment_km=10.0)
    a, b = result.areas

    # Nearest: 0 km (1,000 people), 6 km (3,000), 1 km (6,000).
    assert a.mean_nearest_km == pytest.approx((3000 * 6) / 4000)
    assert b.mean_nearest_km == pytest.approx(1.0)
    assert result.england.mean_nearest_km == pytest.approx((3000 * 6 + 6000 * 1) / 10_000)
    assert (a.share_within, b.share_within) == (pytest.approx(0.25), 1.0)
    assert result.england.share_within == pytest.approx(0.7)


def test_access_per_100k_matches_the_hand_worked_2sfca(demand, supply):
    result = coverage(demand, supply, catchment_km=10.0)
    a, b = result.areas

    # s1 is shared by A's two LSOAs only, s2 reaches B's LSOA only, s3 reaches nobody; so
    # each council's population-weighted access is its one service over its people.
    assert a.access_per_100k == pytest.approx(1e5 / 4000)
    assert b.access_per_100k == pytest.approx(1e5 / 6000)
    # England: the two services with demand in reach, over everyone.
    assert result.england.access_per_100k == pytest.approx(2e5 / 10_000)


def test_no_supply_means_no_service_everywhere(demand):
    result = coverage(demand, Supply(np.empty(0), np.empty(0), ()), catchment_km=10.0)

    for figures in (*result.areas, result.england):
        assert figures.services == 0 and figures.per_100k == 0.0
        assert math.isinf(figures.mean_nearest_km)
        assert figures.share_within == 0.0 and figures.access_per_100k == 0.0
