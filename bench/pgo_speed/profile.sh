#!/bin/sh
# profile.sh BUILD OUTDIR NAME ARGFILE
#
# A measured pgo profile of workload NAME trained with the arguments in
# ARGFILE, written to OUTDIR/NAME.profile.yaml (YAML twin of the store
# OUTDIR/NAME.profile.db), keyed to OUTDIR/NAME.ll (bench/workloads/
# build.sh's IR, built first if missing).
#
# PGO_PROFILE_SOURCE=jit (default): pgo's own tier-0 instrumentation,
# `pgo-jit run --store` on the IR.
# PGO_PROFILE_SOURCE=clang: clang-19's -fprofile-instr-generate run,
# re-keyed to pgo's
# method identity and IL offsets by bench/import/clang_to_pgo.py,
# with --all (functions that never ran are written
# with entry 0) and --estimated: the few counts clang does not instrument
# (parallel paths such as clang's cleanup switch) come from clang's own
# profile-driven BFI instead of leaving the whole method out -- the hot
# interpreter loops of vm and parser have such paths.  They are labelled
# instrumented in the store (which has no per-value provenance).  BUILD is pgo's build directory (pgo-show).
set -eu
die() {
  echo "profile.sh: $*" >&2
  exit 2
}
[ $# -eq 4 ] || die "usage: profile.sh BUILD OUTDIR NAME ARGFILE"
B=$1 out=$2 n=$3 argf=$4
here=$(cd "$(dirname "$0")/.." && pwd)
src=$here/workloads/$n.c
[ -f "$src" ] || die "no workload '$n'"
show=$B/tools/pgo-show/pgo-show
[ -x "$show" ] || die "$show missing"
mkdir -p "$out"
[ -f "$out/$n.ll" ] || sh "$here/workloads/build.sh" "$out" "$n" >/dev/null
rm -f "$out/$n.profile.db" "$out/$n.profile.yaml"
if [ "${PGO_PROFILE_SOURCE:-jit}" = jit ]; then
  # shellcheck disable=SC2046
  "$B/tools/pgo-jit/pgo-jit" run --store "$out/$n.profile.db" -q "$out/$n.ll" \
    $(cat "$argf") >/dev/null || true # the program's status is its own
  [ -s "$out/$n.profile.db" ] || die "$n: pgo-jit run wrote no profile"
  "$B/tools/pgo-merge/pgo-merge" -o "$out/$n.profile.yaml" "$out/$n.profile.db" >/dev/null
  echo "$out/$n.profile.yaml"
  exit 0
fi
flags="-std=c11 -O1 -Xclang -disable-llvm-passes -fno-discard-value-names -g0"
clang-19 -std=c11 -O1 -fprofile-instr-generate "$src" -o "$out/$n.instr" -lm
"$show" cfg "$out/$n.ll" --format json >"$out/$n.cfg.json"
rm -f "$out/$n.profraw"
# shellcheck disable=SC2046
LLVM_PROFILE_FILE="$out/$n.profraw" "$out/$n.instr" $(cat "$argf") >/dev/null
llvm-profdata-19 merge -o "$out/$n.profdata" "$out/$n.profraw"
# shellcheck disable=SC2086
clang-19 $flags -fprofile-instr-use="$out/$n.profdata" -S -emit-llvm "$src" \
  -o "$out/$n.prof.ll"
opt-19 -passes='print<block-freq>' -disable-output "$out/$n.prof.ll" \
  >"$out/$n.bfi" 2>&1
python3 "$here/import/clang_to_pgo.py" --all --estimated "$out/$n.cfg.json" \
  "$out/$n.prof.ll" "$out/$n.bfi" "$n $(cat "$argf")" \
  >"$out/$n.profile.yaml" 2>"$out/$n.import.log" ||
  die "$n: import failed: $(cat "$out/$n.import.log")"
"$B/tools/pgo-merge/pgo-merge" -o "$out/$n.profile.db" "$out/$n.profile.yaml" >/dev/null
echo "$out/$n.profile.yaml"
