"""Time loading the full postcode file into a scratch SQLite database (and PostgreSQL).

Usage:
    .venv/bin/python bench/load_postcodes.py [--file PATH] [--postgres URL] [--twice]

The PostgreSQL database at URL must exist; its tables are dropped and created afresh, so
point it at a scratch database (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/waymark_geo_bench).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.db import make_engine  # noqa: E402
from directory.loading.geography import POSTCODES_FILE, load_postcodes  # noqa: E402
from directory.models import Base, Postcode  # noqa: E402


def _print_progress(label: str, done: int, total: int | None) -> None:
    """Print one progress line (every ~500k rows, to keep the output short)."""
    if done % 500_000 == 0 or total == done:
        print(f"  {label}: {done:,}" + (f" / ~{total:,}" if total else ""), flush=True)


def bench(url: str, path: Path, twice: bool) -> None:
    """Load the postcodes into a fresh schema at `url`, commit, and print the timings."""
    engine = make_engine(url, create=True)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            started = time.perf_counter()
            rows = load_postcodes(session, path, _print_progress)
            session.commit()
            seconds = time.perf_counter() - started
        rate = rows / seconds
        print(f"{engine.dialect.name}: {rows:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s)")
        if twice:
            with Session(engine) as session:
                started = time.perf_counter()
                again = load_postcodes(session, path)
                session.commit()
                count = session.scalar(select(func.count()).select_from(Postcode))
            print(
                f"{engine.dialect.name}: second run inserted {again} rows in "
                f"{time.perf_counter() - started:.1f} s; table holds {count:,}"
            )
    finally:
        Base.metadata.drop_all(engine)
        engine.dispose()


def main() -> None:
    """Parse the arguments and run the benchmark on each database asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ROOT / "data" / POSTCODES_FILE)
    parser.add_argument("--postgres", metavar="URL", help="also load into this PostgreSQL URL")
    parser.add_argument("--twice", action="store_true", help="time a second (skipped) load too")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as scratch:
            bench(f"sqlite:///{Path(scratch) / 'bench.sqlite3'}", args.file, args.twice)
    if args.postgres:
        bench(args.postgres, args.file, args.twice)


if __name__ == "__main__":
    main()
