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
# Line tables are what stack traces, sanitizer reports and profiles need; full debug information
# (variables and types, huge for Boost) made the build a quarter slower. Configure a Debug build
# to inspect variables in gdb.
flags="-O2 -gline-tables-only -DNDEBUG"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRFINV_BUILD_TESTS=$tests \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j2 "${targets[@]}"
