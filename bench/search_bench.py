"""Time search at 1k, 10k and 50k services: index build, queries, the /search page, the map.

Usage:
    .venv/bin/python bench/search_bench.py [--sizes 1000,10000,50000] [--queries 200]
                                           [--seed 7] [--profile]

For each size, a scratch SQLite database gets the bundled data (without the 2.7M postcodes)
and that many synthetic services (bench/synthetic.py), then the search index is built and
timed. Latencies are per call, after every distinct query has run once (the first search of
an index generation fills caches). A baseline runs the same words through SQLite FTS5 (BM25
over name, description and category names; a bounding box plus area codes for place) so the
whoosh figures have something to be compared with. Nothing here asserts on time: it prints one
table, then which targets the largest size meets. `--profile` adds a cProfile of the slowest
text+place+facets query at the largest size.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from whoosh.analysis import STOP_WORDS  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from directory import create_app  # noqa: E402
from directory.context import search_index, synonyms, vocabulary  # noqa: E402
from directory.db import get_engine, session_factory  # noqa: E402
from directory.geo.distance import bounding_box, distance_miles  # noqa: E402
from directory.geo.gazetteer import LocatedPoint, LocationError, locate  # noqa: E402
from directory.loading.bundle import load_bundle  # noqa: E402
from directory.maps import MapPoint, TileSource, results_map  # noqa: E402
from directory.models import (  # noqa: E402
    Attribute,
    Base,
    Location,
    Place,
    PostcodeDistrict,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.search.query import SearchRequest, origin_of, search, words_of  # noqa: E402
from directory.search.schema import LAY_STOP_WORDS  # noqa: E402
from directory.searching import rebuild_search_index  # noqa: E402

DATA_DIR = ROOT / "data"
RADIUS_MILES = 10
MAP_POINTS = 1000
# A fixed moment (a Tuesday evening) so "open now" counts the same on every run.
NOW = datetime(2026, 1, 13, 19, 30, tzinfo=UTC)
# Targets at the largest size.
TARGET_FACETED_P95_MS = 50.0
TARGET_PLACE_P95_MS = 20.0
TARGET_PAGE_P95_MS = 150.0
TARGET_MAP_KB = 300.0

# What people type, and the kind of service it most likely means (for the category facet).
TEXT_QUERIES: tuple[tuple[str, str], ...] = (
    ("hearing voices group", "peer_support_group"),
    ("racist abuse", "third_party_reporting_centre"),
    ("someone keeps shouting at me", "asb_case_review"),
    ("crisis cafe", "crisis_cafe_safe_haven"),
    ("social services", "adult_safeguarding_front_door"),
    ("report hate crime", "third_party_reporting_centre"),
    ("neighbours harassing me", "asb_case_review"),
    ("i feel suicidal", "mh_crisis_line"),
    ("someone to talk to", "listening_helpline"),
    ("peer support", "peer_support_group"),
    ("counselling", "talking_therapies_and_community_mh"),
    ("domestic abuse", "idva_domestic_abuse"),
    ("called names in the street", "third_party_reporting_centre"),
    ("homophobic abuse", "hate_crime_helpline"),
    ("advocate mental health act", "independent_advocacy"),
    ("safe place", "safe_place_scheme"),
    ("victim support", "victim_services_hub"),
    ("court witness", "witness_support"),
    ("lonely", "peer_support_group"),
    ("worried about my neighbour being exploited", "adult_safeguarding_front_door"),
    ("cuckooing", "adult_safeguarding_front_door"),
    ("raped", "isva_sexual_violence"),
    ("crisis team", "crisis_team_home_treatment"),
    ("recovery college courses", "recovery_college_education"),
    ("disability hate crime", "hate_crime_casework_advocacy"),
    ("anxiety therapy", "talking_therapies_and_community_mh"),
    ("spat at on the bus", "third_party_reporting_centre"),
    ("bipolar group", "peer_support_group"),
    ("transphobic harassment", "hate_crime_helpline"),
    ("councelling", "talking_therapies_and_community_mh"),  # a typo: exercises fuzzy terms
    ("somewhere to go tonight", "crisis_cafe_safe_haven"),
    ("police non emergency", "police_non_emergency"),
)
# Facets added to text and place: one or two at a time; "{category}" is the query's own type.
FACET_SETS: tuple[dict[str, tuple[str, ...]], ...] = (
    {"category": ("{category}",)},
    {"free": ("yes",)},
    {"open_now": ("yes",)},
    {"category": ("{category}",), "free": ("yes",)},
    {"access": ("walk_in",), "free": ("yes",)},
    {"self_referral": ("yes",)},
    {"category": ("{category}",), "open_now": ("yes",)},
)
PLACE_COUNT = 60
# Distinct calls run untimed before timing a kind (None: all of them). Every word list and place
# once fills the caches a running server would have; mixed calls then need only a few.
WARM = {"text": None, "place": None, "text_place": 10, "faceted": 10, "page": 10}

T = TypeVar("T")


@dataclass
class Timing:
    """Per-call seconds for one kind of call."""

    seconds: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        """Milliseconds at `share` (0-1), nearest-rank; NaN when nothing was timed."""
        if not self.seconds:
            return math.nan
        ordered = sorted(self.seconds)
        rank = max(1, math.ceil(share * len(ordered)))
        return ordered[rank - 1] * 1000

    @property
    def p50(self) -> float:
        """Median in ms."""
        return self.percentile(0.50)

    @property
    def p95(self) -> float:
        """95th percentile in ms."""
        return self.percentile(0.95)


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: int
    services: int = 0
    generate_s: float = 0.0
    index_s: float = 0.0
    first_search_ms: float = 0.0
    timings: dict[str, Timing] = field(default_factory=dict)
    map_kb: float = 0.0
    map_ms: float = 0.0
    mean_hits: dict[str, float] = field(default_factory=dict)
    slowest: tuple[float, Any] | None = None
    errors: list[str] = field(default_factory=list)


def timed(calls: Sequence[T], run: Callable[[T], Any], warm: int | None = None) -> Timing:
    """Time `run` on each call, after running `warm` distinct calls (None: all) untimed."""
    seen: set[str] = set()
    for call in calls:
        if warm is not None and len(seen) >= warm:
            break
        key = repr(call)
        if key not in seen:
            seen.add(key)
            run(call)
    timing = Timing()
    for call in calls:
        started = time.perf_counter()
        run(call)
        timing.seconds.append(time.perf_counter() - started)
    return timing


# --- Set-up -----------------------------------------------------------------------------------


def make_app(db_path: Path, index_dir: Path) -> Flask:
    """An app on `db_path` with its index in `index_dir`, showing example listings."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{db_path}",
            "INDEX_DIR": str(index_dir),
            "DATA_DIR": str(DATA_DIR),
            "INSTANCE_PATH": str(db_path.parent),
            "SHOW_EXAMPLES": True,
        }
    )


