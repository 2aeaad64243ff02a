#!/bin/sh
# overlap.sh WORKDIR [NAMES...]
#
# Shows that a workload's INPUT argument really changes its branch
# behaviour: builds each workload with clang's own instrumentation
# (-fprofile-instr-generate), runs it at the SIZE of <name>.small.arg with
# INPUT 0, 1, 2, ... (until the program rejects the INPUT with status 2),
# and prints llvm-profdata's edge-profile overlap of every input's profile
# with input 0's.  100% would mean identical branch behaviour.
# Tools: $CLANG (clang-19), $PROFDATA (llvm-profdata-19).
set -eu

prog=overlap.sh
die() {
  echo "$prog: $*" >&2
  exit 2
}
[ $# -ge 1 ] || die "usage: $prog WORKDIR [NAMES...]"
work=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
CLANG=${CLANG:-clang-19}
PROFDATA=${PROFDATA:-llvm-profdata-19}
mkdir -p "$work" || die "cannot create $work"
if [ $# -eq 0 ]; then
  for f in "$here"/*.c; do
    set -- "$@" "$(basename "$f" .c)"
  done
fi

echo "| workload | SIZE | edge-profile overlap with INPUT 0 (INPUT 1, 2, ...) |"
echo "|---|---|---|"
for n in "$@"; do
  exe=$work/$n.instr
  "$CLANG" -std=c11 -O2 -fprofile-instr-generate "$here/$n.c" -o "$exe" ||
    die "$n: instrumented build failed"
  size=$(cut -d' ' -f1 "$here/$n.small.arg")
  row=""
  i=0
  while :; do
    rc=0
    LLVM_PROFILE_FILE=$work/$n.$i.profraw "$exe" "$size" "$i" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 2 ] && break
    [ "$rc" -eq 0 ] || die "$n: INPUT $i failed with status $rc"
    "$PROFDATA" merge -o "$work/$n.$i.profdata" "$work/$n.$i.profraw" ||
      die "$n: llvm-profdata merge failed"
    if [ "$i" -gt 0 ]; then
      ov=$("$PROFDATA" overlap "$work/$n.0.profdata" "$work/$n.$i.profdata" |
        sed -n 's/.*Edge profile overlap: *//p' | head -n 1)
      row="$row${row:+, }$ov"
    fi
    i=$((i + 1))
  done
  echo "| $n | $size | $row |"
done
