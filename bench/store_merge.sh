#!/usr/bin/env bash
# bench/store_merge.sh -- pgo-merge against llvm-profdata-19 merge on the
# same data, plus store look-up latency (docs/store.md, "Measured").
#
#   bench/store_merge.sh BUILD_DIR [WORK_DIR] [NPROF] [NMETH] [SEED]
#
# BUILD_DIR: a Release build (cmake -DCMAKE_BUILD_TYPE=Release ...) with
# pgo-merge, pgo-show and bench/store_merge built.  Defaults: 100 profiles x
# 10,000 methods x 40..60 counters (~50 M counters), seed 1, work dir
# /tmp/pgo-bench-store (about 1.2 GB).  Each configuration runs RUNS times
# (default 5); the table shows the fastest wall time, that run's CPU time
# (user + sys, all threads) and peak RSS (/usr/bin/time %e %U %S %M).  Outputs are checked
# first: the three merged totals (pgo store, llvm from text, llvm from
# indexed) must equal the generator's grand total.
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR [WORK_DIR] [NPROF] [NMETH] [SEED]}
work=${2:-/tmp/pgo-bench-store}
nprof=${3:-100}
nmeth=${4:-10000}
seed=${5:-1}
runs=${RUNS:-5}
lookup_methods=${LOOKUP_METHODS:-1000000}
build=$(cd "$build" && pwd)
merge=$build/tools/pgo-merge/pgo-merge
show=$build/tools/pgo-show/pgo-show
gen=$build/bench/store_merge/pgo-bench-store-gen
lookup=$build/bench/store_merge/pgo-bench-store-lookup
profdata=${LLVM_PROFDATA:-llvm-profdata-19}
for t in "$merge" "$show" "$gen" "$lookup"; do
  [[ -x $t ]] || { echo "missing $t (build the Release tree first)" >&2; exit 2; }
done
mkdir -p "$work"
cd "$work"
rm -f p*.db p*.proftext p*.profdata out*

t0=$(date +%s.%N)
total=$("$gen" "$work" "$nprof" "$nmeth" "$seed")
t1=$(date +%s.%N)
ls p*.proftext | xargs -P "$(nproc)" -I{} sh -c \
  "$profdata merge -o \$(basename {} .proftext).profdata {}"
t2=$(date +%s.%N)
printf 'generated %s profiles x %s methods (total %s) in %.1f s; ' \
  "$nprof" "$nmeth" "$total" "$(echo "$t1 - $t0" | bc)"
printf 'text -> indexed with llvm-profdata in %.1f s\n' "$(echo "$t2 - $t1" | bc)"

# --- correctness first: the three totals -----------------------------------
"$merge" -o out.db p*.db
"$profdata" merge -o out_idx.profdata p*.profdata
"$profdata" merge -o out_txt.profdata p*.proftext
pgo_total=$("$show" summary out.db --format json |
  sed -n 's/.*"totals": {"entry": [0-9]*, "blocks": \([0-9]*\), "edges": \([0-9]*\).*/\1 \2/p' |
  awk '{ printf "%.0f", $1 + $2 }')
llvm_sum() {
  "$profdata" merge --text -o - "$1" | awk '
    /^# Num Counters:/ { getline; n = $1; next }
    /^# Counter Values:/ { for (i = 0; i < n; i++) { getline; s += $1 }; next }
    END { printf "%.0f", s }'
}
idx_total=$(llvm_sum out_idx.profdata)
txt_total=$(llvm_sum out_txt.profdata)
echo "totals: generator $total pgo $pgo_total llvm-indexed $idx_total llvm-text $txt_total"
if [[ $total != "$pgo_total" || $total != "$idx_total" || $total != "$txt_total" ]]; then
  echo "TOTALS DIFFER" >&2
  exit 1
fi

# --- timing ----------------------------------------------------------------
# Configurations run round-robin, $runs rounds, so that every one sees the
# same background load; each keeps its fastest wall time, that run's CPU
# time (user + sys, all threads) and peak RSS.
declare -A CMD W C R
CMD[pgo_j1]="$merge --jobs 1 -o out.db p*.db"
CMD[pgo_jn]="$merge -o out.db p*.db"
CMD[idx_j1]="$profdata merge --num-threads=1 -o out_idx.profdata p*.profdata"
CMD[idx_jn]="$profdata merge -o out_idx.profdata p*.profdata"
CMD[txt_j1]="$profdata merge --num-threads=1 -o out_txt.profdata p*.proftext"
CMD[txt_jn]="$profdata merge -o out_txt.profdata p*.proftext"
for ((i = 0; i < runs; i++)); do
  for k in pgo_j1 idx_j1 txt_j1 pgo_jn idx_jn txt_jn; do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S %M' -o time.out ${CMD[$k]} >/dev/null 2>&1
    read -r w u sy r <time.out
    if [[ -z ${W[$k]:-} ]] || (($(echo "$w < ${W[$k]}" | bc))); then
      W[$k]=$w
      C[$k]=$(echo "$u + $sy" | bc | sed 's/^\./0./')
      R[$k]=$r
    fi
  done
done

ratio() { echo "scale=3; $1 / $2" | bc | sed 's/^\./0./'; }
echo
echo "| threads | tool | input | wall s | CPU s | peak RSS MB | wall pgo/llvm | CPU pgo/llvm | RSS pgo/llvm |"
echo "|---|---|---|---|---|---|---|---|---|"
logsum=0
n=0
for j in j1 jn; do
  th=$([[ $j == j1 ]] && echo 1 || echo "$(nproc) (default)")
  printf '| %s | pgo-merge | %s stores | %s | %s | %.1f | | | |\n' "$th" "$nprof" \
    "${W[pgo_$j]}" "${C[pgo_$j]}" "$(echo "${R[pgo_$j]} / 1024" | bc -l)"
  for in in idx txt; do
    label=$([[ $in == idx ]] && echo indexed || echo text)
    tr=$(ratio "${W[pgo_$j]}" "${W[${in}_$j]}")
    cr=$(ratio "${C[pgo_$j]}" "${C[${in}_$j]}")
    rr=$(ratio "${R[pgo_$j]}" "${R[${in}_$j]}")
    printf '| %s | llvm-profdata-19 merge | %s %s | %s | %s | %.1f | %s | %s | %s |\n' \
      "$th" "$nprof" "$label" "${W[${in}_$j]}" "${C[${in}_$j]}" \
      "$(echo "${R[${in}_$j]} / 1024" | bc -l)" "$tr" "$cr" "$rr"
    logsum=$(echo "$logsum + l($tr)" | bc -l)
    n=$((n + 1))
  done
done
printf '\ngeometric mean of wall-time ratios (pgo/llvm, 4 pairs): %.3f\n' \
  "$(echo "e($logsum / $n)" | bc -l)"

# instructions and cycles, single-threaded (load-independent), when perf works
if command -v perf >/dev/null 2>&1 &&
  perf stat -e instructions true >/dev/null 2>&1; then
  for k in pgo_j1 idx_j1; do
    # shellcheck disable=SC2086
    perf stat -x, -e instructions,cycles -o perf.out ${CMD[$k]} >/dev/null 2>&1
    awk -F, -v k="$k" '/instructions|cycles/ { printf "%s %s %.2f G\n", k, $3, $1 / 1e9 }' perf.out
  done
fi

# --- look-up latency ---------------------------------------------------------
rm -f lookup.db
"$lookup" lookup.db "$lookup_methods" 1 "$seed" >/dev/null
"$lookup" lookup.db "$lookup_methods" 100000 "$seed"
