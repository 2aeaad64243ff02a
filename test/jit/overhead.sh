#!/bin/sh
# overhead.sh PGO_JIT BUILD_DIR [NAMES...]  (not run by ctest: it takes minutes)
# For each bundled workload at its full size (NAME.arg), wall-clock seconds
# (best of 3) of:
#   native   clang-19 -O2 (bench/workloads/build.sh)
#   llvm-ig  clang-19 -O2 -fprofile-generate (LLVM IR-level instrumentation)
#   jit      pgo-jit run -O2 --no-instrument
#   jit-ig   pgo-jit run -O2 (pgo's instrumentation, counts into a store)
# and the slowdowns llvm-ig/native and jit-ig/jit, with their geomeans; and
# pgo-jit's compile time (-v) at -O0 and -O2.  One markdown table on stdout.
set -eu
jit=$1 work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../bench/workloads" && pwd)
mkdir -p "$work"
[ $# -gt 0 ] || set -- $(cd "$src" && ls *.c | sed 's/\.c$//')
best() { # best of 3 wall-clock seconds of "$@"
  b=
  for k in 1 2 3; do
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
echo "| workload | native s | llvm-ig s | jit s | jit-ig s | llvm-ig/native | jit-ig/jit | compile -O0 s | compile -O2 s |"
echo "|---|---|---|---|---|---|---|---|---|"
lsum=0 jsum=0 n=0 worst=0
for w in "$@"; do
  sh "$src/build.sh" "$work" "$w" >/dev/null
  clang-19 -std=c11 -O2 -fprofile-generate "$src/$w.c" -o "$work/$w.ig" -lm
  args=$(cat "$src/$w.arg")
  # shellcheck disable=SC2086
  tn=$(best "$work/$w.native" $args)
  # shellcheck disable=SC2086
  ti=$(best env LLVM_PROFILE_FILE="$work/$w.profraw" "$work/$w.ig" $args)
  # shellcheck disable=SC2086
  tj=$(best "$jit" run -O2 --no-instrument "$work/$w.ll" -- $args)
  rm -f "$work/$w.pgodb"
  # shellcheck disable=SC2086
  tg=$(best "$jit" run -O2 --store "$work/$w.pgodb" "$work/$w.ll" -- $args)
  c0=$("$jit" run -v -O0 --no-instrument "$work/$w.ll" -- 1 2>&1 >/dev/null |
    sed -n 's/.*compiled at -O0 in \([0-9.]*\) s/\1/p')
  c2=$("$jit" run -v -O2 "$work/$w.ll" --store "$work/c.pgodb" -- 1 2>&1 >/dev/null |
    sed -n 's/.*compiled at -O2 in \([0-9.]*\) s/\1/p')
  rl=$(echo "scale=3; $ti / $tn" | bc)
  rj=$(echo "scale=3; $tg / $tj" | bc)
  lsum=$(echo "$lsum + l($rl)" | bc -l)
  jsum=$(echo "$jsum + l($rj)" | bc -l)
  [ "$(echo "$rj > $worst" | bc)" = 1 ] && worst=$rj
  n=$((n + 1))
  echo "| $w | $tn | $ti | $tj | $tg | $rl | $rj | $c0 | $c2 |"
done
gl=$(echo "scale=3; e($lsum / $n)" | bc -l)
gj=$(echo "scale=3; e($jsum / $n)" | bc -l)
echo "| geomean | | | | | $gl | $gj | | |"
echo
echo "worst jit-ig/jit: $worst"
