#!/bin/sh
# golden.sh PGO_SHOW SRCDIR OUTDIR -- pgo-show synth end to end: the text
# and JSON output on fixtures/synth.ll and fixtures/names.ll must match
# golden/ byte for byte (regenerate with PGO_UPDATE_GOLDEN=1 -- or the older
# PGO_GOLDEN_UPDATE=1 -- after an intended change and review the diff), the
# JSON must parse, names must be quoted as pgo-show cfg quotes them
# (check_show.py), and bad input must give exit status 2, one line on
# stderr starting "pgo-show synth: " and nothing on stdout.
set -u
show=$1 src=$2 out=$3
mkdir -p "$out"
fail=0
fx=$src/fixtures/synth.ll
cd "$src/fixtures" || exit 1
update=0
[ "${PGO_UPDATE_GOLDEN:-0}" = 1 ] || [ "${PGO_GOLDEN_UPDATE:-0}" = 1 ] && update=1
for name in synth names; do
  for fmt in text json; do
    ext=$fmt; [ "$fmt" = text ] && ext=txt
    if ! "$show" synth $name.ll --format "$fmt" > "$out/$name.$ext" 2> "$out/err"; then
      echo "FAIL: pgo-show synth $name.ll --format $fmt exited non-zero"; cat "$out/err"; fail=1
    fi
    if [ $update = 1 ]; then
      cp "$out/$name.$ext" "$src/golden/$name.$ext" && echo "updated golden/$name.$ext"
    elif ! diff -u "$src/golden/$name.$ext" "$out/$name.$ext"; then
      echo "FAIL: $name.ll $fmt output differs from golden/$name.$ext"; fail=1
    fi
  done
done
# names quoted exactly as pgo-show cfg does; the heuristics-list contract
if command -v python3 > /dev/null; then
  python3 "$src/check_show.py" "$show" names.ll "$out/synth.json" || fail=1
fi
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
# (the one line starts with "pgo-show synth: " and contains NEEDLE)
check_bad() { # NEEDLE ARGS...
  needle=$1; shift
  "$show" synth "$@" > "$out/bad.out" 2> "$out/bad.err"
  rc=$?
  if [ $rc -ne 2 ] || [ -s "$out/bad.out" ] || [ "$(wc -l < "$out/bad.err")" -ne 1 ]; then
    echo "FAIL: pgo-show synth $* -> status $rc"; cat "$out/bad.err"; fail=1
  else
    case $(cat "$out/bad.err") in
    "pgo-show synth: "*"$needle"*) ;;
    *) echo "FAIL: pgo-show synth $*: want 'pgo-show synth: ...$needle...', got: $(cat "$out/bad.err")"; fail=1 ;;
    esac
  fi
}
check_bad "does-not-exist.ll: " "$out/does-not-exist.ll"
printf 'define i32 @f( {\n' > "$out/broken.ll"
check_bad "broken.ll:" "$out/broken.ll"
check_bad "synth.ll: no defined function 'no_such_function'" \
  synth.ll --method no_such_function
check_bad "unknown format 'dot'" synth.ll --format dot
check_bad "unknown heuristic 'bogus'" synth.ll --disable bogus
check_bad "unknown heuristic 'bogus'" synth.ll --disable opcode,bogus
check_bad "unknown heuristic 'bogus'" synth.ll --disable bogus,opcode
check_bad "empty heuristic name in ''" synth.ll --disable ''
check_bad "empty heuristic name in 'call,'" synth.ll --disable call,
check_bad "empty heuristic name in 'call,,store'" synth.ll --disable call,,store
check_bad "expected one IR file"
# a valid list is accepted and changes what fires
"$show" synth synth.ll --disable opcode,call > "$out/dis.txt" || fail=1
grep -q -- '[-+]opcode' "$out/dis.txt" &&
  { echo "FAIL: --disable opcode,call still shows opcode"; fail=1; }
grep -q -- '[-+]opcode' "$out/all.txt" ||
  { echo "FAIL: opcode never fires on synth.ll (the test above proves nothing)"; fail=1; }
# --probs: NAME=P items, 0 < P < 1, known names only
check_bad "bad item 'call=1.5'" synth.ll --probs call=1.5
check_bad "bad item 'call=0'" synth.ll --probs call=0
check_bad "bad item 'nope=0.5'" synth.ll --probs nope=0.5
check_bad "bad item 'call='" synth.ll --probs call=
check_bad "bad item 'call'" synth.ll --probs call
check_bad "bad item 'call=0.5x'" synth.ll --probs store=0.6,call=0.5x
# the table's own values change nothing; other values change the output
"$show" synth synth.ll --probs loop-branch=0.88,call=0.78 > "$out/probs-same.txt" || fail=1
cmp -s "$out/probs-same.txt" "$out/all.txt" ||
  { echo "FAIL: --probs with the table's values changed the output"; fail=1; }
"$show" synth synth.ll --probs loop-branch=0.6,opcode=0.99 > "$out/probs.txt" || fail=1
cmp -s "$out/probs.txt" "$out/all.txt" &&
  { echo "FAIL: --probs loop-branch=0.6,opcode=0.99 changed nothing"; fail=1; }
# clang's short-circuit merge: `while (j > 0 && f(j))`; the header's test
# j > 0 leaves the loop on false through the merge's constant phi, which
# only the merge hints see (docs/synth.md "Certain continuations")
cat > "$out/merge.ll" <<'LL'
declare i1 @f(i32)
define i32 @g(i32 %n) {
entry:
  br label %cond
cond:
  %j = phi i32 [ %n, %entry ], [ %dec, %body ]
  %c = icmp sgt i32 %j, 0
  br i1 %c, label %rhs, label %end
rhs:
  %r = call i1 @f(i32 %j)
  br label %end
end:
  %v = phi i1 [ false, %cond ], [ %r, %rhs ]
  br i1 %v, label %body, label %exit
body:
  %dec = sub i32 %j, 1
  br label %cond
exit:
  ret i32 %j
}
LL
"$show" synth "$out/merge.ll" --format json > "$out/merge-on.json" || fail=1
"$show" synth "$out/merge.ll" --format json --no-merge-hints > "$out/merge-off.json" || fail=1
python3 - "$out/merge-on.json" "$out/merge-off.json" <<'PY' || fail=1
import json, sys
def rhs(path):
    m = json.load(open(path))['methods'][0]
    lab = [b['label'] for b in m['blocks']]
    b = m['blocks'][lab.index('cond')]
    s = [s for s in b['succs'] if lab[s['target']] == 'rhs'][0]
    return s['prob'], {h['name'] for h in s['heuristics'] if h['vote'] == 'for'}
(on, hon), (off, hoff) = rhs(sys.argv[1]), rhs(sys.argv[2])
if not (on > off and 'loop-branch' in hon and 'loop-branch' not in hoff):
    sys.exit('FAIL: cond -> rhs is %.3f %s with merge hints, %.3f %s without '
             '(want higher, with loop-branch for it, only with)'
             % (on, sorted(hon), off, sorted(hoff)))
PY
# --help documents --disable in the usage line
"$show" synth --help | head -1 | grep -qF -- '[--disable LIST]' ||
  { echo "FAIL: usage line lacks [--disable LIST]"; fail=1; }
exit $fail