def bundle_template(scratch: Path) -> tuple[Path, float]:
    """A database file holding the bundled data (no postcodes), copied for every size."""
    path = scratch / "bundle.sqlite3"
    path.touch()  # the app opens only an existing database file
    app = make_app(path, scratch / "unused-index")
    engine = get_engine(app)
    Base.metadata.create_all(engine)
    started = time.perf_counter()
    with session_factory(app)() as session, session.begin():
        load_bundle(session, DATA_DIR, postcodes=False)
    seconds = time.perf_counter() - started
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path, seconds


def places(app: Flask, seed: int) -> list[tuple[str, LocatedPoint]]:
    """English postcode districts and towns, as typed, with where the gazetteer puts them."""
    rng = random.Random(seed)
    with session_factory(app)() as session:
        districts = list(
            session.scalars(
                select(PostcodeDistrict.outcode)
                .where(PostcodeDistrict.country == "England", PostcodeDistrict.status == "live")
                .order_by(PostcodeDistrict.outcode)
            )
        )
        towns = list(
            session.scalars(
                select(Place.name)
                .where(Place.country == "England", Place.place_type.in_(("Town", "City")))
                .order_by(Place.name)
            )
        )
        wanted = rng.sample(districts, PLACE_COUNT * 2 // 3) + rng.sample(towns, PLACE_COUNT // 3)
        found = []
        for text in wanted:
            try:
                found.append((text, locate(session, text)))
            except LocationError:
                continue
    return found


# --- The calls being timed --------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One search: words, a place (as typed) and facets."""

    text: str = ""
    where: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def url(self) -> str:
        """The /search URL a person's browser would request."""
        args: list[tuple[str, str]] = [("q", self.text), ("where", self.where),
                                       ("radius", str(RADIUS_MILES))]  # fmt: skip
        args += [(key, value) for key, values in self.filters for value in values]
        return "/search?" + urlencode([(k, v) for k, v in args if v])


def calls(count: int, seed: int, located: list[tuple[str, LocatedPoint]]) -> dict[str, list[Call]]:
    """The same pseudo-random calls for every size and engine."""
    rng = random.Random(seed)
    result: dict[str, list[Call]] = {"text": [], "place": [], "text_place": [], "faceted": []}
    for i in range(count):
        text, category = TEXT_QUERIES[i % len(TEXT_QUERIES)]
        where = located[rng.randrange(len(located))][0]
        facet_set = FACET_SETS[rng.randrange(len(FACET_SETS))]
        filters = tuple(
            (key, tuple(v.format(category=category) for v in values))
            for key, values in facet_set.items()
        )
        result["text"].append(Call(text=text))
        result["place"].append(Call(where=located[i % len(located)][0]))
        result["text_place"].append(Call(text=text, where=where))
        result["faceted"].append(Call(text=text, where=where, filters=filters))
    return result


class Searcher:
    """Runs calls through `directory.search.query.search`, places already located."""

    def __init__(self, app: Flask, located: list[tuple[str, LocatedPoint]]) -> None:
        self.index = search_index(app)
        with app.app_context():
            self.synonyms = synonyms()
        self.origins = {text: origin_of(point) for text, point in located}
        self.hits: dict[str, list[int]] = {}

    def __call__(self, call: Call) -> int:
        request = SearchRequest(
            text=call.text,
            origin=self.origins[call.where] if call.where else None,
            radius_miles=float(RADIUS_MILES),
            filters=dict(call.filters),
        )
        outcome = search(self.index, request, synonyms=self.synonyms, now=NOW)
        return len(outcome.results) + len(outcome.national)


# --- The FTS5 baseline ------------------------------------------------------------------------


class Fts5:
    """The same services in an in-memory SQLite FTS5 table, searched with BM25."""

    STOP = frozenset(STOP_WORDS) | LAY_STOP_WORDS

    def __init__(self, db_path: Path, located: list[tuple[str, LocatedPoint]]) -> None:
        source = sqlite3.connect(db_path)
        self.db = sqlite3.connect(":memory:")
        self.db.executescript(
            """
            CREATE VIRTUAL TABLE doc USING fts5(
                name, description, categories, tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TABLE point (doc INTEGER, lat REAL, lon REAL);
            CREATE INDEX point_lat ON point (lat, lon);
            CREATE TABLE area (code TEXT, doc INTEGER);
            CREATE INDEX area_code ON area (code);
            """
        )
        rowids: dict[str, int] = {}
        rows = source.execute(
            """
            SELECT s.id, s.name,
                   coalesce(s.description, '') || ' ' || coalesce(s.eligibility_description, '')
                       || ' ' || coalesce(s.application_process, ''),
                   coalesce((SELECT group_concat(t.name, ' ') FROM attribute a
                             JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
                             WHERE a.link_id = s.id AND a.link_type = 'category'), '')
            FROM service s WHERE s.status != 'defunct'
            """
        )
        for number, (service_id, name, description, categories) in enumerate(rows, 1):
            rowids[service_id] = number
            self.db.execute(
                "INSERT INTO doc (rowid, name, description, categories) VALUES (?, ?, ?, ?)",
                (number, name, description, categories),
            )
        self.points: dict[int, list[tuple[float, float]]] = {}
        for service_id, lat, lon in source.execute(
            """
            SELECT sal.service_id, l.latitude, l.longitude FROM service_at_location sal
            JOIN location l ON l.id = sal.location_id
            WHERE NOT l.is_confidential AND l.latitude IS NOT NULL
            """
        ):
            if service_id in rowids:
                doc = rowids[service_id]
                self.points.setdefault(doc, []).append((lat, lon))
                self.db.execute("INSERT INTO point VALUES (?, ?, ?)", (doc, lat, lon))
        self.db.executemany(
            "INSERT INTO area VALUES (?, ?)",
            (
                (code, rowids[service_id])
                for service_id, code in source.execute(
                    "SELECT service_id, area_code FROM service_area"
                )
                if service_id in rowids
            ),
        )
        self.db.commit()
        source.close()
        self.origins = {text: origin_of(point) for text, point in located}

    def match(self, text: str) -> str:
        """An FTS5 OR query of the words, filler words dropped (as the whoosh analyzer does)."""
        words = [w for w in words_of(text) if w not in self.STOP]
        return " OR ".join(f'"{w}"' for w in words) or '""'

    def __call__(self, call: Call) -> int:
        match = self.match(call.text)
        if not call.where:
            rows = self.db.execute(
                "SELECT rowid, bm25(doc, 3.0, 1.0, 2.0) AS score FROM doc WHERE doc MATCH ?"
                " ORDER BY score",
                (match,),
            ).fetchall()
            return len(rows)
        origin = self.origins[call.where]
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            origin.latitude, origin.longitude, RADIUS_MILES
        )
        codes = [*origin.local_codes, *origin.national_codes]
        rows = self.db.execute(
            f"""
            SELECT rowid, bm25(doc, 3.0, 1.0, 2.0) AS score FROM doc
            WHERE doc MATCH ? AND +rowid IN (
                SELECT doc FROM point WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
                UNION SELECT doc FROM area WHERE code IN ({",".join("?" * len(codes))}))
            """,
            (match, min_lat, max_lat, min_lon, max_lon, *codes),
        ).fetchall()
        # Then rank as the site does: relevance blended with nearness.
        top = min((score for _, score in rows), default=-1.0) or -1.0
        ranked = []
        for doc, score in rows:
            nearest = min(
                (distance_miles(origin.latitude, origin.longitude, lat, lon)
                 for lat, lon in self.points.get(doc, ())),
                default=math.inf,
            )  # fmt: skip
            nearness = 1 - min(nearest, RADIUS_MILES) / RADIUS_MILES
            ranked.append((0.65 * score / top + 0.35 * nearness, doc))
        ranked.sort(reverse=True)
        return len(ranked)


