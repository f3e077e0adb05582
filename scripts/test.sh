#!/usr/bin/env bash
# Set up and run every check and test:  bash scripts/test.sh [extra pytest arguments]
# Creates .venv, installs Tally with its dev extra, runs ruff, mypy and pytest. PostgreSQL tests
# use TEST_POSTGRES_URL when it is set; otherwise a throwaway server is started when PostgreSQL is
# installed (and they are skipped when it is not, unless TALLY_REQUIRE_POSTGRES=1).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy --strict (knowledge, db)"
.venv/bin/mypy

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    eval "$(bash scripts/postgres.sh start)"
    trap 'bash scripts/postgres.sh stop "$TALLY_PG_DIR"' EXIT
  else
    echo "note: PostgreSQL is not installed; its tests are skipped (see README)" >&2
  fi
fi

echo "== pytest"
.venv/bin/python -m pytest "$@"
