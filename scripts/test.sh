#!/bin/sh
# Build pgo and run the whole test suite (ctest):
#   1. layers 0-3 alone, configured without LLVM (-DPGO_WITH_LLVM=OFF), as a
#      JIT with its own IR would link them: build + their tests;
#   2. the full tree with ASan+UBSan: every suite, golden, install and fuzz
#      smoke test.
# Usage: scripts/test.sh [BUILD_DIR]    (default: build-test)
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
B=${1:-build-test}
JOBS=$(nproc 2>/dev/null || echo 2)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "== layers 0-3 without LLVM ($B-nollvm) =="
cmake -S . -B "$B-nollvm" -DPGO_WITH_LLVM=OFF -DPGO_BUILD_BENCH=OFF \
      >"$B-nollvm.configure.log" 2>&1 || { cat "$B-nollvm.configure.log"; exit 1; }
cmake --build "$B-nollvm" -j"$JOBS" >"$B-nollvm.build.log" 2>&1 || { tail -40 "$B-nollvm.build.log"; exit 1; }
(cd "$B-nollvm" && ctest -j"$JOBS" --output-on-failure --timeout 600 \
   >ctest.log 2>&1) || { cat "$B-nollvm/ctest.log"; exit 1; }
grep -E 'tests passed' "$B-nollvm/ctest.log"

echo "== full tree, ASan+UBSan ($B) =="
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGO_SANITIZE=ON \
      -DPGO_BUILD_BENCH=ON >"$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
cmake --build "$B" -j"$JOBS"
cd "$B"
ctest --output-on-failure -j"$JOBS" --timeout 600
