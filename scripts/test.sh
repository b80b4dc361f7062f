#!/usr/bin/env bash
# Sets up, builds with warnings as errors, and runs every test.
# With SANITIZE=1 builds into build-asan/ with ASan+UBSan instead, with TSAN=1
# into build-tsan/ with ThreadSanitizer. Tests run in parallel, one per core.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${TSAN:-0}" = 1 ]; then
  export BUILD_DIR=build-tsan CMAKE_BUILD_TYPE=RelWithDebInfo
  scripts/build.sh -DNEWSWATCH_WERROR=ON -DNEWSWATCH_TSAN=ON
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
elif [ "${SANITIZE:-0}" = 1 ]; then
  export BUILD_DIR=build-asan CMAKE_BUILD_TYPE=Debug
  scripts/build.sh -DNEWSWATCH_WERROR=ON -DNEWSWATCH_SANITIZE=ON
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"  # libpqxx 6.4's own leak, see there
else
  export BUILD_DIR=build
  scripts/build.sh -DNEWSWATCH_WERROR=ON
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 600 -j"$(nproc)"
