#!/usr/bin/env bash
# newswatch against newsboat (Debian's terminal feed reader, which also stores
# in SQLite), side by side (not a test; CI never runs it). Serves N generated
# feeds from nginx on 127.0.0.1 and times, under /usr/bin/time -v, alternating
# the two programs round by round over the same feeds and server:
#   newsboat -x reload (reload-threads CONC) against newswatch once
#   (max_connections CONC), first poll (empty cache / database), then a re-poll
#   (every feed unchanged). Prints the median round of each: wall time, CPU
#   time, peak RSS, and newsboat's over newswatch's.
# Usage: bench/newsboat_bench.sh [BUILD_DIR]   env: N=500 CONC=16 ITEMS=8 ROUNDS=3
# Installs newsboat, nginx and time from Debian if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${BUILD_DIR:-build}}
nw=$(realpath "$build_dir/newswatch")
N=${N:-500}
CONC=${CONC:-16}
ITEMS=${ITEMS:-8}
ROUNDS=${ROUNDS:-3}

[[ -x $nw ]] || { echo "no $nw: build first (scripts/build.sh)" >&2; exit 1; }
need=()
command -v newsboat >/dev/null || need+=(newsboat)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
  echo "installing ${need[*]} from Debian..." >&2
  apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/nw-newsboat-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run unprivileged
nginx_pid=""
cleanup() {
  if [[ -n $nginx_pid ]]; then kill "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

echo "generating $N feeds of $ITEMS items in $work ..." >&2
mkdir -p "$work/www" "$work/nginx/tmp" "$work/nw" "$work/nb"
python3 - "$work/www" "$N" "$ITEMS" <<'EOF'
import random, sys
out, n, per_feed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# Our own prose from a wide vocabulary; one item in eight states a figure.
syllables = "ba ko ri tel man su dor vi ne pra lo gan ex mi ta ron cu sel fa nor".split()
demonyms = "Nepalese Cuban Indian Serbian Syrian Belarusian Kazakh Tajik Uzbek Egyptian".split()
for i in range(n):
    items = []
    for j in range(per_feed):
        rng = random.Random(i * 1000 + j)
        words = ["".join(rng.choice(syllables) for _ in range(3)) for _ in range(120)]
        text = " ".join(words)
        if (i + j) % 8 == 0:
            text += (f". Officials said {rng.randint(20, 2000)} {rng.choice(demonyms)} citizens "
                     f"had signed contracts with the Russian army")
        items.append(f"<item><title>Feed {i} story {j}</title>"
                     f"<link>https://site{i % 97}.example/{i}/{j}</link><guid>f{i}-{j}</guid>"
                     f"<pubDate>Mon, 03 Nov 2025 10:{j % 60:02d}:00 GMT</pubDate>"
                     f"<description>{text}.</description></item>")
    with open(f"{out}/f{i:05d}.xml", "w") as f:
        f.write(f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed {i}</title>'
                f"<link>https://site{i % 97}.example/</link>{''.join(items)}</channel></rss>\n")
EOF

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
  server { listen 127.0.0.1:$port; root $work/www; }
}
EOF
"$nginx_bin" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 50); do curl -fs "$base/f00000.xml" -o /dev/null && break; sleep 0.1; done

# The same URL list for both.
: >"$work/nb/urls"
{
  printf '[storage]\npath = "%s/nw/nw.db"\n' "$work"
  printf '[fetch]\nmax_connections = %d\nper_host = %d\n' "$CONC" "$CONC"
  for ((i = 0; i < N; i++)); do
    printf -v name 'f%05d' "$i"
    echo "$base/$name.xml" >>"$work/nb/urls"
    printf '[[feeds]]\nname = "%s"\nurl = "%s/%s.xml"\n' "$name" "$base" "$name"
  done
} >"$work/nw/nw.toml"
printf 'reload-threads %d\nshow-read-feeds yes\n' "$CONC" >"$work/nb/config"

# Runs a command under /usr/bin/time -v; prints "wall cpu rss_mb".
measure() {
  local log=$1
  shift
  /usr/bin/time -v "$@" >"$log.out" 2>"$log.time" </dev/null || {
    tail -5 "$log.time" >&2
    return 1
  }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident/ { r = $2 / 1024 }
    END { printf "%.2f %.2f %.1f\n", w, u + s, r }' "$log.time"
}
newsboat_run() {  # log name
  HOME=$work/nb measure "$work/nb/$1" newsboat -q -u "$work/nb/urls" -c "$work/nb/cache.db" \
    -C "$work/nb/config" -x reload
}
newswatch_run() { measure "$work/nw/$1" "$nw" once -c "$work/nw/nw.toml"; }

curl -s "$base/f00000.xml" -o /dev/null
cat "$work"/www/*.xml >/dev/null  # the page cache holds every feed for both
echo "polling with newsboat (reload-threads $CONC) and newswatch (max_connections $CONC), $ROUNDS rounds ..." >&2
nb_first=() nw_first=() nb_again=() nw_again=()
for ((r = 0; r < ROUNDS; r++)); do
  rm -f "$work"/nb/cache.db* "$work"/nw/nw.db*
  nb_first+=("$(newsboat_run first)")
  nw_first+=("$(newswatch_run first)")
  nb_again+=("$(newsboat_run again)")
  nw_again+=("$(newswatch_run again)")
done
median() { printf '%s\n' "$@" | sort -n -k1,1 | sed -n "$((($# + 1) / 2))p"; }
ratio() { echo "$1 / $2" | bc -l; }
row() {  # label, newsboat "wall cpu rss", newswatch "wall cpu rss"
  local nbw nbc nbr nww nwc nwr
  read -r nbw nbc nbr <<<"$2"
  read -r nww nwc nwr <<<"$3"
  printf '%-12s %9s %9s %9s   %9s %9s %9s   %8.2f %8.2f\n' "$1" "$nbw" "$nbc" "$nbr" "$nww" "$nwc" \
    "$nwr" "$(ratio "$nbw" "$nww")" "$(ratio "$nwr" "$nbr")"
}
echo
echo "N=$N feeds of $ITEMS items, concurrency $CONC, nginx on 127.0.0.1 ($(nproc) cores)," \
  "medians of $ROUNDS alternated rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %29s   %29s   %8s %8s\n' "" "newsboat $(newsboat -v | head -1 | cut -d' ' -f2)" \
  "newswatch once" "speed-up" "mem"
printf '%-12s %9s %9s %9s   %9s %9s %9s   %8s %8s\n' poll wall_s cpu_s peak_MB wall_s cpu_s \
  peak_MB nb/nw nw/nb
row "first poll" "$(median "${nb_first[@]}")" "$(median "${nw_first[@]}")"
row "re-poll" "$(median "${nb_again[@]}")" "$(median "${nw_again[@]}")"
echo
echo "newswatch first poll: $(grep -ho 'stored.*' "$work/nw/first.out" | tail -1)"
echo "newsboat:  $(sqlite3 "$work/nb/cache.db" 'SELECT count(*) FROM rss_item' 2>/dev/null || echo '?') items in its cache"
