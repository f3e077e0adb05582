#!/usr/bin/env bash
# Set up and run Tally:  bash scripts/run.sh [python -m bot arguments]
# Creates .venv, installs Tally, and runs the bot; with no DISCORD_TOKEN it starts the local console.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/python -m bot "${@:-run}"
