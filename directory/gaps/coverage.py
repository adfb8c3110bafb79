"""Coverage of one service type across the care councils: a plain computation over arrays.

Demand is the bundled ONS population-weighted LSOA 2021 centroids (mid-2022 population);
supply is the public points of local services of the type. Results are cached per directory
snapshot, so a page view after the first costs nothing until a listing changes.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from directory.gaps.analysis import (
    gaussian_2sfca,
    nearest_km,
    population_weighted_mean,
    rate_per_100k,
    share_within,
)

DEMAND_FILE = "lsoa21_demand_points_england.csv"
BOUNDARIES_FILE = "utla_boundaries_england_may2024_buc.geojson"
WITHIN_KM = 5.0


@dataclass(frozen=True)
class Demand:
    """Population-weighted LSOA centroids and the council each lies in."""

    latitude: np.ndarray
    longitude: np.ndarray
    population: np.ndarray
    area_index: np.ndarray
    area_codes: tuple[str, ...]


@cache
def read_demand(data_dir: Path) -> Demand:
    """The 33,755 LSOA demand points (read once per process)."""
    lat, lon, pop, areas = [], [], [], []
    with (data_dir / DEMAND_FILE).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lat.append(float(row["latitude"]))
            lon.append(float(row["longitude"]))
            pop.append(float(row["population"]))
            areas.append(row["utla_code"])
    codes = tuple(sorted(set(areas)))
    index = {code: i for i, code in enumerate(codes)}
    return Demand(
        np.array(lat), np.array(lon), np.array(pop),
        np.array([index[a] for a in areas], dtype=np.intp), codes,
    )  # fmt: skip


@cache
def read_boundaries(data_dir: Path) -> dict[str, Any]:
    """The care councils' generalised boundaries (read once per process)."""
    with (data_dir / BOUNDARIES_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class Supply:
    """Local services of one type: their public points, and the councils each serves."""

    latitude: np.ndarray
    longitude: np.ndarray
    serves: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class AreaCoverage:
    """One council's figures for one service type."""

    code: str
    services: int
    per_100k: float
    mean_nearest_km: float
    share_within: float
    access_per_100k: float


def coverage(demand: Demand, supply: Supply, catchment_km: float) -> list[AreaCoverage]:
    """Services per 100k, nearest distance, share within 5 km and Gaussian 2SFCA, per council."""
    n = len(demand.area_codes)
    index = {code: i for i, code in enumerate(demand.area_codes)}
    population = np.bincount(demand.area_index, weights=demand.population, minlength=n)
    pairs = np.array(
        [index[c] for served in supply.serves for c in served if c in index], dtype=np.intp
    )
    counts = np.bincount(pairs, minlength=n) if pairs.size else np.zeros(n, dtype=np.intp)
    per_100k = rate_per_100k(pairs, population)
    if supply.latitude.size:
        nearest = nearest_km(demand.latitude, demand.longitude, supply.latitude, supply.longitude)
        access = gaussian_2sfca(
            demand.latitude, demand.longitude, demand.population,
            supply.latitude, supply.longitude, None, catchment_km,
        )  # fmt: skip
    else:
        nearest = np.full(demand.latitude.size, np.inf)
        access = np.zeros(demand.latitude.size)
    mean_nearest = population_weighted_mean(nearest, demand.population, demand.area_index, n)
    within = share_within(nearest, WITHIN_KM, demand.population, demand.area_index, n)
    mean_access = population_weighted_mean(access, demand.population, demand.area_index, n)
    return [
        AreaCoverage(code, int(counts[i]), float(per_100k[i]), float(mean_nearest[i]),
                     float(within[i]), float(mean_access[i] * 1e5))
        for i, code in enumerate(demand.area_codes)
    ]  # fmt: skip
