"""Time the gap metrics for every category over a 50k-service synthetic directory.

Usage:
    .venv/bin/python bench/gaps_bench.py [--services 50000] [--seed 11]
                                         [--naive-demand 2000] [--naive-supply 1000]
                                         [--catchments 10,30] [--repeat 3] [--workers N]

Demand: the bundled LSOA 2021 population-weighted points (data/lsoa21_demand_points_england.csv,
33,755 rows). Supply: synthetic services, sampled near demand points (population-weighted, a
few km of jitter), split over 26 category codes; each serves its own upper-tier authority and
one in five also serves a second one. For every category it runs the site's own
``directory.gaps.coverage.coverage``: services per 100k, population-weighted mean distance to
the nearest service, share within 5 km and Gaussian 2SFCA with the category's catchment
(categories.yaml, or an even spread with --catchments) for every UTLA, and England's values.
It prints the best of --repeat runs on one thread, and on a thread pool over categories
(--workers, default the usable cores). Preparing the demand points happens once per process
and is timed apart.
Then, for one category on a subsample, it times the vectorised functions against the naive
pure-Python loops and prints the ratio. Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.gaps.analysis import (  # noqa: E402
    gaussian_2sfca,
    naive_gaussian_2sfca,
    naive_nearest_km,
    nearest_km,
)
from directory.gaps.coverage import (  # noqa: E402
    CategoryCoverage,
    Demand,
    Supply,
    coverage,
    demand_from,
)

DEMAND_CSV = ROOT / "data" / "lsoa21_demand_points_england.csv"
N_CATEGORIES = 26
TARGET_SECONDS = 2.0


def load_demand() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """LSOA latitude, longitude, population, UTLA index per LSOA, and the UTLA codes."""
    with DEMAND_CSV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    lat = np.array([float(r["latitude"]) for r in rows])
    lon = np.array([float(r["longitude"]) for r in rows])
    pop = np.array([float(r["population"]) for r in rows])
    codes, utla = np.unique([r["utla_code"] for r in rows], return_inverse=True)
    return lat, lon, pop, utla.astype(np.intp), [str(c) for c in codes]


def synthetic_supply(
    lat: np.ndarray,
    lon: np.ndarray,
    pop: np.ndarray,
    utla: np.ndarray,
    n_utla: int,
    n_services: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Seeded synthetic services: position, category, and (service, UTLA) serving pairs."""
    rng = np.random.default_rng(seed)
    origin = rng.choice(lat.size, size=n_services, p=pop / pop.sum())
    s_lat = lat[origin] + rng.normal(0.0, 0.02, n_services)  # ~2 km
    s_lon = lon[origin] + rng.normal(0.0, 0.03, n_services)
    category = rng.integers(0, N_CATEGORIES, n_services)
    home = utla[origin]
    extra = rng.random(n_services) < 0.2
    second = rng.integers(0, n_utla, n_services)
    pair_service = np.concatenate([np.arange(n_services), np.flatnonzero(extra)])
    pair_area = np.concatenate([home, second[extra]])
    return {
        "lat": s_lat,
        "lon": s_lon,
        "category": category,
        "pair_service": pair_service,
        "pair_area": pair_area,
    }


CATCHMENT_KM: tuple[float, float] | None = None


def _site_catchments() -> list[float]:
    from directory.config import PROJECT_ROOT
    from directory.vocabulary import vocabulary_in

    terms = vocabulary_in(PROJECT_ROOT / "data").categories
    return [terms[i % len(terms)].catchment_km for i in range(N_CATEGORIES)]


def catchment_km(category: int) -> float:
    """The site's catchment for the category (categories.yaml), or an even spread if asked."""
    if CATCHMENT_KM is None:
        return _site_catchments()[category]
    low, high = CATCHMENT_KM
    return low + (high - low) * category / (N_CATEGORIES - 1)


def category_supplies(supply: dict[str, np.ndarray], utla_codes: Sequence[str]) -> list[Supply]:
    """The synthetic services split by category, as the site's coverage() takes them."""
    serves: list[list[str]] = [[] for _ in range(supply["lat"].size)]
    for service, area in zip(supply["pair_service"], supply["pair_area"], strict=True):
        serves[service].append(utla_codes[area])
    out = []
    for c in range(N_CATEGORIES):
        members = np.flatnonzero(supply["category"] == c)
        out.append(
            Supply(
                supply["lat"][members],
                supply["lon"][members],
                tuple(tuple(serves[m]) for m in members),
            )
        )
    return out


