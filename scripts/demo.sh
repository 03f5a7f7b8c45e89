#!/usr/bin/env bash
# Quick start, command 1: set up, build, and play the demo on a fresh SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh rfinv
rm -f demo.db demo.db-wal demo.db-shm
exec build/cli/rfinv --db demo.db demo
