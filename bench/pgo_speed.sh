#!/bin/sh
# pgo_speed.sh BUILD OUTDIR [NAMES...]
#
# pgo's profile-guided compilation against clang-19's own PGO, per bundled
# workload (bench/workloads; all when no NAMES) and as a geometric mean.
# Variants, each a PIE linked by clang-19:
#   clang -O2       clang-19 -O2 (the reference; build.sh's .native)
#   IR PGO          -O2 -fprofile-generate, llvm-profdata-19 merge,
#                   -O2 -fprofile-use (the primary peer)
#   FE PGO          -O2 -fprofile-instr-generate / -fprofile-instr-use
#   pgo control     pgo-jit compile -O2 of build.sh's IR without a profile
#                   (synthesis alone): should be within noise of clang -O2
#   pgo profile     pgo-jit compile -O2 --profile: the measured profile
#                   from bench/pgo_speed/profile.sh (`pgo-jit run --store`,
#                   pgo's own instrumentation; PGO_PROFILE_SOURCE=clang:
#                   clang's instrumented run imported by
#                   bench/import/clang_to_pgo.py)
# Every profile is trained on <name>.small.arg and timed on <name>.arg.
# Each binary's output at .small.arg is checked against .small.expect
# first (a wrong binary is never timed).  Then bench/pgo_speed/time.sh
# (shared with scripts/demo.sh): REPEAT rounds (default 5), each running
# every variant once in turn (interleaved, so drift on a shared machine
# hits all alike); a variant's figure is its median.  The
# table gives the times of clang -O2 and the ratios time / clang -O2 time
# (below 1: faster).  Times are CPU seconds (user + system, GNU time) by
# default, CLOCK=wall for elapsed time (GNU date %N).  BUILD is pgo's build directory.
set -eu
prog=pgo_speed.sh
die() {
  echo "$prog: $*" >&2
  exit 2
}
[ $# -ge 2 ] || die "usage: $prog BUILD OUTDIR [NAMES...]"
B=$(cd "$1" && pwd) out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
wl=$here/workloads
J=$B/tools/pgo-jit/pgo-jit
[ -x "$J" ] || die "$J missing (build pgo first)"
REPEAT=${REPEAT:-5}
# cpu (default): user + system CPU seconds of the run (GNU time), robust
# on a shared, oversubscribed machine where wall-clock time mostly
# measures the other jobs; wall: elapsed time.
CLOCK=${CLOCK:-cpu}
[ "$CLOCK" = cpu ] || [ "$CLOCK" = wall ] || die "CLOCK must be cpu or wall"
[ "$CLOCK" = wall ] || [ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) missing; CLOCK=wall"
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ $# -eq 0 ]; then
  for f in "$wl"/*.c; do
    set -- "$@" "$(basename "$f" .c)"
  done
fi
CF="-std=c11 -O2"
variants="native irpgo fepgo control pgo"

build() {
  n=$1
  src=$wl/$n.c
  small=$(cat "$wl/$n.small.arg")
  sh "$wl/build.sh" "$out" "$n" >/dev/null
  # clang IR-level PGO
  rm -rf "$out/$n.irprof" && mkdir -p "$out/$n.irprof"
  # shellcheck disable=SC2086
  clang-19 $CF -fprofile-generate="$out/$n.irprof" "$src" -o "$out/$n.irgen" -lm
  # shellcheck disable=SC2086
  "$out/$n.irgen" $small >/dev/null
  llvm-profdata-19 merge -o "$out/$n.ir.profdata" "$out/$n.irprof"
  # shellcheck disable=SC2086
  clang-19 $CF -fprofile-use="$out/$n.ir.profdata" -Wno-backend-plugin "$src" \
    -o "$out/$n.irpgo" -lm
  # clang front-end PGO
  # shellcheck disable=SC2086
  clang-19 $CF -fprofile-instr-generate "$src" -o "$out/$n.fegen" -lm
  # shellcheck disable=SC2086
  LLVM_PROFILE_FILE="$out/$n.fe.profraw" "$out/$n.fegen" $small >/dev/null
  llvm-profdata-19 merge -o "$out/$n.fe.profdata" "$out/$n.fe.profraw"
  # shellcheck disable=SC2086
  clang-19 $CF -fprofile-instr-use="$out/$n.fe.profdata" -Wno-backend-plugin \
    "$src" -o "$out/$n.fepgo" -lm
  # pgo
  "$J" compile "$out/$n.ll" --target x86_64-linux-gnu -O2 -c -o "$out/$n.control.o"
  clang-19 "$out/$n.control.o" -o "$out/$n.control" -lm
  sh "$here/pgo_speed/profile.sh" "$B" "$out" "$n" "$wl/$n.small.arg" >/dev/null
  "$J" compile "$out/$n.ll" --profile "$out/$n.profile.db" \
    --target x86_64-linux-gnu -O2 -c -v -o "$out/$n.pgo.o" 2>"$out/$n.pgo.log"
  clang-19 "$out/$n.pgo.o" -o "$out/$n.pgo" -lm
  for v in $variants; do
    # shellcheck disable=SC2086
    "$out/$n.$v" $small | cmp -s - "$wl/$n.small.expect" ||
      die "$n: $v's output at $small differs from $n.small.expect"
  done
}

echo "| workload | clang -O2 ($CLOCK s) | IR PGO | FE PGO | pgo control | pgo profile | methods matched |"
echo "|---|---|---|---|---|---|---|"
geo=""
for n in "$@"; do
  build "$n"
  # shellcheck disable=SC2086
  t=$(REPEAT=$REPEAT CLOCK=$CLOCK sh "$here/pgo_speed/time.sh" "$out" "$n" $variants)
  base=${t%% *} rat=${t#* }
  row="| $n | $(printf %.3f "$base")"
  for r in $rat; do
    row="$row | $(printf %.3f "$r")"
  done
  matched=$(grep -o "[0-9]* functions: [0-9]* matched" "$out/$n.pgo.log" |
    awk '{print $3 "/" $1}')
  echo "$row | $matched |"
  geo="$geo
$rat"
done
echo "$geo" | awk 'NF == 4 {for (k = 1; k <= 4; k++) s[k] += log($k); c++}
  END {printf "| geomean | | %.3f | %.3f | %.3f | %.3f | |\n",
       exp(s[1]/c), exp(s[2]/c), exp(s[3]/c), exp(s[4]/c)}'
echo
echo "ratios: median $CLOCK time / clang -O2 median $CLOCK time over $REPEAT interleaved rounds;"
echo "trained on .small.arg, timed on .arg; pgo's profile source: ${PGO_PROFILE_SOURCE:-jit}"
echo "(jit: pgo-jit run --store; clang: clang_to_pgo.py --all --estimated import)."
