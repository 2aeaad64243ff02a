#!/bin/sh
# Build pgo with ASan+UBSan and run the whole test suite (ctest).
# Usage: scripts/test.sh [BUILD_DIR]    (default: build-test)
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
B=${1:-build-test}
JOBS=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGO_SANITIZE=ON \
      -DPGO_BUILD_BENCH=ON >"$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
cmake --build "$B" -j"$JOBS"
# ASan: report leaks too; UBSan: stop on the first report (tests must be clean).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$B"
ctest --output-on-failure -j"$JOBS" --timeout 600
