#!/usr/bin/env bash
# Lease takeover benchmark (not a test; CI never runs it): how long after a
# daemon is SIGKILLed its feeds are leased by another daemon on the same
# PostgreSQL database. A throwaway server (the tests' harness,
# build/tests/newswatch_pg_server) on a unix socket; N feeds answered slowly
# (SLOW seconds) by a local Python server, so daemon A holds all N leases while
# it fetches. Then daemon B starts, A is killed, and the database is read every
# 10 ms until B holds every feed. Prints each round and the median.
# Usage: bench/lease_takeover_bench.sh [BUILD_DIR]   env: N=200 SLOW=30 ROUNDS=5
#   SIGNAL=STOP: stop daemon A instead (a daemon that hangs with its database
#   session open: its leases lapse once it stops renewing them)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${BUILD_DIR:-build}}
nw=$(realpath "$build_dir/newswatch")
pg_server=$(realpath "$build_dir/tests/newswatch_pg_server")
N=${N:-200}
SLOW=${SLOW:-30}
SIGNAL=${SIGNAL:-KILL}
ROUNDS=${ROUNDS:-5}
[[ -x $nw && -x $pg_server ]] || { echo "build first (scripts/build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/nw-lease-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  "$pg_server" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$pg_server" start "$work/pg" >&2
admin="postgresql://postgres@/postgres?host=$work/pg&port=5432"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" "$SLOW" >/dev/null 2>&1 <<'PY' &
import http.server, socketserver, sys, time
port, slow = int(sys.argv[1]), float(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(slow)
        body = b'<rss version="2.0"><channel><title>T</title></channel></rss>'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 1024
S(("127.0.0.1", port), H).serve_forever()
PY
pids+=($!)
# (a daemon started before the server listens finds every feed failing, and
# backs off instead of holding its leases)
until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; do
  sleep 0.05
done

q() { psql "$1" -Atqc "$2"; }
times=()
for round in $(seq 1 "$ROUNDS"); do
  db="lease$round"
  q "$admin" "CREATE DATABASE $db" >/dev/null
  url="postgresql://postgres@/$db?host=$work/pg&port=5432"
  {
    printf '[storage]\nurl = "%s"\n[fetch]\nper_host = 1000\ntimeout = "60s"\n' "$url"
    for i in $(seq 1 "$N"); do
      printf '[[feeds]]\nname = "f%d"\nurl = "http://127.0.0.1:%d/f%d.xml"\ninterval = "1h"\n' \
        "$i" "$port" "$i"
    done
  } >"$work/nw.toml"
  "$nw" run -c "$work/nw.toml" >"$work/a.log" 2>&1 &
  a=$!
  pids+=("$a")
  until [[ $(q "$url" "SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL" 2>/dev/null || echo 0) == "$N" ]]; do
    sleep 0.05
  done
  owner_a=$(q "$url" "SELECT min(lease_owner) FROM feeds")
  "$nw" run -c "$work/nw.toml" >"$work/b.log" 2>&1 &
  b=$!
  pids+=("$b")
  until grep -q daemon.ready "$work/b.log"; do sleep 0.05; done
  sleep 1  # B is leasing (and finding nothing free) by now
  t0=$(date +%s.%N)
  kill -"$SIGNAL" "$a"
  until [[ $(q "$url" "SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL AND lease_owner <> $owner_a") == "$N" ]]; do
    sleep 0.01
  done
  t1=$(date +%s.%N)
  kill -9 "$b"
  kill -9 "$a" 2>/dev/null || true
  wait "$a" "$b" 2>/dev/null || true
  took=$(python3 -c "print(f'{$t1 - $t0:.3f}')")
  times+=("$took")
  echo "round $round: $N feeds leased by another daemon ${took} s after SIG$SIGNAL"
done
python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f'median {statistics.median(v):.3f} s, min {min(v):.3f} s, max {max(v):.3f} s over {len(v)} rounds of N=$N')" "${times[@]}"
