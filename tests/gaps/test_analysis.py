"""Gap metrics on hand-built fixtures, against naive loops, and the 2SFCA invariant."""

from __future__ import annotations

import math

import numpy as np
import pytest

from directory.gaps.analysis import (
    EARTH_RADIUS_KM,
    SUPPLY_CHUNK,
    Comparison,
    Completeness,
    accessibility,
    compare_with,
    competition_rank,
    gaussian_2sfca,
    gaussian_weight,
    haversine_km,
    naive_gaussian_2sfca,
    naive_nearest_km,
    nearest_and_access,
    nearest_km,
    nearest_km_from,
    pathway_completeness,
    population_weighted_mean,
    prepare_demand,
    rate_per_100k,
    share_within,
)

KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180  # along the equator or a meridian


def _on_equator(km: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Points on the equator at the given km east of (0, 0)."""
    return np.zeros(len(km)), np.array(km) / KM_PER_DEG


def _random_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Points in a box around England."""
    return rng.uniform(50.5, 54.5, n), rng.uniform(-3.5, 0.5, n)


def test_haversine_known_values_and_broadcasting():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(KM_PER_DEG, rel=1e-12)
    assert haversine_km(0, 0, 1, 0) == pytest.approx(KM_PER_DEG, rel=1e-12)
    assert haversine_km(10, 20, 10, 20) == 0
    grid = haversine_km(np.zeros((3, 1)), np.zeros((3, 1)), np.zeros(2), np.array([1.0, 2.0]))
    assert grid.shape == (3, 2)
    np.testing.assert_allclose(grid[0], [KM_PER_DEG, 2 * KM_PER_DEG], rtol=1e-12)


def test_rate_per_100k_counts_a_service_in_every_area_it_serves():
    # Service 0 serves areas 0 and 1; service 1 serves area 1; area 2 has nobody.
    rate = rate_per_100k([0, 1, 1], population=[50_000, 200_000, 0])
    np.testing.assert_allclose(rate[:2], [2.0, 1.0])
    assert math.isnan(rate[2])
    weighted = rate_per_100k([0, 1, 1], population=[50_000, 200_000, 0], capacity=[3, 3, 1])
    np.testing.assert_allclose(weighted[:2], [6.0, 2.0])


def test_rate_per_100k_area_without_services_is_zero():
    np.testing.assert_array_equal(rate_per_100k(np.array([], dtype=int), [1000, 10]), [0, 0])


def test_nearest_on_a_line_of_known_km():
    d_lat, d_lon = _on_equator([0.0, 4.0, 10.0])
    s_lat, s_lon = _on_equator([1.0, 8.0])
    np.testing.assert_allclose(nearest_km(d_lat, d_lon, s_lat, s_lon), [1.0, 3.0, 2.0], atol=1e-9)


def test_nearest_without_supply_is_inf():
    assert np.all(np.isinf(nearest_km([51.0, 52.0], [0.0, 0.0], [], [])))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nearest_equals_naive_on_random_data(seed):
    rng = np.random.default_rng(seed)
    d_lat, d_lon = _random_points(rng, 300)
    s_lat, s_lon = _random_points(rng, 70)
    fast = nearest_km(d_lat, d_lon, s_lat, s_lon)
    slow = naive_nearest_km(d_lat.tolist(), d_lon.tolist(), s_lat.tolist(), s_lon.tolist())
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-6)


def test_population_weighted_mean_and_share_within():
    d = np.array([1.0, 3.0, 10.0, np.inf, 2.0])
    pop = np.array([100, 300, 600, 0, 50])
    group = np.array([0, 0, 0, 1, 2])
    # Group 0: (100*1 + 300*3 + 600*10) / 1000 = 7.0; group 1 has nobody; group 3 is empty.
    mean = population_weighted_mean(d, pop, group, 4)
    np.testing.assert_allclose(mean[[0, 2]], [7.0, 2.0])
    assert math.isnan(mean[1]) and math.isnan(mean[3])
    share = share_within(d, 3.0, pop, group, 4)
    np.testing.assert_allclose(share[[0, 2]], [0.4, 1.0])
    assert math.isnan(share[1]) and math.isnan(share[3])


def test_mean_distance_is_inf_when_a_populated_point_has_no_supply():
    mean = population_weighted_mean([np.inf, 1.0], [10, 10], [0, 0], 1)
    assert mean[0] == np.inf


