#!/usr/bin/env bash
# Fetch benchmark (not a test; CI never runs it). Serves N generated feeds from
# nginx on 127.0.0.1 and compares, in one run and at the same concurrency:
#   curl --parallel over the URL list (the fetch floor),
#   newswatch once, first poll (fetch, parse, extract, store),
#   newswatch once, re-poll (conditional GET: every feed unchanged).
# Usage: bench/fetch_bench.sh [BUILD_DIR]   env: N=10000 CONC=64 GZIP_EVERY=4 ITEMS=8 ROUNDS=5
#   PROFILE_REPOLL=FILE records the re-poll with perf into FILE.
#   STORAGE_URL=postgresql://... stores into that (empty) PostgreSQL database instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${BUILD_DIR:-build}}
nw=$(realpath "$build_dir/newswatch")
N=${N:-10000}
CONC=${CONC:-64}
GZIP_EVERY=${GZIP_EVERY:-4}  # every GZIP_EVERY-th feed also has a .gz served by gzip_static
ITEMS=${ITEMS:-8}            # items per feed (the first poll ingests N * ITEMS entries)
ROUNDS=${ROUNDS:-5}          # curl / re-poll rounds, alternated; the medians are reported

[[ -x $nw ]] || { echo "no $nw: build first (scripts/build.sh)" >&2; exit 1; }
if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  echo "installing nginx from Debian..." >&2
  apt-get install -y --no-install-recommends nginx-light >/dev/null 2>&1 ||
    apt-get install -y --no-install-recommends nginx >/dev/null
fi
[[ -x /usr/bin/time ]] || apt-get install -y --no-install-recommends time >/dev/null
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/nw-fetch-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run unprivileged
nginx_pid=""
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

echo "generating $N feeds in $work ..." >&2
mkdir -p "$work/www" "$work/nginx" "$work/nw"
python3 bench/gen_feeds.py "$work/www" "$N" "$GZIP_EVERY" "$ITEMS"

cat >"$work/nginx/nginx.conf" <<EOF
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
  sendfile on;
  types { application/rss+xml xml; }
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    gzip_static on;
  }
}
EOF
mkdir -p "$work/nginx/tmp"
"$nginx_bin" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 50); do curl -fs "$base/f00000.xml" -o /dev/null && break; sleep 0.1; done

# The same URL list for both.
: >"$work/urls.txt"
{
  if [[ -n ${STORAGE_URL:-} ]]; then
    printf '[storage]\nurl = "%s"\n' "$STORAGE_URL"
  else
    printf '[storage]\npath = "%s/nw/nw.db"\n' "$work"
  fi
  printf '[fetch]\nmax_connections = %d\nper_host = %d\n' "$CONC" "$CONC"
  for ((i = 0; i < N; i++)); do
    printf -v name 'f%05d' "$i"
    echo "$base/$name.xml" >>"$work/urls.txt"
    printf '[[feeds]]\nname = "%s"\nurl = "%s/%s.xml"\n' "$name" "$base" "$name"
  done
} >"$work/nw/nw.toml"
sed 's/^/url = "/; s/$/"\noutput = "\/dev\/null"/' "$work/urls.txt" >"$work/curl.cfg"

# Runs a command under /usr/bin/time -v; prints "wall cpu rss_mb".
measure() {
  local log=$1
  shift
  /usr/bin/time -v "$@" >"$log.out" 2>"$log.time" || { tail -5 "$log.time" >&2; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident/ { r = $2 / 1024 }
    END { printf "%.2f %.2f %.1f\n", w, u + s, r }' "$log.time"
}

echo "fetching with curl --parallel-max $CONC and newswatch (max_connections $CONC) ..." >&2
curl_once() {
  measure "$work/curl" curl -s -w '%{response_code}\n' --compressed --parallel --parallel-max "$CONC" \
    --parallel-immediate -K "$work/curl.cfg"
}
curl_once >/dev/null  # warms the page cache for both
first_r=$(measure "$work/first" "$nw" once -c "$work/nw/nw.toml")
# curl and the re-poll alternate ROUNDS times, so both see the same machine;
# each line reports the median round (by wall time).
curl_runs=() again_runs=()
for ((r = 0; r < ROUNDS; r++)); do
  curl_runs+=("$(curl_once)")
  again_runs+=("$(measure "$work/again" ${PROFILE_REPOLL:+perf record -o "$PROFILE_REPOLL"} \
    "$nw" once -c "$work/nw/nw.toml")")
done
median() { printf '%s\n' "$@" | sort -n -k1,1 | sed -n "$((($# + 1) / 2))p"; }
curl_r=$(median "${curl_runs[@]}")
again_r=$(median "${again_runs[@]}")
curl_ok=$(grep -c '^200$' "$work/curl.out" || true)
read -r cw cc cr <<<"$curl_r"
read -r fw fc fr <<<"$first_r"
read -r aw ac ar <<<"$again_r"
echo
echo "N=$N feeds of $ITEMS items, concurrency $CONC, every ${GZIP_EVERY}th feed gzip, nginx on 127.0.0.1 ($(nproc) cores)"
echo "curl and re-poll: medians of $ROUNDS alternated rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %8s %8s %9s %9s\n' run wall_s cpu_s peak_MB wall/curl
printf '%-40s %8s %8s %9s %9s\n' "curl --parallel (full bodies)" "$cw" "$cc" "$cr" 1.00
printf '%-40s %8s %8s %9s %9.2f\n' "newswatch once, first poll (full)" "$fw" "$fc" "$fr" \
  "$(echo "$fw / $cw" | bc -l)"
printf '%-40s %8s %8s %9s %9.2f\n' "newswatch once, re-poll (304s)" "$aw" "$ac" "$ar" \
  "$(echo "$aw / $cw" | bc -l)"
echo
echo "curl: $curl_ok of $N answered 200"
echo "first poll: $(grep -ho 'polled.*' "$work/first.out" | tail -1)"
echo "            $(grep -ho 'stored.*' "$work/first.out" | tail -1)"
echo "re-poll:    $(grep -ho 'polled.*' "$work/again.out" | tail -1)"
grep -m3 'fetch_failed' "$work/first.time" "$work/again.time" || true
