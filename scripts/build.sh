#!/usr/bin/env bash
# Installs what is missing, then configures and builds rfinv in ./build (two jobs: CI has 2 cores).
# Arguments are build targets (default: everything, including tests, fuzzers and benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."
# Everything includes the tests, which need more packages than the targets the demo builds.
if (($#)); then
  scripts/setup.sh
  tests=OFF
else
  scripts/setup.sh --tests
  tests=ON
fi
# clang builds everything so the libFuzzer targets share one build tree with the rest.
export CC=clang CXX=clang++
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRFINV_BUILD_TESTS=$tests >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j2 "${targets[@]}"