def test_gaussian_weight_ends():
    assert gaussian_weight(0.0, 10.0) == 1.0
    np.testing.assert_array_equal(gaussian_weight([10.0, 10.5, 1e6], 10.0), [0.0, 0.0, 0.0])
    mid = (math.exp(-0.125) - math.exp(-0.5)) / (1 - math.exp(-0.5))
    assert gaussian_weight(5.0, 10.0) == pytest.approx(mid, rel=1e-12)
    w = gaussian_weight(np.linspace(0, 10, 101), 10.0)
    assert np.all(np.diff(w) < 0)


def test_gaussian_2sfca_hand_computed():
    # Demand at 0 km (P=100) and 6 km (P=300); one service at 0 km, catchment 10 km.
    d_lat, d_lon = _on_equator([0.0, 6.0])
    s_lat, s_lon = _on_equator([0.0])
    g6 = (math.exp(-0.5 * 0.36) - math.exp(-0.5)) / (1 - math.exp(-0.5))
    ratio = 1.0 / (100 * 1.0 + 300 * g6)
    access = gaussian_2sfca(d_lat, d_lon, [100, 300], s_lat, s_lon, None, 10.0)
    np.testing.assert_allclose(access, [ratio, ratio * g6], rtol=1e-9)


def test_gaussian_2sfca_supply_without_demand_gets_nothing():
    d_lat, d_lon = _on_equator([0.0])
    s_lat, s_lon = _on_equator([0.0, 50.0])  # the second is out of everyone's reach
    access = gaussian_2sfca(d_lat, d_lon, [1000], s_lat, s_lon, [2.0, 5.0], 10.0)
    np.testing.assert_allclose(access, [2.0 / 1000])
    assert gaussian_2sfca(d_lat, d_lon, [1000], [], [], None, 10.0).tolist() == [0.0]


@pytest.mark.parametrize("catchment", [5.0, 15.0, 40.0, 120.0])
@pytest.mark.parametrize("seed", [4, 5])
def test_gaussian_2sfca_invariant(seed, catchment):
    rng = np.random.default_rng(seed)
    d_lat, d_lon = _random_points(rng, 2000)
    pop = rng.integers(0, 3000, 2000).astype(float)
    s_lat, s_lon = _random_points(rng, 400)
    cap = rng.uniform(0.5, 5.0, 400)
    access = gaussian_2sfca(d_lat, d_lon, pop, s_lat, s_lon, cap, catchment)
    weights = gaussian_weight(haversine_km(d_lat[:, None], d_lon[:, None], s_lat, s_lon), catchment)
    has_demand = (pop @ weights) > 0
    assert has_demand.any()
    expected = cap[has_demand].sum()
    assert float(pop @ access) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", [6, 7])
def test_gaussian_2sfca_equals_naive(seed):
    rng = np.random.default_rng(seed)
    d_lat, d_lon = _random_points(rng, 120)
    pop = rng.integers(0, 2000, 120).astype(float)
    s_lat, s_lon = _random_points(rng, 40)
    cap = rng.uniform(1, 3, 40)
    fast = gaussian_2sfca(d_lat, d_lon, pop, s_lat, s_lon, cap, 60.0)
    slow = naive_gaussian_2sfca(
        d_lat.tolist(),
        d_lon.tolist(),
        pop.tolist(),
        s_lat.tolist(),
        s_lon.tolist(),
        cap.tolist(),
        60.0,
    )
    assert np.count_nonzero(fast) > 10
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-15)


def test_gaussian_2sfca_in_several_supply_batches_equals_naive():
    rng = np.random.default_rng(8)
    d_lat, d_lon = _random_points(rng, 150)
    pop = rng.integers(0, 2000, 150).astype(float)
    s_lat, s_lon = _random_points(rng, 2 * SUPPLY_CHUNK + 37)
    cap = rng.uniform(1, 3, s_lat.size)
    fast = gaussian_2sfca(d_lat, d_lon, pop, s_lat, s_lon, cap, 40.0)
    slow = naive_gaussian_2sfca(*(a.tolist() for a in (d_lat, d_lon, pop, s_lat, s_lon, cap)), 40.0)
    assert np.count_nonzero(fast) > 100
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-15)


