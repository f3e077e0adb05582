#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the tests, and print its URL.
# Usage: eval "$(bash scripts/postgres.sh start)"   -> exports TEST_POSTGRES_URL and TALLY_PG_DIR
#        bash scripts/postgres.sh stop "$TALLY_PG_DIR"
# With --install it first installs PostgreSQL from Debian's packages when it is missing.
set -euo pipefail

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

install_postgres() {
  if [ -z "$(find_bin)" ]; then
    echo "installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
}

as_owner() {
  # PostgreSQL refuses to run as root: run it as the postgres user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin dir port
  bin=$(find_bin) || { echo "PostgreSQL is not installed (try --install)" >&2; exit 1; }
  dir=$(mktemp -d /tmp/tally-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U tally --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export TEST_POSTGRES_URL=postgresql+asyncpg://tally@127.0.0.1:$port/postgres"
  echo "export TALLY_PG_DIR=$dir"
}

stop() {
  local bin dir=$1
  bin=$(find_bin) || exit 0
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) shift; [ "${1:-}" = --install ] && install_postgres; start ;;
  stop) stop "${2:?the directory printed by start}" ;;
  *) echo "usage: $0 start [--install] | stop DIR" >&2; exit 2 ;;
esac
