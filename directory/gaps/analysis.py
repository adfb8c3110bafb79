"""Coverage and completeness metrics over plain arrays (research note section 4.1-4.2).

Everything here is pure: numpy arrays or plain Python values in, numpy arrays or plain
values out; no database and no Flask. Distances are great-circle kilometres on a sphere of
radius ``EARTH_RADIUS_KM``. Spatial searches use ``scipy.spatial.cKDTree`` on 3-D unit-sphere
coordinates, where the straight-line (chord) distance ``c`` maps exactly to the great-circle
distance ``2 R asin(c / 2)``, so k-d tree answers equal haversine answers.

The ``naive_*`` functions are deliberately slow pure-Python loops (lists and ``math`` only):
they are the reference the tests compare with and the baseline the benchmark reports.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) in kilometres."""

_EXP_HALF = math.exp(-0.5)

FloatArray = NDArray[np.float64]


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Great-circle distance in km between points given in degrees (numpy broadcasting)."""
    p1, l1, p2, l2 = (np.radians(np.asarray(a, dtype=np.float64)) for a in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _unit_xyz(lat: ArrayLike, lon: ArrayLike) -> FloatArray:
    """Points in degrees as an (n, 3) array of unit-sphere coordinates."""
    phi = np.radians(np.asarray(lat, dtype=np.float64).ravel())
    lam = np.radians(np.asarray(lon, dtype=np.float64).ravel())
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def _chord_to_km(chord: FloatArray) -> FloatArray:
    """Unit-sphere chord lengths as great-circle kilometres."""
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0.0, 1.0))


def _km_to_chord(km: float) -> float:
    """Great-circle kilometres as a unit-sphere chord length."""
    return 2 * math.sin(min(km / (2 * EARTH_RADIUS_KM), math.pi / 2))


def rate_per_100k(
    service_area_index: ArrayLike,
    population: ArrayLike,
    capacity: ArrayLike | None = None,
) -> FloatArray:
    """Capacity per 100,000 people per area from (service, area-served) pairs; nan if no people.

    A service that serves several areas appears once per area, so it counts in each (section 4.2).
    National or remote services must be left out by the caller. ``capacity`` defaults to 1 per pair.
    """
    idx = np.asarray(service_area_index, dtype=np.intp).ravel()
    pop = np.asarray(population, dtype=np.float64).ravel()
    weights = None if capacity is None else np.asarray(capacity, dtype=np.float64).ravel()
    supply = np.bincount(idx, weights=weights, minlength=pop.size).astype(np.float64)
    out = np.full(pop.size, np.nan)
    np.divide(1e5 * supply, pop, out=out, where=pop > 0)
    return out


@dataclass(frozen=True)
class DemandPoints:
    """Demand points prepared once and reused for every supply set (every service type).

    The points are stored in k-d tree leaf order, so points near each other in space sit near
    each other in memory: the per-pair gathers of 2SFCA then hit the cache. ``order[k]`` is the
    caller's index of stored point ``k``; results go back to the caller's order at the end.
    """

    xyz: FloatArray
    population: FloatArray
    order: NDArray[np.intp]
    tree: cKDTree


def prepare_demand(lat: ArrayLike, lon: ArrayLike, population: ArrayLike) -> DemandPoints:
    """Demand points (degrees, people) ready for ``nearest_km_from`` and ``accessibility``."""
    xyz = _unit_xyz(lat, lon)
    pop = np.asarray(population, dtype=np.float64).ravel()
    if pop.size != xyz.shape[0]:
        raise ValueError("one population figure is needed per demand point")
    order = cKDTree(xyz).indices.astype(np.intp) if xyz.shape[0] else np.empty(0, np.intp)
    xyz = np.ascontiguousarray(xyz[order])
    return DemandPoints(xyz, np.ascontiguousarray(pop[order]), order, cKDTree(xyz))


def _caller_order(demand: DemandPoints, values: FloatArray) -> FloatArray:
    out = np.empty_like(values)
    out[demand.order] = values
    return out


def nearest_km(
    demand_lat: ArrayLike, demand_lon: ArrayLike, supply_lat: ArrayLike, supply_lon: ArrayLike
) -> FloatArray:
    """Great-circle km from each demand point to its nearest supply point; inf if no supply."""
    lat = np.asarray(demand_lat, dtype=np.float64).ravel()
    demand = prepare_demand(lat, demand_lon, np.zeros(lat.size))
    return nearest_km_from(demand, supply_lat, supply_lon)


def nearest_km_from(
    demand: DemandPoints, supply_lat: ArrayLike, supply_lon: ArrayLike
) -> FloatArray:
    """``nearest_km`` for prepared demand points (in the caller's order)."""
    supply = _unit_xyz(supply_lat, supply_lon)
    n_demand = demand.xyz.shape[0]
    if supply.shape[0] == 0:
        return np.full(n_demand, np.inf)
    if n_demand == 0:
        return np.empty(0)
    chord, _ = cKDTree(supply).query(demand.xyz, k=1, workers=-1)
    return _caller_order(demand, _chord_to_km(chord))


def population_weighted_mean(
    values: ArrayLike, population: ArrayLike, group_index: ArrayLike, n_groups: int
) -> FloatArray:
    """Per group, Σ P·v / Σ P over members with P > 0; nan for a group with no people."""
    v = np.asarray(values, dtype=np.float64).ravel()
    pop = np.asarray(population, dtype=np.float64).ravel()
    idx = np.asarray(group_index, dtype=np.intp).ravel()
    weighted = np.zeros_like(v)
    np.multiply(pop, v, out=weighted, where=pop > 0)
    total = np.bincount(idx, weights=weighted, minlength=n_groups)
    people = np.bincount(idx, weights=pop, minlength=n_groups)
    out = np.full(n_groups, np.nan)
    np.divide(total, people, out=out, where=people > 0)
    return out


def share_within(
    d_km: ArrayLike, x_km: float, population: ArrayLike, group_index: ArrayLike, n_groups: int
) -> FloatArray:
    """Per group, the population share with distance <= ``x_km``; nan for a group with no people."""
    d = np.asarray(d_km, dtype=np.float64).ravel()
    inside = (d <= x_km).astype(np.float64)
    return population_weighted_mean(inside, population, group_index, n_groups)


def gaussian_weight(d_km: ArrayLike, d0_km: float) -> FloatArray:
    """Gaussian decay G(d) = (e^(-½(d/d0)²) - e^(-½)) / (1 - e^(-½)) for d < d0, else 0."""
    d = np.asarray(d_km, dtype=np.float64)
    g = (np.exp(-0.5 * (d / d0_km) ** 2) - _EXP_HALF) / (1 - _EXP_HALF)
    return np.where(d < d0_km, np.clip(g, 0.0, 1.0), 0.0)


SUPPLY_CHUNK = 256
"""Supply points per batch in ``accessibility``: batches are spatially compact (k-d tree leaf
order), so each batch's pairs stay small enough for the CPU cache instead of one array of
tens of millions of pairs. Measured best of 128/256/512/1024 on the 50k-service benchmark."""


def gaussian_2sfca(
    demand_lat: ArrayLike,
    demand_lon: ArrayLike,
    population: ArrayLike,
    supply_lat: ArrayLike,
    supply_lon: ArrayLike,
    capacity: ArrayLike | None,
    catchment_km: float,
) -> FloatArray:
    """Gaussian two-step floating catchment accessibility (supply per person) per demand point.

    Step 1: R_j = S_j / Σ_k P_k G(d_kj), and R_j = 0 when that sum is 0 (no weighted demand in
    the catchment). Step 2: A_i = Σ_j R_j G(d_ij). Hence Σ_i P_i A_i = Σ S_j over the supplies
    with some weighted demand. Only pairs within the catchment are ever formed (sparse).
    ``capacity`` None means 1 per supply. Multiply by 1e5 for "per 100k".
    """
    demand = prepare_demand(demand_lat, demand_lon, population)
    return accessibility(demand, supply_lat, supply_lon, capacity, catchment_km)


def accessibility(
    demand: DemandPoints,
    supply_lat: ArrayLike,
    supply_lon: ArrayLike,
    capacity: ArrayLike | None,
    catchment_km: float,
) -> FloatArray:
    """``gaussian_2sfca`` for prepared demand points (in the caller's order)."""
    supply = _unit_xyz(supply_lat, supply_lon)
    access, _ = _catchment_sweep(demand, supply, capacity, catchment_km, nearest=False)
    return _caller_order(demand, access)


def nearest_and_access(
    demand: DemandPoints,
    supply_lat: ArrayLike,
    supply_lon: ArrayLike,
    capacity: ArrayLike | None,
    catchment_km: float,
) -> tuple[FloatArray, FloatArray]:
    """``nearest_km_from`` and ``accessibility`` together, sharing one search for pairs.

    A demand point with any supply inside the catchment has its nearest supply among those
    pairs; only the points with none are searched again, nearest-neighbour style.
    """
    supply = _unit_xyz(supply_lat, supply_lon)
    n_demand = demand.xyz.shape[0]
    if supply.shape[0] == 0:
        return np.full(n_demand, np.inf), np.zeros(n_demand)
    access, chord = _catchment_sweep(demand, supply, capacity, catchment_km, nearest=True)
    far = np.flatnonzero(np.isinf(chord))
    if far.size:
        chord[far], _ = cKDTree(supply).query(demand.xyz[far], k=1, workers=-1)
    return _caller_order(demand, _chord_to_km(chord)), _caller_order(demand, access)


def _catchment_sweep(
    demand: DemandPoints,
    supply: FloatArray,
    capacity: ArrayLike | None,
    catchment_km: float,
    *,
    nearest: bool,
) -> tuple[FloatArray, FloatArray]:
    """2SFCA access per demand point (tree order) and, if asked, the shortest chord in reach.

    Supplies are taken in batches of ``SUPPLY_CHUNK``. Every pair of a supply lies in its own
    batch, so step 1 is complete per batch, and step 2 is a sum over batches: the answer is the
    same as with all pairs at once, up to floating-point rounding of the sums. The chord is
    inf for a point with no supply in reach (and everywhere when ``nearest`` is False).
    """
    n_demand, n_supply = demand.xyz.shape[0], supply.shape[0]
    cap = np.ones(n_supply) if capacity is None else np.asarray(capacity, dtype=np.float64).ravel()
    access, shortest = np.zeros(n_demand), np.full(n_demand, np.inf)
    if n_demand == 0 or n_supply == 0 or catchment_km <= 0:
        return access, shortest
    radius = _km_to_chord(catchment_km)
    by_place = cKDTree(supply).indices.astype(np.intp)
    for start in range(0, n_supply, SUPPLY_CHUNK):
        batch = by_place[start : start + SUPPLY_CHUNK]
        pairs = demand.tree.sparse_distance_matrix(
            cKDTree(supply[batch]), radius, output_type="ndarray"
        )
        # Contiguous copies of the record fields: gathers on strided views are several times slower.
        i, j = np.ascontiguousarray(pairs["i"]), np.ascontiguousarray(pairs["j"])
        chord = np.ascontiguousarray(pairs["v"])
        if nearest:
            np.minimum.at(shortest, i, chord)
        g = _gaussian_weight_from_chord(chord, catchment_km)
        weighted_demand = np.bincount(j, weights=demand.population[i] * g, minlength=batch.size)
        ratio = np.zeros(batch.size)
        np.divide(cap[batch], weighted_demand, out=ratio, where=weighted_demand > 0)
        access += np.bincount(i, weights=ratio[j] * g, minlength=n_demand)
    return access, shortest


def _gaussian_weight_from_chord(chord: ArrayLike, d0_km: float) -> FloatArray:
    """``gaussian_weight`` of unit-sphere chords no longer than the catchment's (2SFCA's pairs).

    The same formula in seven in-place passes over the pairs instead of a dozen temporaries:
    (d/d0)² = (asin(c/2) · 2R/d0)², and d slightly over d0 by rounding gives a weight below 0,
    which the last pass sets to 0.
    """
    w = np.multiply(chord, 0.5, dtype=np.float64)
    np.arcsin(w, out=w)
    np.square(w, out=w)
    w *= -0.5 * (2 * EARTH_RADIUS_KM / d0_km) ** 2
    np.exp(w, out=w)
    w -= _EXP_HALF
    w *= 1 / (1 - _EXP_HALF)
    np.maximum(w, 0.0, out=w)
    return w


class Completeness(NamedTuple):
    """Pathway completeness for one area: steps filled, steps in all, indices of missing steps."""

    filled: int
    total: int
    missing: tuple[int, ...]


def pathway_completeness(
    step_categories: Sequence[Sequence[str]], area_categories: Mapping[str, set[str]]
) -> dict[str, Completeness]:
    """Per area, which pathway steps have a local service of an allowed category.

    ``step_categories[n]`` lists the categories that can fill step ``n`` (service steps only;
    an empty step raises ValueError). ``area_categories`` maps an area code to the categories
    of LOCAL services serving it: the caller must leave national and remote services out, so
    that a national helpline never hides a missing local face-to-face service.
    """
    steps = [frozenset(cats) for cats in step_categories]
    if any(not cats for cats in steps):
        raise ValueError("every pathway step needs at least one category")
    result: dict[str, Completeness] = {}
    for area, present in area_categories.items():
        missing = tuple(n for n, cats in enumerate(steps) if cats.isdisjoint(present))
        result[area] = Completeness(len(steps) - len(missing), len(steps), missing)
    return result


SIMILAR_BAND = 0.10
"""Relative band around the England value inside which a council counts as "similar"."""


class Comparison(StrEnum):
    """How one area's figure stands against a reference figure (England's)."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    NOT_COMPARED = "not compared"


def compare_with(
    value: float, reference: float, *, higher_is_better: bool, band: float = SIMILAR_BAND
) -> Comparison:
    """Similar within ``band`` (relative) either side of ``reference``, else better or worse.

    A plain rule of thumb, not a significance test. Infinite values (no service anywhere)
    compare like any other: inf against inf is similar. nan (no people) is not compared.
    """
    if math.isnan(value) or math.isnan(reference):
        return Comparison.NOT_COMPARED
    if reference * (1 - band) <= value <= reference * (1 + band):
        return Comparison.SIMILAR
    above = value > reference
    return Comparison.BETTER if above == higher_is_better else Comparison.WORSE


def competition_rank(values: Sequence[float], *, higher_is_better: bool) -> list[int | None]:
    """Rank 1 for the best value; equal values share a rank and the next is skipped (1, 2, 2, 4).

    nan (no people) gets no rank.
    """
    keys = [math.nan if math.isnan(v) else (-v if higher_is_better else v) for v in values]
    ordered = sorted(k for k in keys if not math.isnan(k))
    return [None if math.isnan(k) else bisect.bisect_left(ordered, k) + 1 for k in keys]


def _naive_haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Scalar haversine in km (pure Python)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _naive_gaussian_weight(d_km: float, d0_km: float) -> float:
    """Scalar Gaussian decay weight (pure Python)."""
    if d_km >= d0_km:
        return 0.0
    return max(0.0, (math.exp(-0.5 * (d_km / d0_km) ** 2) - _EXP_HALF) / (1 - _EXP_HALF))


def naive_nearest_km(
    demand_lat: Sequence[float],
    demand_lon: Sequence[float],
    supply_lat: Sequence[float],
    supply_lon: Sequence[float],
) -> list[float]:
    """Pure-Python loop version of ``nearest_km`` (reference and benchmark baseline)."""
    out = []
    for dlat, dlon in zip(demand_lat, demand_lon, strict=True):
        best = math.inf
        for slat, slon in zip(supply_lat, supply_lon, strict=True):
            best = min(best, _naive_haversine_km(dlat, dlon, slat, slon))
        out.append(best)
    return out


def naive_gaussian_2sfca(
    demand_lat: Sequence[float],
    demand_lon: Sequence[float],
    population: Sequence[float],
    supply_lat: Sequence[float],
    supply_lon: Sequence[float],
    capacity: Sequence[float] | None,
    catchment_km: float,
) -> list[float]:
    """Pure-Python loop version of ``gaussian_2sfca`` (reference and benchmark baseline)."""
    caps = [1.0] * len(supply_lat) if capacity is None else [float(s) for s in capacity]
    weights = [
        [
            _naive_gaussian_weight(_naive_haversine_km(dlat, dlon, slat, slon), catchment_km)
            for slat, slon in zip(supply_lat, supply_lon, strict=True)
        ]
        for dlat, dlon in zip(demand_lat, demand_lon, strict=True)
    ]
    ratios = []
    for j, cap in enumerate(caps):
        demand = sum(p * row[j] for p, row in zip(population, weights, strict=True))
        ratios.append(cap / demand if demand > 0 else 0.0)
    return [sum(r * w for r, w in zip(ratios, row, strict=True)) for row in weights]