# --- The map ----------------------------------------------------------------------------------


def map_points(app: Flask) -> tuple[list[MapPoint], dict[str, str]]:
    """Up to MAP_POINTS public service points from the database, as the results map gets them."""
    with app.app_context(), session_factory(app)() as session:
        names = {term.code: term.name for term in vocabulary().categories}
        first_category = (
            select(Attribute.link_id, func.min(TaxonomyTerm.code).label("code"))
            .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
            .where(Attribute.link_type == "category")
            .group_by(Attribute.link_id)
            .subquery()
        )
        rows = session.execute(
            select(Service.id, Service.name, Location.latitude, Location.longitude,
                   first_category.c.code)
            .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .join(first_category, first_category.c.link_id == Service.id)
            .where(Location.is_confidential.is_(False), Location.latitude.is_not(None))
            .order_by(Service.id)
            .limit(MAP_POINTS)
        ).all()  # fmt: skip
    points = [
        MapPoint(lat, lon, name, f"/services/{service_id}", code, names.get(code, "Other"),
                 f"{(i % 97) / 10:.1f} miles")
        for i, (service_id, name, lat, lon, code) in enumerate(rows)
    ]  # fmt: skip
    # Small databases have fewer points: repeat them, nudged, to always draw MAP_POINTS.
    copies = [
        MapPoint(p.latitude + 0.001 * (i // len(points)), p.longitude, p.title, p.url,
                 p.category_code, p.category_name, p.detail)
        for i, p in enumerate(points[i % len(points)] for i in range(MAP_POINTS - len(points)))
    ] if points else []  # fmt: skip
    return points + copies, names


def time_map(app: Flask) -> tuple[float, float]:
    """Size (KB) and median build time (ms) of a results map of MAP_POINTS points."""
    points, names = map_points(app)
    centre = (points[0].latitude, points[0].longitude) if points else None

    def build(_: int) -> str:
        return results_map(points, tiles=TileSource(), centre=centre,
                           radius_miles=RADIUS_MILES, category_names=names).html  # fmt: skip

    html = build(0)
    timing = timed(list(range(5)), build, warm=0)
    return len(html.encode("utf-8")) / 1024, timing.p50


# --- One size ---------------------------------------------------------------------------------


def run_size(
    size: int, template: Path, scratch: Path, args: argparse.Namespace, profile: bool
) -> SizeResult:
    """Build a database and index of `size` synthetic services, and time everything."""
    result = SizeResult(size)
    db_path = scratch / f"bench-{size}.sqlite3"
    shutil.copyfile(template, db_path)
    app = make_app(db_path, scratch / f"index-{size}")
    step = f"[{size:,}]"

    started = time.perf_counter()
    with session_factory(app)() as session, session.begin():
        generate(session, size, args.seed)
    result.generate_s = time.perf_counter() - started
    print(f"{step} generated {size:,} services in {result.generate_s:.1f} s", flush=True)

    started = time.perf_counter()
    with app.app_context(), session_factory(app)() as session:
        result.services = rebuild_search_index(session, Path(app.config["INDEX_DIR"]), vocabulary())
    result.index_s = time.perf_counter() - started
    print(f"{step} indexed {result.services:,} services in {result.index_s:.1f} s", flush=True)

    located = places(app, args.seed)
    work = calls(args.queries, args.seed, located)
    searcher = Searcher(app, located)
    started = time.perf_counter()
    searcher(work["faceted"][0])
    result.first_search_ms = (time.perf_counter() - started) * 1000

    for kind in ("text", "place", "text_place", "faceted"):
        counts: list[int] = []

        def run(call: Call, counts: list[int] = counts) -> None:
            counts.append(searcher(call))

        result.timings[kind] = timed(work[kind], run, WARM[kind])
        result.mean_hits[kind] = statistics.fmean(counts[-len(work[kind]) :])
        print(f"{step} {kind}: p95 {result.timings[kind].p95:.1f} ms", flush=True)

    slow = max(zip(result.timings["faceted"].seconds, work["faceted"], strict=True),
               key=lambda pair: pair[0])  # fmt: skip
    result.slowest = slow
    if profile:
        profile_call(searcher, slow[1])

    client = app.test_client()

    def page(call: Call) -> None:
        response = client.get(call.url())
        if response.status_code != 200:
            raise RuntimeError(f"{call.url()} answered {response.status_code}")

    try:
        result.timings["page"] = timed(work["faceted"], page, WARM["page"])
        print(f"{step} /search page: p95 {result.timings['page'].p95:.1f} ms", flush=True)
    except Exception as error:  # a broken page should not lose the other figures
        result.timings["page"] = Timing()
        result.errors.append(f"/search page failed at {size:,}: {type(error).__name__}: {error}")
        print(f"{step} {result.errors[-1]}", flush=True)

    result.map_kb, result.map_ms = time_map(app)

    started = time.perf_counter()
    fts = Fts5(db_path, located)
    print(f"{step} FTS5 table built in {time.perf_counter() - started:.1f} s", flush=True)
    result.timings["fts_text"] = timed(work["text"], fts)
    result.timings["fts_text_place"] = timed(work["text_place"], fts, WARM["text_place"])
    fts.db.close()

    search_index(app).close()
    get_engine(app).dispose()
    db_path.unlink()
    shutil.rmtree(scratch / f"index-{size}", ignore_errors=True)
    return result


def profile_call(searcher: Searcher, call: Call) -> None:
    """Print where one search's time goes (repeated, so the figures are steady)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        searcher(call)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    print(f"\ncProfile, 10 x {call.url()}\n{out.getvalue()}")


# --- Report -----------------------------------------------------------------------------------


def _ms(timing: Timing) -> str:
    return f"{timing.p50:7.1f} / {timing.p95:7.1f}"


def _ratio(a: Timing, b: Timing) -> str:
    return f"{a.p50 / b.p50:6.1f}x / {a.p95 / b.p95:6.1f}x"


def report(results: list[SizeResult], bundle_s: float, queries: int) -> None:
    """Print the one table, then the targets at the largest size."""
    rows: list[tuple[str, Callable[[SizeResult], str]]] = [
        ("services in index", lambda r: f"{r.services:,}"),
        ("generate synthetic (s)", lambda r: f"{r.generate_s:.1f}"),
        ("index build (s)", lambda r: f"{r.index_s:.1f}"),
        ("first search, cold (ms)", lambda r: f"{r.first_search_ms:.0f}"),
        ("search text-only p50/p95 ms", lambda r: _ms(r.timings["text"])),
        ("search place-only p50/p95 ms", lambda r: _ms(r.timings["place"])),
        ("search text+place p50/p95 ms", lambda r: _ms(r.timings["text_place"])),
        ("search text+place+facets p50/p95", lambda r: _ms(r.timings["faceted"])),
        ("/search page p50/p95 ms", lambda r: _ms(r.timings["page"])),
        ("FTS5 text-only p50/p95 ms", lambda r: _ms(r.timings["fts_text"])),
        ("FTS5 text+place p50/p95 ms", lambda r: _ms(r.timings["fts_text_place"])),
        ("whoosh/FTS5 text-only p50/p95",
         lambda r: _ratio(r.timings["text"], r.timings["fts_text"])),
        ("whoosh/FTS5 text+place p50/p95",
         lambda r: _ratio(r.timings["text_place"], r.timings["fts_text_place"])),
        ("mean results text / place",
         lambda r: f"{r.mean_hits['text']:.0f} / {r.mean_hits['place']:.0f}"),
        ("mean results text+place / +facets",
         lambda r: f"{r.mean_hits['text_place']:.0f} / {r.mean_hits['faceted']:.0f}"),
        (f"results map {MAP_POINTS:,} points KB", lambda r: f"{r.map_kb:.0f}"),
        (f"results map {MAP_POINTS:,} points ms", lambda r: f"{r.map_ms:.0f}"),
    ]  # fmt: skip
    label_width = max(len(label) for label, _ in rows)
    cells = [[cell(r) for r in results] for _, cell in rows]
    width = max(20, *(len(c) for row in cells for c in row))
    header = (
        " " * label_width
        + " | "
        + " | ".join(f"{r.size:,} synthetic".rjust(width) for r in results)
    )
    print()
    print(
        f"Search benchmark: {queries} calls per kind, radius {RADIUS_MILES} miles; bundled data "
        f"loaded in {bundle_s:.1f} s (without postcodes); times are per call, warm."
    )
    print(header)
    print("-" * len(header))
    for (label, _), row in zip(rows, cells, strict=True):
        print(label.ljust(label_width) + " | " + " | ".join(c.rjust(width) for c in row))

    for error in (e for r in results for e in r.errors):
        print(f"ERROR {error}")
    last = results[-1]
    faceted, place, page = last.timings["faceted"], last.timings["place"], last.timings["page"]
    checks = [
        (f"search p95 text+place+facets <= {TARGET_FACETED_P95_MS:g} ms", faceted.p95,
         TARGET_FACETED_P95_MS, "ms"),
        (f"search p95 place-only <= {TARGET_PLACE_P95_MS:g} ms", place.p95,
         TARGET_PLACE_P95_MS, "ms"),
        (f"/search page p95 <= {TARGET_PAGE_P95_MS:g} ms", page.p95, TARGET_PAGE_P95_MS, "ms"),
        (f"map <= {TARGET_MAP_KB:g} KB for {MAP_POINTS:,} points", last.map_kb,
         TARGET_MAP_KB, "KB"),
    ]  # fmt: skip
    print(f"\nTargets at {last.size:,} services:")
    for label, value, limit, unit in checks:
        verdict = "met" if value <= limit else "MISSED"
        print(f"  {verdict:6} {label}: {value:.1f} {unit}")
    if last.size < 50_000:
        print("  (targets are for 50,000 services; run with --sizes ...,50000 to check them)")
    if last.slowest:
        seconds, call = last.slowest
        print(f"  slowest text+place+facets search: {seconds * 1000:.0f} ms for {call.url()}")


def main() -> None:
    """Parse the arguments, run every size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000",
                        help="comma-separated numbers of synthetic services")  # fmt: skip
    parser.add_argument("--queries", type=int, default=200, help="timed calls per kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the slowest faceted search at the largest size")  # fmt: skip
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="waymark-bench-") as tmp:
        scratch = Path(tmp)
        template, bundle_s = bundle_template(scratch)
        results = [
            run_size(size, template, scratch, args, profile=args.profile and size == sizes[-1])
            for size in sizes
        ]
    report(results, bundle_s, args.queries)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
