#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the tests and prints its URL.
# Usage: eval "$(bash .ci/start-postgres.sh [DIR] [PORT])"
set -euo pipefail
dir=${1:-/tmp/reel-pg}
port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [[ $(id -u) -eq 0 ]]; then runas=(runuser -u postgres --); else runas=(); fi
if ! "${runas[@]}" "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  "${runas[@]}" "$bin/initdb" -D "$dir" -U reel --auth=trust -E UTF8 >/dev/null
  "${runas[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" start >/dev/null
fi
echo "export REEL_TEST_DATABASE_URL=postgres://reel@127.0.0.1:$port/postgres"