def test_prepared_demand_answers_in_the_callers_order():
    # Points deliberately out of spatial order: results must come back in the order given.
    d_lat, d_lon = _on_equator([30.0, 0.0, 12.0, 3.0])
    s_lat, s_lon = _on_equator([1.0, 29.0])
    demand = prepare_demand(d_lat, d_lon, [10, 20, 30, 40])
    np.testing.assert_allclose(
        nearest_km_from(demand, s_lat, s_lon), [1.0, 1.0, 11.0, 2.0], atol=1e-9
    )
    access = accessibility(demand, s_lat, s_lon, None, 5.0)
    assert access[0] > 0 and access[1] > 0 and access[3] > 0
    assert access[2] == 0.0  # 11 km and 17 km from the two services: outside both catchments
    np.testing.assert_allclose(
        access, gaussian_2sfca(d_lat, d_lon, [10, 20, 30, 40], s_lat, s_lon, None, 5.0)
    )


@pytest.mark.parametrize("catchment", [0.0, 8.0, 60.0])
def test_nearest_and_access_together_equal_each_alone(catchment):
    # With an 8 km catchment many points have no supply in reach and need the second search.
    rng = np.random.default_rng(9)
    d_lat, d_lon = _random_points(rng, 400)
    pop = rng.integers(0, 2000, 400).astype(float)
    s_lat, s_lon = _random_points(rng, SUPPLY_CHUNK + 50)
    demand = prepare_demand(d_lat, d_lon, pop)

    nearest, access = nearest_and_access(demand, s_lat, s_lon, None, catchment)

    np.testing.assert_array_equal(nearest, nearest_km_from(demand, s_lat, s_lon))
    np.testing.assert_array_equal(access, accessibility(demand, s_lat, s_lon, None, catchment))
    if catchment == 8.0:
        assert 0 < np.count_nonzero(access) < access.size


def test_nearest_and_access_without_supply():
    demand = prepare_demand([51.0, 52.0], [0.0, 0.0], [10, 10])
    nearest, access = nearest_and_access(demand, [], [], None, 10.0)
    assert np.all(np.isinf(nearest)) and access.tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("value", "reference", "higher_is_better", "expected"),
    [
        (10.0, 10.0, True, Comparison.SIMILAR),
        (11.0, 10.0, True, Comparison.SIMILAR),  # exactly 10% above: still similar
        (9.0, 10.0, True, Comparison.SIMILAR),  # exactly 10% below: still similar
        (11.5, 10.0, True, Comparison.BETTER),
        (8.5, 10.0, True, Comparison.WORSE),
        (11.5, 10.0, False, Comparison.WORSE),  # a longer distance is worse
        (8.5, 10.0, False, Comparison.BETTER),
        (0.0, 0.0, True, Comparison.SIMILAR),
        (0.1, 0.0, True, Comparison.BETTER),  # any service where England has none
        (5.0, math.inf, False, Comparison.BETTER),  # a distance against "no service"
        (math.inf, math.inf, False, Comparison.SIMILAR),
        (math.nan, 10.0, True, Comparison.NOT_COMPARED),
        (10.0, math.nan, True, Comparison.NOT_COMPARED),
    ],
)
def test_compare_with_england_uses_a_ten_percent_band(value, reference, higher_is_better, expected):
    assert compare_with(value, reference, higher_is_better=higher_is_better) is expected


def test_competition_rank_shares_ranks_between_equal_values():
    values = [3.0, 7.0, 3.0, 0.0, math.nan, 7.0]
    assert competition_rank(values, higher_is_better=True) == [3, 1, 3, 5, None, 1]
    assert competition_rank(values, higher_is_better=False) == [2, 4, 2, 1, None, 4]
    assert competition_rank([math.inf, 1.0], higher_is_better=False) == [2, 1]


def test_pathway_completeness_national_only_step_is_missing():
    steps = [["adult_safeguarding_front_door"], ["police_non_emergency"], ["hate_crime_reporting"]]
    # Hate crime reporting exists only as a national service (True Vision), so the caller
    # leaves it out of the local categories: the step must count as missing.
    local = {
        "E09000001": {"adult_safeguarding_front_door", "police_non_emergency"},
        "E06000001": {"police_non_emergency"},
        "E06000002": set(),
    }
    result = pathway_completeness(steps, local)
    assert result["E09000001"] == Completeness(2, 3, (2,))
    assert result["E06000001"] == Completeness(1, 3, (0, 2))
    assert result["E06000002"] == Completeness(0, 3, (0, 1, 2))


def test_pathway_completeness_step_filled_by_any_allowed_category():
    result = pathway_completeness([["a", "b"], ["c"]], {"X": {"b", "c"}})
    assert result["X"] == Completeness(2, 2, ())


def test_pathway_completeness_rejects_an_empty_step():
    with pytest.raises(ValueError):
        pathway_completeness([["a"], []], {"X": {"a"}})
