#!/usr/bin/env bash
# Several daemons on one PostgreSQL database against one on SQLite (not a test;
# CI never runs it). N generated feeds of ITEMS items on nginx (127.0.0.1), a
# throwaway PostgreSQL server on a unix socket (the tests' harness).
#   SQLite, and PostgreSQL without leases: `newswatch once`, first poll then
#   re-poll (304s), wall time each.
#   PostgreSQL: K = 1, 2, 3 `newswatch run` daemons started at once on a fresh
#   database; first poll = until every feed has a last_success; re-poll = every
#   feed made due at once (next_poll = now()) until each was fetched again.
# The database is read every 50 ms. Prints the times and their ratios to SQLite's.
# Usage: bench/lease_throughput_bench.sh [BUILD_DIR]   env: N=2000 ITEMS=8 CONC=64 PER_HOST=$CONC
#   DAEMONS="1 2 3" (the daemon counts to run) KEEP=1 (keep the scratch folder and its logs)
#   PROFILE=1: during each daemons' first poll, sample what their sessions wait
#   on (pg_stat_activity every 50 ms: "CPU" when running, "idle in transaction"
#   while the daemon works between two statements) and print it with
#   the statements that took most of the server's time (pg_stat_statements)
# (every feed is on one host: per_host bounds the leased polls in flight across the daemons)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${BUILD_DIR:-build}}
nw=$(realpath "$build_dir/newswatch")
pg_server=$(realpath "$build_dir/tests/newswatch_pg_server")
N=${N:-2000}
ITEMS=${ITEMS:-8}
CONC=${CONC:-64}
PER_HOST=${PER_HOST:-$CONC}
[[ -x $nw && -x $pg_server ]] || { echo "build first (scripts/build.sh)" >&2; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/nw-lease-tp.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  "$pg_server" stop "$work/pg" >/dev/null 2>&1 || true
  if [[ -n ${KEEP:-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
mkdir -p "$work/www" "$work/nginx/tmp"
# the texts fetch_bench.sh serves (bench/gen_feeds.py), no gzip copies
python3 bench/gen_feeds.py "$work/www" "$N" 0 "$ITEMS"
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  keepalive_requests 100000;
  types { application/rss+xml xml; }
  server { listen 127.0.0.1:$port; root $work/www; }
}
NGINX
"$nginx_bin" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
for _ in $(seq 50); do curl -fs "$base/f00000.xml" -o /dev/null && break; sleep 0.1; done
"$pg_server" start "$work/pg" >&2
admin="postgresql://postgres@/postgres?host=$work/pg&port=5432"
if [[ -n ${PROFILE:-} ]]; then
  psql "$admin" -qc "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -m fast -w restart >/dev/null
  psql "$admin" -qc "CREATE EXTENSION pg_stat_statements"
fi

config() {  # config FILE STORAGE_LINE
  {
    printf '%s\n[fetch]\nmax_connections = %d\nper_host = %d\n' "$2" "$CONC" "$PER_HOST"
    for ((i = 0; i < N; i++)); do
      printf '[[feeds]]\nname = "f%05d"\nurl = "%s/f%05d.xml"\ninterval = "1h"\n' "$i" "$base" "$i"
    done
  } >"$1"
}
stamp() { date +%s.%N; }
since() { python3 -c "print(f'{$(stamp) - $1:.2f}')"; }

mkdir -p "$work/sqlite"
config "$work/sqlite/nw.toml" "[storage]
path = \"$work/sqlite/nw.db\""
t=$(stamp); "$nw" once -c "$work/sqlite/nw.toml" >/dev/null 2>&1; sqlite_first=$(since "$t")
t=$(stamp); "$nw" once -c "$work/sqlite/nw.toml" >/dev/null 2>&1; sqlite_again=$(since "$t")
echo "sqlite, once: first poll ${sqlite_first} s, re-poll ${sqlite_again} s" >&2

q() { psql "$1" -Atqc "$2"; }
# One `once` on PostgreSQL, no leases: what the backend costs before leasing.
q "$admin" "CREATE DATABASE tponce" >/dev/null
config "$work/pg-once.toml" "[storage]
url = \"postgresql://postgres@/tponce?host=$work/pg&port=5432\""
t=$(stamp); "$nw" once -c "$work/pg-once.toml" >/dev/null 2>&1; once_first=$(since "$t")
t=$(stamp); "$nw" once -c "$work/pg-once.toml" >/dev/null 2>&1; once_again=$(since "$t")
echo "postgresql, once: first poll ${once_first} s, re-poll ${once_again} s" >&2
results=("once $once_first $once_again")
for k in ${DAEMONS:-1 2 3}; do
  db="tp$k"
  q "$admin" "CREATE DATABASE $db" >/dev/null
  url="postgresql://postgres@/$db?host=$work/pg&port=5432"
  config "$work/pg$k.toml" "[storage]
url = \"$url\""
  daemons=()
  [[ -n ${PROFILE:-} ]] && q "$admin" "SELECT pg_stat_statements_reset()" >/dev/null
  : >"$work/waits$k"
  t=$(stamp)
  for ((d = 0; d < k; d++)); do
    "$nw" run -c "$work/pg$k.toml" >"$work/pg$k-$d.log" 2>&1 &
    daemons+=($!)
    pids+=($!)
  done
  until [[ $(q "$url" "SELECT count(*) FROM feeds WHERE last_success IS NOT NULL" 2>/dev/null || echo 0) == "$N" ]]; do
    if [[ -n ${PROFILE:-} ]]; then
      q "$admin" "SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'CPU')
                  ELSE state END FROM pg_stat_activity
                  WHERE datname = '$db' AND state <> 'idle' AND pid <> pg_backend_pid()" \
        >>"$work/waits$k" 2>/dev/null || true
    fi
    sleep 0.05
  done
  first=$(since "$t")
  if [[ -n ${PROFILE:-} ]]; then
    {
      echo "== $k daemon(s), first poll: sessions' wait events (samples every 50 ms)"
      sort "$work/waits$k" | uniq -c | sort -rn | head -8
      echo "== $k daemon(s), first poll: statements by the server's time (ms total, calls, ms each)"
      q "$admin" "SELECT round(total_exec_time) || ' ' || calls || ' ' ||
                         round((total_exec_time / calls)::numeric, 2) || '  ' ||
                         left(regexp_replace(query, '\s+', ' ', 'g'), 90)
                  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                  WHERE d.datname = '$db' ORDER BY total_exec_time DESC LIMIT 10"
    } >&2
  fi
  mark=$(q "$url" "SELECT now()")
  t=$(stamp)
  q "$url" "UPDATE feeds SET next_poll = now()" >/dev/null
  until [[ $(q "$url" "SELECT count(*) FROM feeds WHERE last_fetch >= '$mark'") == "$N" ]]; do
    sleep 0.05
  done
  again=$(since "$t")
  kill "${daemons[@]}"
  wait "${daemons[@]}" 2>/dev/null || true
  echo "postgresql, $k run daemon(s): first poll $first s, re-poll $again s" >&2
  results+=("$k $first $again")
done

echo
echo "N=$N feeds of $ITEMS items, max_connections $CONC, per_host $PER_HOST, nginx and PostgreSQL 15 (unix socket) on 127.0.0.1, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-32s %10s %10s %12s %12s\n' setup first_s repoll_s first/sqlite repoll/sqlite
printf '%-32s %10s %10s %12s %12s\n' "sqlite, once" "$sqlite_first" "$sqlite_again" 1.00 1.00
for r in "${results[@]}"; do
  read -r k first again <<<"$r"
  label="postgresql, $k run daemon(s)"
  [[ $k == once ]] && label="postgresql, once (no leases)"
  printf '%-32s %10s %10s %12.2f %12.2f\n' "$label" "$first" "$again" \
    "$(echo "$first / $sqlite_first" | bc -l)" "$(echo "$again / $sqlite_again" | bc -l)"
done
