#!/bin/sh
# build.sh OUTDIR [NAMES...]
#
# Builds each bundled workload (all of bench/workloads/*.c when no NAMES are
# given) two ways:
#   OUTDIR/<name>.ll      LLVM IR as clang emits it before any LLVM pass
#                         (-O1 -Xclang -disable-llvm-passes: no optnone, so
#                         the IR can still be optimised later), value names
#                         kept, no debug info;
#   OUTDIR/<name>.native  the native reference binary at -O2.
# The compiler is $CLANG (default clang-19).  Any compiler error or warning
# (-Werror) stops the script with a non-zero status and a message naming the
# workload; outputs are written under a temporary name and renamed only on
# success, so a failed build never leaves a stale or partial file behind.
set -eu

prog=build.sh
die() {
  echo "$prog: $*" >&2
  exit 2
}

[ $# -ge 1 ] || die "usage: $prog OUTDIR [NAMES...]"
case "$1" in
-h | --help)
  echo "usage: $prog OUTDIR [NAMES...]"
  exit 0
  ;;
esac
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
CLANG=${CLANG:-clang-19}
command -v "$CLANG" >/dev/null 2>&1 || die "compiler '$CLANG' not found (set CLANG)"
mkdir -p "$out" || die "cannot create $out"

if [ $# -eq 0 ]; then
  set --
  for f in "$here"/*.c; do
    [ -e "$f" ] || die "no workloads in $here"
    n=$(basename "$f" .c)
    set -- "$@" "$n"
  done
fi

CSTD="-std=c11 -Wall -Wextra -Werror"
for n in "$@"; do
  src=$here/$n.c
  [ -f "$src" ] || die "no workload '$n' ($src)"
  # shellcheck disable=SC2086
  $CLANG $CSTD -O1 -Xclang -disable-llvm-passes -fno-discard-value-names -g0 \
    -S -emit-llvm "$src" -o "$out/$n.ll.tmp" ||
    die "$n: IR build failed ($CLANG)"
  mv -f "$out/$n.ll.tmp" "$out/$n.ll"
  # shellcheck disable=SC2086
  $CLANG $CSTD -O2 "$src" -o "$out/$n.native.tmp" ||
    die "$n: native build failed ($CLANG)"
  mv -f "$out/$n.native.tmp" "$out/$n.native"
done
