#!/usr/bin/env bash
# Sets up, builds with warnings as errors, and runs every test.
# With SANITIZE=1 builds into build-asan/ with ASan+UBSan instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${SANITIZE:-0}" = 1 ]; then
  export BUILD_DIR=build-asan CMAKE_BUILD_TYPE=Debug
  scripts/build.sh -DNEWSWATCH_WERROR=ON -DNEWSWATCH_SANITIZE=ON
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  export BUILD_DIR=build
  scripts/build.sh -DNEWSWATCH_WERROR=ON
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 600
