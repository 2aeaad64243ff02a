#!/bin/sh
# store.sh PGO_JIT PGO_SHOW SRC_DIR WORK_DIR
# pgo-jit run and its store: runs accumulate, --no-instrument writes
# nothing, abort() leaves the store untouched and openable, a corrupt store
# never changes the program's output or status and its counts go to a new
# store beside it, concurrent runs into one store all land, $PGO_PROFILE
# and default.pgodb, SIGTERM flushes.
set -u
jit=$1 show=$2 src=$3 work=$4
fix=$src/fixtures
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
runs() { "$show" summary "$1" | sed -n 's/^runs //p'; }
loop_count() { # main's count of the block at IL offset ${2:-1} (the loop)
  "$show" counts "$1" --method main | sed -n "s/^  ${2:-1} blocks //p"
}

db=$work/a.pgodb
out=$("$jit" run "$fix/count.ll" --store "$db" 2>"$work/err")
[ $? -eq 0 ] && [ "$out" = "done" ] || bad "run 1: '$out' $(cat "$work/err")"
[ -s "$work/err" ] && bad "run 1: stderr '$(cat "$work/err")'"
[ "$(runs "$db")" = 1 ] || bad "runs after 1: $(runs "$db")"
[ "$(loop_count "$db")" = 100 ] || bad "loop count after 1: $(loop_count "$db")"
"$jit" run "$fix/count.ll" --store "$db" >/dev/null
[ "$(runs "$db")" = 2 ] || bad "runs after 2: $(runs "$db")"
[ "$(loop_count "$db")" = 200 ] || bad "loop count after 2: $(loop_count "$db")"
"$show" check "$db" --ir "$fix/count.ll" | grep -q " flagged 0 " || bad "check"

# --no-instrument: no store.
"$jit" run --no-instrument "$fix/count.ll" --store "$work/none.pgodb" >/dev/null
[ -e "$work/none.pgodb" ] && bad "--no-instrument wrote a store"

# abort(): no counts, the store untouched and openable.
cp "$db" "$work/before.pgodb"
(cd "$work" && "$jit" run "$fix/abort.ll" --store "$db" 2>/dev/null)
[ $? -eq 134 ] || bad "abort: status"
[ "$(runs "$db")" = 2 ] || bad "abort changed the store: runs $(runs "$db")"

# exit(3) deep inside: counted (the exit path flushes).
echo x | "$jit" run "$fix/noexit.ll" --store "$work/exit.pgodb" >/dev/null 2>&1
[ $? -eq 3 ] || bad "noexit: status"
[ "$(runs "$work/exit.pgodb")" = 1 ] || bad "exit(): no run recorded"

# A corrupt store: output and status unchanged, counts beside it.
printf 'not a store at all, not even close\n' >"$work/corrupt.pgodb"
out=$("$jit" run "$fix/count.ll" --store "$work/corrupt.pgodb" 2>"$work/err")
rc=$?
[ $rc -eq 0 ] && [ "$out" = "done" ] || bad "corrupt store: status $rc, '$out'"
grep -q "^pgo-jit: .*counts written to $work/corrupt.pgodb\.[0-9]*\.pgodb" "$work/err" ||
  bad "corrupt store: warning '$(cat "$work/err")'"
alt=$(ls "$work"/corrupt.pgodb.*.pgodb 2>/dev/null | head -1)
[ -n "$alt" ] && [ "$(loop_count "$alt")" = 100 ] || bad "corrupt store: no counts beside it"
# -q silences the warning, not the fallback.
"$jit" run -q "$fix/count.ll" --store "$work/corrupt.pgodb" >/dev/null 2>"$work/err"
[ -s "$work/err" ] && bad "-q: stderr '$(cat "$work/err")'"

# Concurrent runs into one store: all land.
c=$work/conc.pgodb
for k in 1 2 3 4; do
  "$jit" run "$fix/count.ll" --store "$c" >/dev/null &
done
wait
[ "$(runs "$c")" = 4 ] || bad "concurrent: runs $(runs "$c")"
[ "$(loop_count "$c")" = 400 ] || bad "concurrent: loop count $(loop_count "$c")"

# $PGO_PROFILE, then default.pgodb in the current directory.
PGO_PROFILE=$work/env.pgodb "$jit" run "$fix/count.ll" >/dev/null
[ "$(runs "$work/env.pgodb")" = 1 ] || bad "PGO_PROFILE"
mkdir -p "$work/cwd"
(cd "$work/cwd" && env -u PGO_PROFILE "$jit" run "$fix/count.ll" >/dev/null)
[ "$(runs "$work/cwd/default.pgodb")" = 1 ] || bad "default.pgodb"

# SIGTERM on a program that never returns: counts flushed, then it dies of
# the signal (status 143).
t=$work/term.pgodb
"$jit" run "$fix/forever.ll" --store "$t" >"$work/term.out" &
pid=$!
k=0
until grep -q ready "$work/term.out" 2>/dev/null || [ $k -ge 100 ]; do
  sleep 0.1
  k=$((k + 1))
done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || bad "SIGTERM: status $rc, want 143"
[ "$(runs "$t")" = 1 ] || bad "SIGTERM: no run in the store"
n=$(loop_count "$t" 3)
[ "${n:-0}" -gt 0 ] 2>/dev/null || bad "SIGTERM: loop count '$n'"

[ $fail -eq 0 ] && echo "store.sh: all passed"
exit $fail
