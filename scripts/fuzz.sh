#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) into build-fuzz/ (or
# $FUZZ_BUILD_DIR) and runs every fuzz_* binary for SECONDS each (default 30).
# Seed corpora come from the tests/data fixtures and fuzz/dict; everything the
# fuzzer writes goes to a scratch directory ($FUZZ_WORK_DIR, default a mktemp dir),
# never into the repository. Exits non-zero if any target finds a crash, leak or
# timeout; the reproducer is kept in the scratch dir and its path printed.
# FUZZ_TARGETS="feed url" limits the run to some targets.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
seconds=${1:-30}
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
work=${FUZZ_WORK_DIR:-$(mktemp -d -t newswatch-fuzz.XXXXXX)}
mkdir -p "$work"

targets=(${FUZZ_TARGETS:-feed page claims config url})
# FUZZ_SKIP_BUILD=1 runs binaries already built (long runs of a frozen build
# while the sources change).
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S . -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSWATCH_FUZZ=ON -DNEWSWATCH_WERROR=ON \
    -DNEWSWATCH_TESTS=OFF -DNEWSWATCH_BENCH=OFF >/dev/null
  cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"
fi
build_dir=$(cd "$build_dir" && pwd)

# seed DIR FILE...: copies fixture files into a corpus directory.
seed() {
  local dir=$1
  shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/"; done
  return 0
}

status=0
for t in "${targets[@]}"; do
  corpus=$work/corpus/$t
  case $t in
    feed) seed "$corpus" tests/data/parsers/* ;;
    page) seed "$corpus" tests/data/parsers/*.html fuzz/seeds/page/* ;;
    claims)
      mkdir -p "$corpus"
      # The first byte selects the language (fuzz_claims.cpp): 1 = "en".
      for f in tests/data/claims/*.txt; do
        { printf '\001'; cat "$f"; } >"$corpus/$(basename "$f")"
      done
      ;;
    config) seed "$corpus" examples/*.toml systemd/*.toml fuzz/seeds/config/* ;;
    url) seed "$corpus" fuzz/seeds/url/* ;;
  esac
  dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="$repo/fuzz/dict/$t.dict")
  echo "fuzz: $t for ${seconds}s (corpus $corpus)" >&2
  mkdir -p "$work/artifacts/$t"
  if ! (cd "$work/artifacts/$t" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$repo/fuzz/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build_dir/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$seconds" \
      -max_len=131072 -rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$t/" "$corpus" 2>"$work/$t.log"); then
    echo "fuzz: $t FAILED; log $work/$t.log, reproducer in $work/artifacts/$t/" >&2
    tail -n 60 "$work/$t.log" >&2
    status=1
  else
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)|^#[0-9]+.*DONE' \
      "$work/$t.log" >&2 || true
  fi
done
exit $status
