#!/usr/bin/env bash
# The long run on PostgreSQL: starts a throwaway PostgreSQL server (the tests'
# newswatch_pg_server, unix socket only, fsync off as in the tests), creates an
# empty database and runs longrun_bench against it with NW_LONGRUN_URL, then
# stops the server. Arguments are longrun_bench's: DAYS FEEDS ITEMS [DIR].
#   bash bench/longrun_pg.sh [BUILD_DIR] DAYS FEEDS ITEMS [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
bench=$(realpath "$build_dir/bench/longrun_bench")
pg_server=$(realpath "$build_dir/tests/newswatch_pg_server")
[[ -x $bench && -x $pg_server ]] || { echo "build first (scripts/build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/nw-longrun-pg.XXXXXX)
chmod 755 "$work"
cleanup() {
  "$pg_server" stop "$work/pg" >/dev/null 2>&1 || true
  if [[ -n ${KEEP:-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$pg_server" start "$work/pg" >&2
socket="host=$work/pg&port=5432"
psql "postgresql://postgres@/postgres?$socket" -qc "CREATE DATABASE longrun"
days=${1:-5} feeds=${2:-200} items=${3:-20} dir=${4:-$work/out}
NW_LONGRUN_URL="postgresql://postgres@/longrun?$socket" "$bench" "$days" "$feeds" "$items" "$dir"
