#!/usr/bin/env bash
# Quick start, command 2: set up, build, and run every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build
exec ctest --output-on-failure -j2 --timeout 600
