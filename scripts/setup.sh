#!/usr/bin/env bash
# Installs newswatch's build and test dependencies from Debian's packages.
# Idempotent: quiet and quick when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3 clang-format
  libcurl4-openssl-dev libboost-dev libpugixml-dev libre2-dev libspdlog-dev
  libsqlitecpp-dev libsqlite3-dev libtomlplusplus-dev nlohmann-json3-dev
  libpqxx-dev  # the PostgreSQL backend (src/storage/postgresql/)
  postgresql  # a throwaway server for its tests (tests/support/pg_server.cpp)
  libsystemd-dev libgumbo-dev libicu-dev libssl-dev iso-codes libstemmer-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  systemd  # systemd-analyze, for the unit tests of systemd/newswatch.service
  chromium  # headless, for the browser test of the ledger's pages (tests/report/browser_test.cpp)
  clang-14 libclang-rt-14-dev llvm-14  # scripts/fuzz.sh: libFuzzer, ASan/UBSan, llvm-symbolizer
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
