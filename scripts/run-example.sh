#!/usr/bin/env bash
# The main job: set up, build, and poll the bundled example feeds once
# (offline, file:// URLs), then print what was stored.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
rm -f examples/var/newswatch.db examples/var/newswatch.db-wal examples/var/newswatch.db-shm examples/var/alerts.jsonl
build/newswatch once -c examples/newswatch.toml
