#!/bin/sh
# golden.sh PGO_SHOW SRCDIR OUTDIR -- pgo-show synth end to end: the text
# and JSON output on fixtures/synth.ll must match golden/ byte for byte
# (regenerate with PGO_GOLDEN_UPDATE=1 after an intended change and review
# the diff), the JSON must parse, and bad input must give exit status 2, one
# line on stderr and nothing on stdout.
set -u
show=$1 src=$2 out=$3
mkdir -p "$out"
fail=0
fx=$src/fixtures/synth.ll
cd "$src/fixtures" || exit 1
for fmt in text json; do
  ext=$fmt; [ "$fmt" = text ] && ext=txt
  if ! "$show" synth synth.ll --format "$fmt" > "$out/synth.$ext" 2> "$out/err"; then
    echo "FAIL: pgo-show synth --format $fmt exited non-zero"; cat "$out/err"; fail=1
  fi
  if [ "${PGO_GOLDEN_UPDATE:-0}" = 1 ]; then
    cp "$out/synth.$ext" "$src/golden/synth.$ext"
  elif ! diff -u "$src/golden/synth.$ext" "$out/synth.$ext"; then
    echo "FAIL: $fmt output differs from golden/synth.$ext"; fail=1
  fi
done
if command -v python3 > /dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="pgo-show-synth/1"; assert len(d["methods"])>0' "$out/synth.json" || { echo "FAIL: JSON does not parse"; fail=1; }
fi
# bitcode gives the same output as text IR (the front door reads both)
if command -v llvm-as-19 > /dev/null; then
  llvm-as-19 synth.ll -o "$out/synth.bc" &&
    "$show" synth "$out/synth.bc" > "$out/synth-bc.txt" || fail=1
  "$show" synth synth.ll > "$out/synth-ll.txt" || fail=1
  cmp -s "$out/synth-bc.txt" "$out/synth-ll.txt" ||
    { echo "FAIL: .bc and .ll outputs differ"; fail=1; }
fi
# one method only
"$show" synth synth.ll --method fp > "$out/fp.txt" || fail=1
[ "$(grep -c '^method' "$out/fp.txt")" = 1 ] || { echo "FAIL: --method"; fail=1; }
# Semantic checks that hold whatever the golden files say (so that
# regenerating them cannot bless a regression):
"$show" synth synth.ll > "$out/all.txt" || fail=1
expect_line() { # METHOD PATTERN WHAT
  awk -v m="$1" '/^method /{on = ($2 == m)} on' "$out/all.txt" |
    grep -Eq -- "$2" || { echo "FAIL: $1: $3"; fail=1; }
}
# llvm.expect (x < 0 expected true) dominates the opcode heuristic, which
# still shows as overridden
expect_line expect_wins 'succ 0 -> 1 if.then prob 0\.9995 annotation -opcode$' \
  'llvm.expect does not dominate opcode'
# llvm.expect.with.probability 0.3 verbatim
expect_line expect_prob 'succ 0 -> 1 if.then prob 0\.3 annotation' \
  'with.probability not taken verbatim'
# a return inside for (;;) goes through clang's cleanup switch; the
# loop-branch/loop-exit and return heuristics see it leave the loop
expect_line find_first 'succ 0 -> 2 if.then prob 0\.04[0-9]* -loop-branch .*-return$' \
  'return through the cleanup switch not seen as a loop exit (for.cond)'
expect_line find_first 'succ 0 -> 4 if.then2 prob 0\.08[0-9]* -loop-exit -return$' \
  'return through the cleanup switch not seen as a loop exit (if.end)'
# nested scopes: the return in case 1 passes two cleanup switches
expect_line run_ops 'succ 0 -> 4 if.then prob 0\.01[0-9]* -loop-exit -opcode -return$' \
  'return through two nested cleanup switches not seen as a loop exit'
expect_line run_ops 'succ 1 -> 2 sw.bb prob 0\.02[0-9]* -loop-branch -store -return$' \
  'switch case returning through the cleanup switch not seen as an exit'
# classify: a switch whose cases all return gets the same share per case
# index; the default (-1) too
expect_line classify 'succ 3 -> 3 sw.bb2 prob 0\.2 ' 'switch share per case'
# bad input: status 2, one line on stderr, nothing on stdout
check_bad() {
  "$show" synth "$@" > "$out/bad.out" 2> "$out/bad.err"
  rc=$?
  if [ $rc -ne 2 ] || [ -s "$out/bad.out" ] || [ "$(wc -l < "$out/bad.err")" -ne 1 ]; then
    echo "FAIL: pgo-show synth $* -> status $rc"; cat "$out/bad.err"; fail=1
  fi
}
check_bad "$out/does-not-exist.ll"
printf 'define i32 @f( {\n' > "$out/broken.ll"
check_bad "$out/broken.ll"
check_bad synth.ll --method no_such_function
check_bad synth.ll --format dot
check_bad synth.ll --disable bogus
check_bad
exit $fail
