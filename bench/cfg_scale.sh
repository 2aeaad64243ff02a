#!/bin/sh
# Builds lib/core and pgo-bench-cfg-scale in Release mode without sanitizers
# (own build directory, no LLVM needed) and runs the 1,000,000-block scaling
# benchmark.  Extra arguments go to the benchmark, e.g. --blocks 100000.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${PGO_BENCH_BUILD_DIR:-$src/build-bench-cfg}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPGO_SANITIZE=OFF \
      -DPGO_WITH_LLVM=OFF -DPGO_BUILD_TESTS=OFF -DPGO_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target pgo-bench-cfg-scale >/dev/null
exec "$build/bench/cfg_scale/pgo-bench-cfg-scale" "$@"
