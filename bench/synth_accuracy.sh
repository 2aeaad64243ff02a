#!/bin/sh
# synth_accuracy.sh [BUILD_DIR] [WORK_DIR] -- how close is synthesis to the
# real profile, against LLVM's own static estimates (docs/synth.md).
#
# For every workload in bench/workloads/*.c: build the plain IR, build and
# run a clang-19 -fprofile-instr-generate binary (SIZE INPUT from
# bench/workloads/NAME.arg when present, else the medium sizes below), merge
# the profile, apply it with -fprofile-instr-use to IR built with the same
# flags as the plain IR (so blocks correspond by function + label), and
# print: (1) the in-sample table, pgo synthesis with the shipped table
# (pgo-show synth) and LLVM's static estimates (opt-19 lower-expect +
# print<branch-prob> / print<block-freq>) side by side, scored by
# bench/synth_accuracy/accuracy.py; (2) the held-out tables of
# bench/synth_accuracy/heldout.py: 5-fold cross-validation by workload,
# every probability table fitted (fit.py) on the other folds, an ablation
# per heuristic (docs/synth.md "Accuracy, held out").
# Truth and LLVM's files are kept between runs while newer than the
# workload's .c and .arg (FORCE=1 rebuilds them).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
work=${2:-${TMPDIR:-/tmp}/pgo-synth-accuracy}
show=$build/tools/pgo-show/pgo-show
[ -x "$show" ] || { echo "synth_accuracy: no $show (build first)" >&2; exit 2; }
mkdir -p "$work"
flags="-O1 -Xclang -disable-llvm-passes -fno-discard-value-names -g0"

# Medium sizes: each instrumented run takes a fraction of a second.
default_args() {
  case $1 in
  bignum) echo 2000 ;; compress) echo 2000000 ;; fptr) echo 2000000 ;;
  graph) echo 100000 ;; hashtab) echo 500000 ;; lexer) echo 3000000 ;;
  numeric) echo 200 ;; parser) echo 10000 ;; regex) echo 10000 ;;
  sort) echo 200000 ;; strmatch) echo 1000000 ;; vm) echo 5000 ;;
  *) echo 1000 ;;
  esac
}

names=""
for src in "$root"/bench/workloads/*.c; do
  w=$(basename "$src" .c)
  if [ -f "$root/bench/workloads/$w.arg" ]; then
    args=$(head -n 1 "$root/bench/workloads/$w.arg")
  else
    args=$(default_args "$w")
  fi
  names="$names $w"
  # Truth and LLVM's estimates depend only on the source, its arguments
  # and the compilers: kept when newer than both.
  if [ -z "${FORCE:-}" ] && [ -s "$work/$w.llvm.bfi" ] && [ -s "$work/$w.truth.bfi" ] &&
    [ "$work/$w.llvm.bfi" -nt "$src" ] &&
    { [ ! -f "$root/bench/workloads/$w.arg" ] || [ "$work/$w.llvm.bfi" -nt "$root/bench/workloads/$w.arg" ]; }; then
    "$show" synth "$work/$w.ll" --format json > "$work/$w.pgo.json"
    continue
  fi
  echo "synth_accuracy: $w $args" >&2
  # shellcheck disable=SC2086
  clang-19 $flags -S -emit-llvm "$src" -o "$work/$w.ll"
  clang-19 -O1 -fprofile-instr-generate "$src" -o "$work/$w.instr" -lm
  rm -f "$work/$w.profraw"
  # shellcheck disable=SC2086
  (cd "$work" && LLVM_PROFILE_FILE="$w.profraw" "./$w.instr" $args > /dev/null)
  llvm-profdata-19 merge -o "$work/$w.profdata" "$work/$w.profraw"
  # shellcheck disable=SC2086
  clang-19 $flags -fprofile-instr-use="$work/$w.profdata" -S -emit-llvm \
    "$src" -o "$work/$w.prof.ll"
  opt-19 -passes='print<block-freq>' -disable-output "$work/$w.prof.ll" \
    > "$work/$w.truth.bfi" 2>&1
  opt-19 -passes='lower-expect,print<branch-prob>' -disable-output \
    "$work/$w.ll" > "$work/$w.llvm.bpi" 2>&1
  opt-19 -passes='lower-expect,print<block-freq>' -disable-output \
    "$work/$w.ll" > "$work/$w.llvm.bfi" 2>&1
  "$show" synth "$work/$w.ll" --format json > "$work/$w.pgo.json"
done

echo "machine: $(uname -m), $(nproc) cores; $(clang-19 --version | head -n 1)"
echo
# shellcheck disable=SC2086
python3 "$root/bench/synth_accuracy/accuracy.py" "$work" $names
echo
echo "held out (bench/synth_accuracy/heldout.py, 5 folds by workload):"
echo
# shellcheck disable=SC2086
python3 "$root/bench/synth_accuracy/heldout.py" "$show" "$work" $names
