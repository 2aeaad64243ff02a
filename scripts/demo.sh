#!/bin/sh
# The main job: the PGO pipeline, as far as it goes today, on one bundled
# workload (default: vm, the bytecode interpreter).
#
#   1. install missing Debian packages, build pgo (Release);
#   2. build the workload to LLVM IR (clang-19) and to a native binary, run it;
#   3. pgo-show cfg: the method keys, blocks, loops, irreducible regions;
#   4. pgo-show synth: the synthesized profile (Ball-Larus + Dempster-Shafer,
#      Wu-Larus frequencies, elimination / Gauss-Seidel for irreducible
#      regions) of the largest method;
#   5. clang-19's own instrumented runs on two inputs are imported into pgo
#      stores through the YAML twin (bench/import/clang_to_pgo.py,
#      pgo-merge), merged with weights, and pgo-show summarises them,
#      compares the two inputs and checks the merge against the IR;
#   6. how close synthesis came to that real profile, next to LLVM's static
#      estimates (the accuracy harness of bench/synth_accuracy.sh).
#
# Usage: scripts/demo.sh [BUILD_DIR]      env: WORKLOAD=name (default vm)
set -eu
cd "$(dirname "$0")/.."
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

step "real profiles: clang-19's instrumented runs of $W, imported into a pgo store"
# Until pgo's own tier-0 instrumentation lands, the measured counts come from
# clang's -fprofile-instr-generate, re-keyed to pgo's method identity and IL
# offsets by bench/import/clang_to_pgo.py.
flags="-O1 -Xclang -disable-llvm-passes -fno-discard-value-names -g0"
size=$(awk '{print $1}' "bench/workloads/$W.arg")
clang-19 -O1 -fprofile-instr-generate "bench/workloads/$W.c" -o "$out/$W.instr" -lm
"$show" cfg "$out/$W.ll" --format json >"$out/$W.cfg.json"
for input in 0 1; do
  rm -f "$out/$W.$input.profraw"
  LLVM_PROFILE_FILE="$out/$W.$input.profraw" "$out/$W.instr" "$size" "$input" >/dev/null
  llvm-profdata-19 merge -o "$out/$W.$input.profdata" "$out/$W.$input.profraw"
  # shellcheck disable=SC2086
  clang-19 $flags -fprofile-instr-use="$out/$W.$input.profdata" -S -emit-llvm \
    "bench/workloads/$W.c" -o "$out/$W.$input.prof.ll"
  opt-19 -passes='print<block-freq>' -disable-output "$out/$W.$input.prof.ll" \
    >"$out/$W.$input.bfi" 2>&1
  python3 bench/import/clang_to_pgo.py "$out/$W.cfg.json" "$out/$W.$input.prof.ll" \
    "$out/$W.$input.bfi" "$W $size $input" >"$out/$W.$input.yaml"
  rm -f "$out/$W.$input.db"
  "$merge" -o "$out/$W.$input.db" "$out/$W.$input.yaml"
  echo "input $input: $out/$W.$input.db"
done
echo "\$ pgo-merge -o $W.db --weighted-input=3,$W.0.db $W.1.db"
rm -f "$out/$W.db"
"$merge" -o "$out/$W.db" --weighted-input=3,"$out/$W.0.db" "$out/$W.1.db"
"$show" summary "$out/$W.db"
echo "\$ pgo-show overlap $W.0.db $W.1.db   (how much the two inputs' profiles agree)"
"$show" overlap "$out/$W.0.db" "$out/$W.1.db" | head -6
echo "\$ pgo-show check $W.db --ir $W.ll   (flow conservation against the graph, stale keys)"
"$show" check "$out/$W.db" --ir "$out/$W.ll"   # exits non-zero on an inconsistent profile: the demo fails

step "synthesis against the real profile, next to LLVM's static estimates (all workloads)"
sh bench/synth_accuracy.sh "$B" "$out/accuracy" 2>/dev/null | sed -n '/^| workload/,/^$/p'
echo
echo "demo: done (outputs in $out)"
