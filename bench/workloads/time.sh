#!/bin/sh
# time.sh OUTDIR [NAMES...]
#
# Times the native reference binaries that build.sh left in OUTDIR.  For each
# workload it first checks the binary's output at the small size against
# <name>.small.expect (a wrong binary is never timed), then runs it with the
# benchmark arguments in <name>.arg REPEAT times (default 3) and prints the
# fastest wall-clock time as a Markdown table row, plus the checksum line.
# Needs GNU date (%N).
set -eu

prog=time.sh
die() {
  echo "$prog: $*" >&2
  exit 2
}
[ $# -ge 1 ] || die "usage: $prog OUTDIR [NAMES...]"
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
REPEAT=${REPEAT:-3}
if [ $# -eq 0 ]; then
  for f in "$here"/*.c; do
    set -- "$@" "$(basename "$f" .c)"
  done
fi

echo "| workload | args | native -O2 time (s), best of $REPEAT | checksum |"
echo "|---|---|---|---|"
for n in "$@"; do
  exe=$out/$n.native
  [ -x "$exe" ] || die "$exe missing: run build.sh $out first"
  # shellcheck disable=SC2046
  "$exe" $(cat "$here/$n.small.arg") | cmp -s - "$here/$n.small.expect" ||
    die "$n: output at $(cat "$here/$n.small.arg") differs from $n.small.expect"
  args=$(cat "$here/$n.arg")
  best=
  sum=
  i=0
  while [ "$i" -lt "$REPEAT" ]; do
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    sum=$("$exe" $args | head -n 1) || die "$n: failed with $args"
    t1=$(date +%s%N)
    dt=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then
      best=$dt
    fi
    i=$((i + 1))
  done
  printf '| %s | %s | %d.%03d | %s |\n' "$n" "$args" $((best / 1000)) $((best % 1000)) \
    "${sum#checksum }"
done
