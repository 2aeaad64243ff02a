#!/bin/sh
# synth_scale.sh [ARGS...] -- builds lib/core, lib/synth and
# pgo-bench-synth-scale in Release mode without sanitizers (own build
# directory, no LLVM library needed; opt-19 must be on PATH) and prints the
# scaling table of docs/synth.md.  Extra arguments go to the benchmark,
# e.g. --max 100000 or --shape switch.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${PGO_BENCH_BUILD_DIR:-$src/build-bench-synth}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPGO_SANITIZE=OFF \
      -DPGO_WITH_LLVM=OFF -DPGO_BUILD_TESTS=OFF -DPGO_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target pgo-bench-synth-scale >/dev/null
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores; $(opt-19 --version | grep -m1 'LLVM version')"
echo
exec "$build/bench/synth_scale/pgo-bench-synth-scale" --tmp "${TMPDIR:-/tmp}" "$@"
