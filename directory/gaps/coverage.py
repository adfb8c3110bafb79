"""Coverage of one service type across the care councils: a plain computation over arrays.

Demand is the bundled ONS population-weighted LSOA 2021 centroids (mid-2022 population);
supply is the public points of local services of the type. Results are cached per directory
snapshot, so a page view after the first costs nothing until a listing changes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from directory.gaps.analysis import (
    DemandPoints,
    nearest_and_access,
    population_weighted_mean,
    prepare_demand,
    rate_per_100k,
    share_within,
)

ENGLAND_CODE = "E92000001"
DEMAND_FILE = "lsoa21_demand_points_england.csv"
BOUNDARIES_FILE = "utla_boundaries_england_may2024_buc.geojson"
WITHIN_KM = 5.0


@dataclass(frozen=True)
class Demand:
    """Population-weighted LSOA centroids, the council each lies in, and the points prepared."""

    latitude: np.ndarray
    longitude: np.ndarray
    population: np.ndarray
    area_index: np.ndarray
    area_codes: tuple[str, ...]
    points: DemandPoints


def demand_from(
    latitude: np.ndarray, longitude: np.ndarray, population: np.ndarray, areas: Sequence[str]
) -> Demand:
    """Demand points with the council code of each (councils in code order)."""
    codes = tuple(sorted(set(areas)))
    index = {code: i for i, code in enumerate(codes)}
    return Demand(
        latitude, longitude, population, np.array([index[a] for a in areas], dtype=np.intp),
        codes, prepare_demand(latitude, longitude, population),
    )  # fmt: skip


@cache
def read_demand(data_dir: Path) -> Demand:
    """The 33,755 LSOA demand points (read and prepared once per process)."""
    lat, lon, pop, areas = [], [], [], []
    with (data_dir / DEMAND_FILE).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lat.append(float(row["latitude"]))
            lon.append(float(row["longitude"]))
            pop.append(float(row["population"]))
            areas.append(row["utla_code"])
    return demand_from(np.array(lat), np.array(lon), np.array(pop), areas)


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
    """One council's figures for one service type (or England's, under ``ENGLAND_CODE``)."""

    code: str
    services: int
    per_100k: float
    mean_nearest_km: float
    share_within: float
    access_per_100k: float


@dataclass(frozen=True)
class CategoryCoverage:
    """One service type's figures for every council, and for England as a whole."""

    areas: tuple[AreaCoverage, ...]
    england: AreaCoverage


@dataclass(frozen=True)
class Metric:
    """A coverage figure a table can be ranked and compared on."""

    key: str
    name: str
    field: str
    higher_is_better: bool

    def of(self, figures: AreaCoverage) -> float:
        """This metric's value in one council's (or England's) figures."""
        return float(getattr(figures, self.field))


METRICS: tuple[Metric, ...] = (
    Metric("per-100k", "Services per 100,000 people", "per_100k", True),
    Metric("nearest-km", "Mean distance to the nearest service", "mean_nearest_km", False),
    Metric("within-5-km", f"Share of people within {WITHIN_KM:g} km", "share_within", True),
    Metric("access", "Access score per 100,000 people", "access_per_100k", True),
)


def coverage(demand: Demand, supply: Supply, catchment_km: float) -> CategoryCoverage:
    """Services per 100k, nearest distance, share within 5 km and Gaussian 2SFCA, per council.

    England's figures are computed the same way over all of England, not averaged over
    councils: a service counts once however many councils it serves, and the distance, share
    and access figures are population-weighted over every LSOA.
    """
    n = len(demand.area_codes)
    index = {code: i for i, code in enumerate(demand.area_codes)}
    population = np.bincount(demand.area_index, weights=demand.population, minlength=n)
    served = [[index[c] for c in codes if c in index] for codes in supply.serves]
    pairs = np.array([i for areas in served for i in areas], dtype=np.intp)
    counts = np.bincount(pairs, minlength=n) if pairs.size else np.zeros(n, dtype=np.intp)
    nearest, access = nearest_and_access(
        demand.points, supply.latitude, supply.longitude, None, catchment_km
    )

    def figures(group: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (
            population_weighted_mean(nearest, demand.population, group, groups),
            share_within(nearest, WITHIN_KM, demand.population, group, groups),
            population_weighted_mean(access, demand.population, group, groups) * 1e5,
        )

    per_100k = rate_per_100k(pairs, population)
    mean_nearest, within, mean_access = figures(demand.area_index, n)
    areas = tuple(
        AreaCoverage(code, int(counts[i]), float(per_100k[i]), float(mean_nearest[i]),
                     float(within[i]), float(mean_access[i]))
        for i, code in enumerate(demand.area_codes)
    )  # fmt: skip
    english_services = sum(1 for areas_served in served if areas_served)
    england_nearest, england_within, england_access = figures(
        np.zeros(demand.area_index.size, dtype=np.intp), 1
    )
    england = AreaCoverage(
        ENGLAND_CODE, english_services,
        float(rate_per_100k(np.zeros(english_services, np.intp), [population.sum()])[0]),
        float(england_nearest[0]), float(england_within[0]), float(england_access[0]),
    )  # fmt: skip
    return CategoryCoverage(areas, england)
