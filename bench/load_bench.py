"""Load: the site under gunicorn (2 workers) on loopback, 50k synthetic services, 60 s of traffic.

Usage:
    .venv/bin/python bench/load_bench.py [--size 50000] [--duration 60] [--users 4]
                                         [--workers 2] [--seed 7]

A scratch SQLite database gets the bundled data (no full postcodes) and `--size` synthetic
services (bench/synthetic.py), the search index is built, and gunicorn serves it on 127.0.0.1
with maps drawn without tiles. A closed-loop load generator in this process (`--users`
threads, each sending its next request as soon as the last one answers) then sends a fixed mix
for `--duration` seconds: searches (text, place, both, with facets; the results map), service
pages, pathways near a place, and Open Referral UK API lists, searches and records. Every
request goes to 127.0.0.1 only, and the run stops by itself.

It prints requests per second, p50/p95/p99 latency overall and per kind, errors (anything
but a 200, or no answer), and the resident memory of each gunicorn worker at the start and
the end of the timed run. The load generator shares the machine's cores with the server, so
the figures are a floor for what the server alone could do. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from directory import create_app  # noqa: E402
from directory.context import vocabulary  # noqa: E402
from directory.db import get_engine, session_factory  # noqa: E402
from directory.loading.bundle import load_bundle  # noqa: E402
from directory.models import Base, Place, PostcodeDistrict, Service  # noqa: E402
from directory.searching import rebuild_search_index  # noqa: E402

DATA_DIR = ROOT / "data"
# Written once a site folder holds a complete database and index, so `--site` can reuse it.
BUILT = "BUILT"
PHRASES = [
    "hearing voices group",
    "someone keeps shouting at me",
    "crisis cafe",
    "hate crime",
    "peer support",
    "advocacy",
    "victim support",
    "domestic abuse",
    "neighbours harassing me",
    "safe haven",
]
FACETS = [
    {"category": "peer_support_group"},
    {"category": "hate_crime_helpline"},
    {"access": "phone"},
    {"category": "crisis_cafe_safe_haven", "access": "walk_in"},
]
PATHWAYS = [
    "mental-health-crisis",
    "something-hateful-happened",
    "support-after-a-crime",
    "worried-about-an-adult",
    "peer-and-community-support",
    "befriended-and-exploited",
]
# What a request is, and how often it comes up in the mix (weights add to 100).
MIX = [
    ("search: place", 15),
    ("search: text+place", 15),
    ("search: text+place+facets", 10),
    ("search: text only", 5),
    ("search: results map", 5),
    ("service page", 20),
    ("pathway near a place", 10),
    ("api: services list", 5),
    ("api: services search", 5),
    ("api: service record", 5),
    ("api: service_at_locations near", 5),
]


@dataclass
class Targets:
    """Things to ask for, drawn once from the scratch database."""

    service_ids: list[str]
    districts: list[str]
    towns: list[str]


@dataclass
class Results:
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.seconds[kind].append(seconds)
            if problem:
                self.errors[kind] += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(f"{kind}: {problem}")


# --- Set-up -----------------------------------------------------------------------------------


def build_site(scratch: Path, size: int, seed: int) -> tuple[dict[str, str], Targets]:
    """A database with the bundled data and `size` synthetic services, and its index."""
    db_path, index_dir = scratch / "load.sqlite3", scratch / "index"
    db_path.touch()  # the app opens only an existing database file
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{db_path}", "INDEX_DIR": str(index_dir)}
    )
    engine = get_engine(app)
    if (scratch / BUILT).exists():
        print(f"reusing the site built earlier in {scratch}")
    else:
        Base.metadata.create_all(engine)
        started = time.perf_counter()
        with session_factory(app)() as session, session.begin():
            load_bundle(session, DATA_DIR, postcodes=False)
            generate(session, size, seed)
        elapsed = time.perf_counter() - started
        print(f"bundled data and {size:,} synthetic services in {elapsed:.0f} s")
        started = time.perf_counter()
        with app.app_context(), session_factory(app)() as session:
            count = rebuild_search_index(session, index_dir, vocabulary())
        print(f"indexed {count:,} services in {time.perf_counter() - started:.0f} s")
        (scratch / BUILT).write_text(f"{size} {seed}\n", encoding="utf-8")
    rng = random.Random(seed)
    with session_factory(app)() as session:
        ids = [str(i) for i in session.scalars(select(Service.id))]
        districts = list(session.scalars(select(PostcodeDistrict.outcode)))
        towns = list(
            session.scalars(
                select(Place.name).where(
                    Place.country == "England", Place.place_type.in_(("Town", "City"))
                )
            )
        )
    engine.dispose()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "DIRECTORY_INSTANCE_PATH": str(scratch),
        "DIRECTORY_INDEX_DIR": str(index_dir),
        "DIRECTORY_MAP_TILES": "none",
        "SECRET_KEY": "load-bench-only",
    }
    targets = Targets(
        service_ids=rng.sample(ids, min(2_000, len(ids))),
        districts=rng.sample([d for d in districts if d[:2].isalpha()], 200),
        towns=rng.sample(towns, 100),
    )
    return env, targets


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    out = log.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:directory.serving",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "directory:create_app()",
        ],
        env=env,
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start in 60 s")


def worker_rss_mb(master: int) -> dict[int, float]:
    """Resident memory (MB) of each process whose parent is `master` (gunicorn's workers)."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            found[int(proc.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return found


# --- The mix ----------------------------------------------------------------------------------


def request_for(kind: str, rng: random.Random, targets: Targets) -> str:
    """The path and query of one request of `kind`."""
    place = rng.choice(targets.districts if rng.random() < 0.7 else targets.towns)
    phrase = rng.choice(PHRASES)
    if kind == "search: place":
        return "/search?" + urlencode({"where": place})
    if kind == "search: text+place":
        return "/search?" + urlencode({"q": phrase, "where": place})
    if kind == "search: text+place+facets":
        return "/search?" + urlencode({"q": phrase, "where": place, **rng.choice(FACETS)})
    if kind == "search: text only":
        return "/search?" + urlencode({"q": phrase})
    if kind == "search: results map":
        return "/search/map?" + urlencode({"q": phrase, "where": place})
    if kind == "service page":
        return f"/services/{rng.choice(targets.service_ids)}"
    if kind == "pathway near a place":
        return f"/pathways/{rng.choice(PATHWAYS)}?" + urlencode({"near": place})
    if kind == "api: services list":
        return f"/api/services?page={rng.randint(1, 100)}&per_page=20"
    if kind == "api: services search":
        return "/api/services?" + urlencode({"search": phrase})
    if kind == "api: service record":
        return f"/api/services/{rng.choice(targets.service_ids)}"
    if kind == "api: service_at_locations near":
        district = rng.choice(targets.districts)
        return "/api/service_at_locations?" + urlencode({"postcode": district, "proximity": 8000})
    raise ValueError(kind)


def fetch(base: str, path: str) -> str | None:
    """Send one GET; None when it answered 200 and its body was read, else what went wrong.

    http.client rather than urllib: the generator shares the cores with the server, and
    urllib's opener machinery adds to every request's cost.
    """
    host, _, port = base.removeprefix("http://").partition(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return None if response.status == 200 else f"{response.status} {path}"
    except (OSError, http.client.HTTPException) as error:
        return f"{type(error).__name__} {path}"
    finally:
        connection.close()


def user(base: str, targets: Targets, seed: int, stop_at: float, results: Results) -> None:
    """One closed-loop user: the next request as soon as the last one answers, until stop_at."""
    rng = random.Random(seed)
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    while time.monotonic() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        path = request_for(kind, rng, targets)
        started = time.perf_counter()
        problem = fetch(base, path)
        results.record(kind, time.perf_counter() - started, problem)


def run_load(base: str, targets: Targets, users: int, seconds: float, seed: int) -> Results:
    results = Results()
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=user, args=(base, targets, seed + n, stop_at, results))
        for n in range(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- Report -----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(results: Results, seconds: float, rss_start: dict, rss_end: dict) -> None:
    every = [s for values in results.seconds.values() for s in values]
    errors = sum(results.errors.values())
    print()
    print(f"{'kind':34} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind, _ in MIX:
        values = results.seconds.get(kind, [])
        if values:
            print(
                f"{kind:34} {len(values):6d} {percentile(values, 50) * 1000:8.0f} "
                f"{percentile(values, 95) * 1000:8.0f} {percentile(values, 99) * 1000:8.0f} "
                f"{results.errors.get(kind, 0):7d}"
            )
    rate = len(every) / seconds
    p50, p95, p99 = (percentile(every, p) * 1000 for p in (50, 95, 99))
    print(
        f"{'all':34} {len(every):6d} {p50:8.0f} {p95:8.0f} {p99:8.0f} {errors:7d}"
        f"   (mean {statistics.fmean(every) * 1000:.0f} ms)"
    )
    print()
    print(f"requests/s: {rate:.1f} over {seconds:.0f} s")
    print(f"latency ms: p50 {p50:.0f}, p95 {p95:.0f}, p99 {p99:.0f}")
    print(f"errors: {errors} of {len(every)}")
    for sample in results.error_samples:
        print(f"  e.g. {sample}")
    for pid in sorted(set(rss_start) | set(rss_end)):
        start, end = rss_start.get(pid), rss_end.get(pid)
        start_text = f"{start:.0f} MB" if start else "(not yet started)"
        end_text = f"{end:.0f} MB" if end else "(gone: restarted)"
        print(f"worker {pid} RSS: {start_text} at start, {end_text} at end")
    print()
    print(f"target >= 100 requests/s: {'met' if rate >= 100 else 'NOT met'}")
    print(f"target p99 <= 500 ms:     {'met' if p99 <= 500 else 'NOT met'}")
    print(f"target zero errors:       {'met' if errors == 0 else 'NOT met'}")
    print(f"(load generator and server share {os.cpu_count()} cores; other work on the machine "
          "competes too)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--site",
        type=Path,
        help="keep the built site in this folder and reuse it next time (same --size and --seed)",
    )
    args = parser.parse_args()

    scratch = args.site or Path(tempfile.mkdtemp(prefix="waymark-load-"))
    scratch.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        env, targets = build_site(scratch, args.size, args.seed)
        port = free_port()
        server = start_gunicorn(env, port, args.workers, scratch / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        print(f"gunicorn: {args.workers} sync workers on {base}; warming up for 10 s")
        run_load(base, targets, args.users, 10, args.seed + 1000)
        rss_start = worker_rss_mb(server.pid)
        print(f"load: {args.users} users for {args.duration:.0f} s")
        started = time.monotonic()
        results = run_load(base, targets, args.users, args.duration, args.seed)
        elapsed = time.monotonic() - started
        rss_end = worker_rss_mb(server.pid)
        report(results, elapsed, rss_start, rss_end)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.site is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
