#!/usr/bin/env bash
# Round trips per article and ingest throughput of `newswatch once` on
# PostgreSQL (not a test; CI never runs it). N generated feeds of ITEMS items
# read from file:// (no HTTP in the way), a throwaway PostgreSQL 15 server on a
# unix socket (the tests' harness), a fresh database for each run.
#   socket: `once` straight on the unix socket: first poll, then re-poll (every
#     entry stored already), wall time each.
#   +D ms: the same through bench/pg_delay_proxy.py on 127.0.0.1, which adds D
#     ms each way and counts round trips (the server's ReadyForQuery messages:
#     one per statement or Sync the client waits on). D = 0 gives the count alone.
# One item in COPIES is a copy of another feed's item and as many of the item
# before in the same feed (near duplicates: other title, same words), one in
# eight states a figure (bench/gen_feeds.py).
# Usage: bench/pg_roundtrips_bench.sh [BUILD_DIR]   env: N=500 ITEMS=8 COPIES=10
#   DELAYS="0 1" (ms added each way) NW=path/to/newswatch (another build: before/after)
#   KEEP=1 (keep the scratch folder)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${BUILD_DIR:-build}}
nw=$(realpath "${NW:-$build_dir/newswatch}")
pg_server=$(realpath "$build_dir/tests/newswatch_pg_server")
N=${N:-500}
ITEMS=${ITEMS:-8}
COPIES=${COPIES:-10}
DELAYS=${DELAYS:-0 1}
[[ -x $nw && -x $pg_server ]] || { echo "build first (scripts/build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/nw-pg-rt.XXXXXX)
chmod 755 "$work"
proxy=
cleanup() {
  [[ -n $proxy ]] && kill "$proxy" 2>/dev/null || true
  "$pg_server" stop "$work/pg" >/dev/null 2>&1 || true
  if [[ -n ${KEEP:-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

mkdir -p "$work/www"
python3 bench/gen_feeds.py "$work/www" "$N" 0 "$ITEMS" "$COPIES"
"$pg_server" start "$work/pg" >&2
socket="host=$work/pg&port=5432"
admin="postgresql://postgres@/postgres?$socket"
q() { psql "$1" -Atqc "$2"; }
stamp() { date +%s.%N; }
since() { python3 -c "print(f'{$(stamp) - $1:.3f}')"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
trips() { python3 -c "import json; print(json.load(open('$work/stats.json'))['round_trips'])"; }

# run LABEL URL: first poll and re-poll into a fresh database; prints one row.
run() {
  local label=$1 url=$2 db=$3 t first again before mid after stored entries
  {
    printf '[storage]\nurl = "%s"\n[fetch]\nmax_connections = 16\n' "$url"
    for ((i = 0; i < N; i++)); do
      printf '[[feeds]]\nname = "f%05d"\nurl = "file://%s/www/f%05d.xml"\n' "$i" "$work" "$i"
    done
  } >"$work/$db.toml"
  q "$admin" "CREATE DATABASE $db" >/dev/null
  before=$( [[ -n $proxy ]] && trips || echo 0)
  t=$(stamp); "$nw" once -c "$work/$db.toml" >"$work/$db-1.log" 2>&1; first=$(since "$t")
  mid=$( [[ -n $proxy ]] && trips || echo 0)
  t=$(stamp); "$nw" once -c "$work/$db.toml" >"$work/$db-2.log" 2>&1; again=$(since "$t")
  after=$( [[ -n $proxy ]] && trips || echo 0)
  stored=$(q "postgresql://postgres@/$db?$socket" "SELECT count(*) FROM articles")
  entries=$((N * ITEMS))
  python3 - "$label" "$first" "$again" "$stored" "$entries" "$before" "$mid" "$after" <<'PY'
import sys
label, first, again, stored, entries, before, mid, after = sys.argv[1:]
first, again, stored, entries = float(first), float(again), int(stored), int(entries)
counted = after != "0"
rt1 = (int(mid) - int(before)) / stored if counted else float("nan")
rt2 = (int(after) - int(mid)) / entries if counted else float("nan")
print(f"{label:<22} {stored:>8} {first:>9.2f} {stored / first:>12.0f} {rt1:>11.2f} "
      f"{again:>9.2f} {entries / again:>12.0f} {rt2:>11.2f}")
PY
}

header=$(printf '%-22s %8s %9s %12s %11s %9s %12s %11s' setup articles first_s articles/s rt/article \
  repoll_s entries/s rt/entry)
rows=("$(run "socket" "postgresql://postgres@/rt_socket?$socket" rt_socket)")
for d in $DELAYS; do
  port=$(free_port)
  python3 bench/pg_delay_proxy.py "$port" "$work/pg/.s.PGSQL.5432" "$d" "$work/stats.json" &
  proxy=$!
  for _ in $(seq 50); do [[ -f $work/stats.json ]] && break; sleep 0.1; done
  db="rt_delay${d/./_}"
  rows+=("$(run "tcp proxy +$d ms" "postgresql://postgres@127.0.0.1:$port/$db?sslmode=disable" "$db")")
  kill "$proxy"; wait "$proxy" 2>/dev/null || true; proxy=
  rm -f "$work/stats.json"
done

echo
echo "N=$N feeds of $ITEMS items (file://), COPIES=$COPIES, $(basename "$nw") $("$nw" --version | cut -d' ' -f2),"
echo "PostgreSQL 15, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$header"
printf '%s\n' "${rows[@]}"
