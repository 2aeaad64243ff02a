#!/bin/sh
# vs_llvm.sh NAME WL_SRC WORK_DIR PGO_JIT PGO_SHOW PGO_MERGE CLANG OPT PROFDATA PYTHON
# One bundled workload: the counts `pgo-jit run` stores for WORK_DIR/NAME.ll
# (built by workload.NAME.build) with the small input
#   - are flow-consistent: `pgo-show check --ir` flags nothing;
#   - are the same at -O0 and -O2;
#   - equal LLVM's own IR-level instrumentation (pgo-instr-gen) of the same
#     IR on the same input: every conditional branch's and switch's edge
#     counts and every entry count (compare_irpgo.py).
# (clang's front-end counters re-keyed by bench/import/clang_to_pgo.py are
# not exact enough for this: they estimate cleanup and ?: blocks from BFI.)
set -eu
name=$1 src=$2 work=$3 jit=$4 show=$5 merge=$6 clang=$7 opt=$8 profdata=$9
shift 9
python=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ll=$work/$name.ll
args=$(cat "$src/$name.small.arg")
d=$work/counts
rm -rf "$d" && mkdir -p "$d"

for o in 0 2; do
  # shellcheck disable=SC2086
  "$jit" run -v -O$o "$ll" --store "$d/pgo.O$o.pgodb" -- $args \
    >"$d/out.O$o" 2>"$d/report"
  cmp -s "$d/out.O$o" "$src/$name.small.expect" || {
    echo "FAIL: -O$o output differs"
    exit 1
  }
  "$merge" -o "$d/pgo.O$o.yaml" "$d/pgo.O$o.pgodb"
  grep -v '^  time:' "$d/pgo.O$o.yaml" >"$d/pgo.O$o.notime"
done
cmp -s "$d/pgo.O0.notime" "$d/pgo.O2.notime" || {
  echo "FAIL: counts differ between -O0 and -O2"
  diff "$d/pgo.O0.notime" "$d/pgo.O2.notime" | head -10
  exit 1
}
"$show" check "$d/pgo.O2.pgodb" --ir "$ll" >"$d/check.txt" || true
grep -q " flagged 0 " "$d/check.txt" || {
  echo "FAIL: pgo-show check:"
  cat "$d/check.txt"
  exit 1
}

# LLVM's own IR-level instrumentation of the same IR, run on the same
# input: the exact edge and entry counts, as branch weights on the IR.
"$opt" -passes='pgo-instr-gen,instrprof' "$ll" -o "$d/ig.bc"
"$clang" -c -O1 "$d/ig.bc" -o "$d/ig.o"
"$clang" -fprofile-generate "$d/ig.o" -o "$d/ig" -lm
# shellcheck disable=SC2086
LLVM_PROFILE_FILE="$d/ig.raw" "$d/ig" $args >/dev/null
"$profdata" merge -o "$d/ig.data" "$d/ig.raw"
"$opt" -passes=pgo-instr-use -pgo-test-profile-file="$d/ig.data" "$ll" -S \
  -o "$d/use.ll"
"$show" cfg "$ll" --format json >"$d/cfg.json"
"$python" "$here/compare_irpgo.py" "$d/cfg.json" "$d/pgo.O2.yaml" "$d/use.ll"
# Probes, for the record: pgo's counters against LLVM IR PGO's.
ours=$(sed -n 's/.* \([0-9]*\) counters (.*/\1/p' "$d/report")
theirs=$("$profdata" show --all-functions --counts "$d/ig.data" |
  awk '/Counters:/ {n += $2} END {print n}')
echo "probes: pgo $ours counters, LLVM IR PGO $theirs counters"