def all_metrics(demand: Demand, supplies: Sequence[Supply], workers: int) -> list[CategoryCoverage]:
    """Every metric for every category and council, and England's: what /gaps caches.

    ``workers`` > 1 runs categories on a thread pool: the k-d tree searches and numpy's
    array passes release the GIL, so two categories can run on two cores at once.
    """

    def one(c: int) -> CategoryCoverage:
        return coverage(demand, supplies[c], catchment_km(c))

    if workers == 1:
        return [one(c) for c in range(len(supplies))]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(len(supplies))))


def _time(run: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings), timings


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--naive-demand", type=int, default=2000)
    parser.add_argument("--naive-supply", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--workers", type=int, default=0, help="threads over categories (default: usable cores)"
    )
    parser.add_argument(
        "--catchments", default="", help="min,max 2SFCA catchment in km (default: categories.yaml)"
    )
    args = parser.parse_args()
    global CATCHMENT_KM
    if args.catchments:
        low, high = (float(x) for x in args.catchments.split(","))
        CATCHMENT_KM = (low, high)

    lat, lon, pop, utla, codes = load_demand()
    n_utla = len(codes)
    supply = synthetic_supply(lat, lon, pop, utla, n_utla, args.services, args.seed)
    print(
        f"demand points: {lat.size:,} LSOAs, {n_utla} UTLAs; services: {args.services:,} "
        f"in {N_CATEGORIES} categories; catchments "
        f"{min(map(catchment_km, range(N_CATEGORIES))):.0f}-"
        f"{max(map(catchment_km, range(N_CATEGORIES))):.0f} km"
    )

    start = time.perf_counter()
    demand = demand_from(lat, lon, pop, [codes[i] for i in utla])
    print(f"demand points prepared (once per process): {time.perf_counter() - start:.3f} s")
    supplies = category_supplies(supply, codes)
    workers = args.workers or len(os.sched_getaffinity(0))
    for n_workers in sorted({1, workers}):
        best, timings = _time(lambda w=n_workers: all_metrics(demand, supplies, w), args.repeat)
        verdict = "met" if best <= TARGET_SECONDS else "NOT met"
        print(
            f"all metrics, all categories, {n_workers} thread{'s' if n_workers > 1 else ''}: "
            f"best {best:.3f} s, runs "
            + ", ".join(f"{t:.3f}" for t in timings)
            + f" (target <= {TARGET_SECONDS:.0f} s: {verdict})"
        )
    metrics = all_metrics(demand, supplies, workers)
    served = sum(pop.sum() * m.england.access_per_100k / 1e5 for m in metrics)
    print(
        f"check: England's access score x population, over categories = {served:,.1f} "
        "(the services with demand in their catchment)"
    )

    # Vectorised vs naive pure Python on a subsample, one category.
    rng = np.random.default_rng(args.seed + 1)
    di = rng.choice(lat.size, size=min(args.naive_demand, lat.size), replace=False)
    sel = np.flatnonzero(supply["category"] == 0)
    si = rng.choice(sel, size=min(args.naive_supply, sel.size), replace=False)
    d_lat, d_lon, d_pop = lat[di], lon[di], pop[di]
    s_lat, s_lon = supply["lat"][si], supply["lon"][si]
    radius = catchment_km(0)

    start = time.perf_counter()
    fast_near = nearest_km(d_lat, d_lon, s_lat, s_lon)
    fast_access = gaussian_2sfca(d_lat, d_lon, d_pop, s_lat, s_lon, None, radius)
    fast = time.perf_counter() - start

    lists = [a.tolist() for a in (d_lat, d_lon, d_pop, s_lat, s_lon)]
    start = time.perf_counter()
    slow_near = naive_nearest_km(lists[0], lists[1], lists[3], lists[4])
    slow_access = naive_gaussian_2sfca(*lists, None, radius)
    slow = time.perf_counter() - start

    near_err = float(np.max(np.abs(fast_near - np.array(slow_near))))
    access_err = float(np.max(np.abs(fast_access - np.array(slow_access))))
    print(
        f"one category, {di.size:,} demand x {si.size:,} supply (nearest + 2SFCA): "
        f"vectorised {fast * 1000:.1f} ms, naive {slow:.2f} s, ratio {slow / fast:,.0f}x "
        f"(max |diff| nearest {near_err:.1e} km, access {access_err:.1e})"
    )


if __name__ == "__main__":
    main()
