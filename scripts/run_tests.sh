#!/usr/bin/env bash
# Run lint and the test suite on SQLite, then on PostgreSQL.
# PostgreSQL: TEST_DATABASE_URL if set; otherwise a scratch database `waymark_test` on the local
# server (127.0.0.1:5432, user postgres) when one answers. Under CI the PostgreSQL lane is required.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/ruff check .
$BIN/ruff format --check .

echo "== SQLite lane =="
TEST_DATABASE_URL= $BIN/pytest -q "$@"

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE IF EXISTS waymark_test WITH (FORCE)' >/dev/null
    psql -q -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE waymark_test' >/dev/null
    export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/waymark_test
  elif [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is not reachable on 127.0.0.1:5432; CI must run the PostgreSQL lane." >&2
    exit 1
  else
    echo "== PostgreSQL lane skipped: no server on 127.0.0.1:5432 and TEST_DATABASE_URL unset =="
    exit 0
  fi
fi
echo "== PostgreSQL lane =="
$BIN/pytest -q "$@"
