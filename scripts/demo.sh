#!/bin/sh
# The main job: the whole PGO loop on one bundled workload (default: vm,
# the bytecode interpreter; WORKLOAD=name for another of bench/workloads).
#
#   1. install missing Debian packages, build pgo (Release);
#   2. the workload to LLVM IR and to a native clang-19 -O2 binary
#      (bench/workloads/build.sh);
#   3. pgo-show cfg / synth: the method keys and shapes, and the synthesized
#      profile (Ball-Larus + Dempster-Shafer, Wu-Larus frequencies) of the
#      largest method -- what pgo knows before any run;
#   4. training: `pgo-jit run --store DB` runs the IR under ORC LLJIT,
#      instrumented by pgo, on the training input (NAME.small.arg); its
#      output must equal the native binary's;
#   5. `pgo-show summary DB` and `pgo-show check DB --ir W.ll` (flow
#      conservation against the graph, stale keys; its failure fails the
#      demo);
#   6. `pgo-jit compile W.ll --profile DB` (profile-guided: ingest, blend,
#      repair, oracles, annotation, O2, x86-64 code) and, as the control,
#      `pgo-jit compile W.ll` without a profile (synthesis alone); both
#      linked by clang-19 (as bench/pgo_speed.sh) and their output checked
#      against NAME.small.expect;
#   7. native clang -O2, pgo without profile and pgo with profile timed side
#      by side on the reference input (NAME.arg): REPEAT (default 3)
#      interleaved rounds, medians, ratios against clang -O2
#      (bench/pgo_speed/time.sh, the timing part of bench/pgo_speed.sh).
# The full comparison with clang's own PGO on all workloads is
# bench/pgo_speed.sh; synthesis's accuracy against real profiles (all
# workloads, a few minutes) is bench/synth_accuracy.sh.
#
# Usage: scripts/demo.sh [BUILD_DIR]      env: WORKLOAD=name (default vm),
#        REPEAT=n (timing rounds, default 3), CLOCK=cpu|wall (default cpu)
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
B=${1:-build}
W=${WORKLOAD:-vm}
REPEAT=${REPEAT:-3}
JOBS=$(nproc 2>/dev/null || echo 2)
wl=bench/workloads
[ -f "$wl/$W.c" ] || { echo "demo: no workload '$W' in $wl" >&2; exit 2; }
step() { printf '\n== %s ==\n' "$*"; }
run() { echo "\$ $*"; "$@"; }

step "1. build pgo ($B)"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DPGO_BUILD_TESTS=OFF \
      >"$B.configure.log" 2>&1 || { cat "$B.configure.log"; exit 1; }
cmake --build "$B" -j"$JOBS" >"$B.build.log" 2>&1 || { tail -40 "$B.build.log"; exit 1; }
show="$B/tools/pgo-show/pgo-show"
jit="$B/tools/pgo-jit/pgo-jit"
out="$B/demo"
mkdir -p "$out"
small=$(cat "$wl/$W.small.arg")
ref=$(cat "$wl/$W.arg")

step "2. workload $W: LLVM IR ($W.ll) and native clang-19 -O2 ($W.native)"
run bench/workloads/build.sh "$out" "$W"

step "3. before any run: pgo-show cfg (method keys, shapes) and synth (largest method)"
"$show" cfg "$out/$W.ll" --format text >"$out/$W.cfg.txt"
grep -E '^method ' "$out/$W.cfg.txt" | head -8
echo "... (all methods: $out/$W.cfg.txt)"
big=$(awk '/^method /{print $6, $2}' "$out/$W.cfg.txt" | sort -n | tail -1 | awk '{print $2}')
"$show" synth "$out/$W.ll" --method "$big" --format text >"$out/$W.synth.txt"
head -12 "$out/$W.synth.txt"
echo "... (full listing: $out/$W.synth.txt)"

step "4. training run: pgo-jit run --store (pgo's instrumentation, under ORC LLJIT) on $W.small.arg"
db="$out/$W.db"
rm -f "$db"
echo "\$ $out/$W.native $small"
# shellcheck disable=SC2086
"$out/$W.native" $small >"$out/$W.native.out"
echo "\$ pgo-jit run --store $db $out/$W.ll $small"
# shellcheck disable=SC2086
"$jit" run --store "$db" "$out/$W.ll" $small >"$out/$W.jit.out"
head -5 "$out/$W.jit.out"
if cmp -s "$out/$W.native.out" "$out/$W.jit.out"; then
  echo "(output of the instrumented run equals the native binary's)"
else
  echo "demo: the instrumented run's output differs from the native binary's" >&2
  diff "$out/$W.native.out" "$out/$W.jit.out" | head >&2
  exit 1
fi

step "5. the profile: pgo-show summary and check"
run "$show" summary "$db"
run "$show" check "$db" --ir "$out/$W.ll" # non-zero on an inconsistent profile: the demo fails

step "6. pgo-jit compile with the profile, and without (control); link with clang-19"
run "$jit" compile "$out/$W.ll" --profile "$db" --target x86_64-linux-gnu -O2 -c -v \
  -o "$out/$W.pgo.o"
run clang-19 "$out/$W.pgo.o" -o "$out/$W.pgo" -lm
run "$jit" compile "$out/$W.ll" --target x86_64-linux-gnu -O2 -c -o "$out/$W.control.o"
run clang-19 "$out/$W.control.o" -o "$out/$W.control" -lm
for v in native control pgo; do
  # shellcheck disable=SC2086
  "$out/$W.$v" $small | cmp -s - "$wl/$W.small.expect" ||
    { echo "demo: $W.$v's output at '$small' differs from $W.small.expect" >&2; exit 1; }
done
echo "(native, control and pgo print $W.small.expect)"

step "7. timing on the reference input $W.arg ('$ref'): $REPEAT interleaved rounds, medians"
t=$(REPEAT=$REPEAT sh bench/pgo_speed/time.sh "$out" "$W" native control pgo)
# shellcheck disable=SC2086
set -- $t
echo "| workload | clang -O2 (${CLOCK:-cpu} s) | pgo control / clang -O2 | pgo profile / clang -O2 |"
echo "|---|---|---|---|"
printf '| %s | %.3f | %.3f | %.3f |\n' "$W" "$1" "$2" "$3"
echo "(below 1: faster than clang-19 -O2; times per run: $out/$W.*.times;"
echo " all workloads, with clang's IR and front-end PGO: sh bench/pgo_speed.sh $B OUTDIR)"
echo
echo "demo: done (outputs in $out)"
