#!/usr/bin/env bash
# Installs what is missing, then configures and builds rfinv in ./build (two jobs: CI has 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# clang builds everything so the libFuzzer targets share one build tree with the rest.
export CC=clang CXX=clang++
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j2
