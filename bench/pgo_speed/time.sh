#!/bin/sh
# time.sh OUTDIR NAME VARIANT...
#
# The timing part of bench/pgo_speed.sh, shared with scripts/demo.sh:
# runs the binaries OUTDIR/NAME.VARIANT (built by the caller) on the
# reference input bench/workloads/NAME.arg, REPEAT rounds (default 5), each
# running every variant once in turn (interleaved, so drift on a shared
# machine hits all alike), and prints one line:
#     BASE R2 R3 ...
# BASE the median time of the first variant (the reference, e.g. native
# clang -O2), Rk the median time of variant k divided by BASE (below 1:
# faster).  The times of each variant stay in OUTDIR/NAME.VARIANT.times.
# Times are CPU seconds (user + system, GNU time) by default, CLOCK=wall
# for elapsed time (GNU date %N).  A missing binary stops the script with
# status 2 and a message on stderr; a run's own exit status is not judged
# (the caller checks the output first, as pgo_speed.sh's build step does).
set -eu
prog=time.sh
die() {
  echo "$prog: $*" >&2
  exit 2
}
[ $# -ge 3 ] || die "usage: $prog OUTDIR NAME VARIANT..."
out=$1 n=$2
shift 2
wl=$(cd "$(dirname "$0")/../workloads" && pwd)
[ -f "$wl/$n.arg" ] || die "no workload '$n' ($wl/$n.arg)"
REPEAT=${REPEAT:-5}
# cpu (default): user + system CPU seconds of the run (GNU time), robust
# on a shared, oversubscribed machine where wall-clock time mostly
# measures the other jobs; wall: elapsed time.
CLOCK=${CLOCK:-cpu}
[ "$CLOCK" = cpu ] || [ "$CLOCK" = wall ] || die "CLOCK must be cpu or wall"
[ "$CLOCK" = wall ] || [ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) missing; CLOCK=wall"
for v in "$@"; do
  [ -x "$out/$n.$v" ] || die "$out/$n.$v missing"
  : >"$out/$n.$v.times"
done
args=$(cat "$wl/$n.arg")

now() { date +%s.%N; }

median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else print (a[m]+a[m+1])/2}'; }

i=0
while [ "$i" -lt "$REPEAT" ]; do
  for v in "$@"; do
    if [ "$CLOCK" = cpu ]; then
      # shellcheck disable=SC2086
      /usr/bin/time -f "%U %S" -o "$out/$n.time.tmp" "$out/$n.$v" $args >/dev/null
      awk '{print $1 + $2}' "$out/$n.time.tmp" >>"$out/$n.$v.times"
    else
      t0=$(now)
      # shellcheck disable=SC2086
      "$out/$n.$v" $args >/dev/null
      t1=$(now)
      echo "$t1 - $t0" | bc -l >>"$out/$n.$v.times"
    fi
  done
  i=$((i + 1))
done
rm -f "$out/$n.time.tmp"
base=$(median <"$out/$n.$1.times")
line=$base
shift
for v in "$@"; do
  m=$(median <"$out/$n.$v.times")
  line="$line $(echo "$m / $base" | bc -l)"
done
echo "$line"
