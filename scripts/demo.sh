#!/bin/sh
# The main job: the PGO pipeline, as far as it goes today, on one bundled
# workload (default: vm, the bytecode interpreter).
#
#   1. install missing Debian packages, build pgo (Release);
#   2. build the workload to LLVM IR (clang-19) and to a native binary, run it;
#   3. pgo-show cfg: the method keys, blocks, loops, irreducible regions;
#   4. pgo-show synth: the synthesized profile (Ball-Larus + Dempster-Shafer,
#      Wu-Larus / Gauss-Seidel frequencies) of the hottest method;
#   5. clang-19's own instrumented profile of the same run is imported into a
#      pgo store through the YAML twin (pgo-merge), and pgo-show summarises it
#      and checks it against the IR;
#   6. how close synthesis came to that real profile, next to LLVM's static
#      estimates (the accuracy harness of bench/synth_accuracy.sh).
#
# Usage: scripts/demo.sh [BUILD_DIR]      env: WORKLOAD=name (default vm)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/deps.sh
B=${1:-build}
W=${WORKLOAD:-vm}
JOBS=$(nproc 2>/dev/null || echo 2)
step() { printf '\n== %s ==\n' "$*"; }

step "build pgo ($B)"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DPGO_BUILD_TESTS=OFF \
      >"$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
cmake --build "$B" -j"$JOBS" >"$B.build.log" 2>&1 || { tail -40 "$B.build.log"; exit 1; }
show="$B/tools/pgo-show/pgo-show"
merge="$B/tools/pgo-merge/pgo-merge"
out="$B/demo"
mkdir -p "$out"

step "workload $W: IR and native build"
bench/workloads/build.sh "$out" "$W"
args=$(head -n 1 "bench/workloads/$W.small.arg")
echo "\$ $out/$W.native $args"
# shellcheck disable=SC2086
"$out/$W.native" $args

step "pgo-show cfg $W.ll (method keys and shapes)"
"$show" cfg "$out/$W.ll" --format text >"$out/$W.cfg.txt"
grep -E '^method ' "$out/$W.cfg.txt" | head -20
echo "(full listing: $out/$W.cfg.txt)"

step "pgo-show synth $W.ll: the synthesized profile of the largest method"
big=$(awk '/^method /{print $6, $2}' "$out/$W.cfg.txt" | sort -n | tail -1 | awk '{print $2}')
"$show" synth "$out/$W.ll" --method "$big" --format text >"$out/$W.synth.txt"
head -25 "$out/$W.synth.txt"
echo "... (full listing: $out/$W.synth.txt; JSON: pgo-show synth --format json)"
