"""Great-circle distances and bounding boxes in miles."""

from __future__ import annotations

import pytest

from directory.geo.distance import bounding_box, distance_miles

LEEDS = (53.79648, -1.54785)
MANCHESTER = (53.48095, -2.23743)


def test_distance_between_leeds_and_manchester_is_about_36_miles() -> None:
    assert distance_miles(*LEEDS, *MANCHESTER) == pytest.approx(36.0, abs=0.5)


def test_distance_is_the_same_both_ways() -> None:
    assert distance_miles(*LEEDS, *MANCHESTER) == distance_miles(*MANCHESTER, *LEEDS)


def test_distance_from_a_point_to_itself_is_zero() -> None:
    assert distance_miles(*LEEDS, *LEEDS) == 0


def test_a_degree_of_latitude_is_about_69_miles() -> None:
    assert distance_miles(50.0, 0.0, 51.0, 0.0) == pytest.approx(69.1, abs=0.1)


@pytest.mark.parametrize("miles", [0.5, 5, 25])
@pytest.mark.parametrize("bearing_point", [(1, 0), (-1, 0), (0, 1), (0, -1), (0.7, 0.7)])
def test_bounding_box_holds_points_at_the_given_distance(
    miles: float, bearing_point: tuple[float, float]
) -> None:
    min_lat, max_lat, min_lon, max_lon = bounding_box(*LEEDS, miles)
    # Walk out from Leeds in one direction until just inside `miles`.
    dlat, dlon = bearing_point
    step = 0.0001
    lat, lon = LEEDS
    while distance_miles(*LEEDS, lat + dlat * step, lon + dlon * step) < miles:
        lat, lon = lat + dlat * step, lon + dlon * step
    assert min_lat <= lat <= max_lat
    assert min_lon <= lon <= max_lon


def test_bounding_box_is_not_much_bigger_than_needed() -> None:
    min_lat, max_lat, min_lon, max_lon = bounding_box(*LEEDS, 10)
    assert distance_miles(min_lat, LEEDS[1], max_lat, LEEDS[1]) == pytest.approx(20, rel=0.01)
    assert distance_miles(LEEDS[0], min_lon, LEEDS[0], max_lon) == pytest.approx(20, rel=0.02)


def test_bounding_box_near_a_pole_spans_every_longitude() -> None:
    assert bounding_box(89.99, 0.0, 10)[2:] == (-180.0, 180.0)
