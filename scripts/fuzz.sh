#!/bin/sh
# scripts/fuzz.sh [SECONDS]   (default 600)
#
# A fuzzing campaign over every libFuzzer target of pgo (docs/fuzzing.md).
#
#  1. Configures and builds its own tree (build-fuzz, or $PGO_FUZZ_BUILD)
#     with clang-19 (or $CC) and -DPGO_FUZZ=ON: every library compiled
#     with -fsanitize=fuzzer-no-link,address,undefined, every target
#     declared with pgo_add_fuzz_target (cmake/PgoFuzz.cmake) linked with
#     -fsanitize=fuzzer into build-fuzz/fuzz/.
#  2. Runs EVERY build-fuzz/fuzz/fuzz_* executable -- found by glob, so a
#     target added later is run without editing this script -- for SECONDS
#     each, one after the other, with
#       -timeout=$PGO_FUZZ_TIMEOUT (default 20 s per input: a hang),
#       -rss_limit_mb=$PGO_FUZZ_RSS_MB (default 2048: an OOM),
#       -malloc_limit_mb (same), leak detection on (-detect_leaks=1,
#       ASAN_OPTIONS=detect_leaks=1),
#     plus the target's own flags and environment (NAME.conf).  Each target
#     keeps its corpus between runs in .fuzz/corpus/NAME (gitignored; or
#     under $PGO_FUZZ_DIR), seeded from the in-tree seeds listed in
#     NAME.conf, which are read and never written; crash, leak, timeout and
#     OOM inputs go to .fuzz/artifacts/NAME/, the log to .fuzz/logs/.
#  3. Prints per target: executions/s, total executions, CPU seconds, new
#     corpus units and the corpus size, and the outcome.
#
# Exit status: 0 when every target ran clean for its time; 1 when any
# crashed, leaked, timed out, hung (the whole run overstaying SECONDS by
# more than 5 min), ran out of memory, or found no target; 2 on a build
# or usage error.
set -eu

secs=${1:-600}
case $secs in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2;;
esac
src=$(cd "$(dirname "$0")/.." && pwd)
build=${PGO_FUZZ_BUILD:-$src/build-fuzz}
work=${PGO_FUZZ_DIR:-$src/.fuzz}
cc=${CC:-clang-19}
per_input=${PGO_FUZZ_TIMEOUT:-20}
rss=${PGO_FUZZ_RSS_MB:-2048}
llvm=ON
command -v "$cc" >/dev/null 2>&1 || { echo "fuzz: no $cc" >&2; exit 2; }
command -v llvm-config-19 >/dev/null 2>&1 || llvm=OFF

echo "fuzz: building the targets in $build ($cc, LLVM $llvm)"
mkdir -p "$work/logs"
if ! cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGO_FUZZ=ON -DPGO_WITH_LLVM=$llvm \
      -DPGO_BUILD_TESTS=OFF -DPGO_BUILD_BENCH=OFF >"$work/logs/configure.log" 2>&1; then
  cat "$work/logs/configure.log" >&2; exit 2
fi
if ! nice cmake --build "$build" -j2 --target pgo_fuzz_all >"$work/logs/build.log" 2>&1; then
  tail -40 "$work/logs/build.log" >&2; exit 2
fi

targets=$(find "$build/fuzz" -maxdepth 1 -type f -name 'fuzz_*' ! -name '*.conf' -perm -u+x | sort)
[ -n "$targets" ] || { echo "fuzz: no fuzz_* target in $build/fuzz" >&2; exit 1; }

# value of libFuzzer's final "stat::NAME: value" line in a log, 0 if none
final_stat() { sed -n "s/^stat::$1: *\([0-9.]*\).*/\1/p" "$2" | tail -1 | grep . || echo 0; }

fail=0
summary=""
for bin in $targets; do
  name=$(basename "$bin")
  seeds='' options='' env=''
  if [ -f "$bin.conf" ]; then
    # shellcheck disable=SC1090
    . "$bin.conf"
  fi
  corpus=$work/corpus/$name
  art=$work/artifacts/$name
  log=$work/logs/$name.log
  mkdir -p "$corpus" "$art"
  before=$(find "$corpus" -type f | wc -l)
  echo "fuzz: $name for ${secs}s (corpus $corpus: $before units; seeds: ${seeds:-none})"
  # libFuzzer's own flags win over nothing else: ours come last.  The
  # timeout(1) guard catches a hang outside any single input.
  # shellcheck disable=SC2086
  set +e
  env ASAN_OPTIONS=detect_leaks=1 $env \
    /usr/bin/time -f 'cpu %U %S' -o "$work/logs/$name.time" \
    timeout -k 10 $((secs + 300)) \
    "$bin" $options -max_total_time="$secs" -timeout="$per_input" \
      -rss_limit_mb="$rss" -malloc_limit_mb="$rss" -detect_leaks=1 \
      -error_exitcode=1 -timeout_exitcode=3 -print_final_stats=1 \
      -artifact_prefix="$art/" "$corpus" $seeds >"$log" 2>&1
  rc=$?
  set -e
  execs=$(final_stat number_of_executed_units "$log")
  eps=$(final_stat average_exec_per_sec "$log")
  newu=$(final_stat new_units_added "$log")
  cpu=$(awk '/^cpu/ { printf "%.0f", $2 + $3 }' "$work/logs/$name.time" 2>/dev/null || echo "?")
  after=$(find "$corpus" -type f | wc -l)
  kib=$(du -sk "$corpus" | cut -f1)
  outcome=clean
  if [ "$rc" -ne 0 ]; then
    fail=1
    if grep -q "ERROR: libFuzzer: out-of-memory\|ERROR: libFuzzer: out-of-memory (malloc" "$log"; then
      outcome="OOM"
    elif grep -q "ERROR: LeakSanitizer" "$log"; then
      outcome="LEAK"
    elif grep -q "ERROR: libFuzzer: timeout" "$log" || [ "$rc" -eq 3 ]; then
      outcome="TIMEOUT (an input ran over ${per_input}s)"
    elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      outcome="HANG (the run overstayed ${secs}s by 5 min)"
    elif grep -q "ERROR: AddressSanitizer\|runtime error:\|deadly signal\|ERROR: UndefinedBehaviorSanitizer" "$log"; then
      outcome="CRASH"
    else
      outcome="FAILED (exit $rc)"
    fi
    outcome="$outcome: $log; inputs in $art/"
  fi
  line=$(printf '%-12s %10s exec/s %12s execs %7s CPU s %6s new units, corpus %6s units %7s KiB  %s' \
         "$name" "$eps" "$execs" "$cpu" "$newu" "$after" "$kib" "$outcome")
  echo "fuzz: $line"
  summary="$summary$line
"
done
echo "fuzz: summary (${secs}s per target)"
printf '%s' "$summary"
exit $fail
