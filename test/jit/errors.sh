#!/bin/sh
# errors.sh PGO_JIT SRC_DIR WORK_DIR CRASH_DIR [LLVM_AS]
# pgo-jit run's own failures (one line "pgo-jit...: FILE...", exit 125, nothing
# on stdout, no crash), and a program's exit, stdio, argv and abort being
# its own.
set -u
jit=$1 src=$2 work=$3 crashes=$4 llvm_as=${5:-}
fix=$src/fixtures
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# expect_error NEEDLE FILE [ARGS...]: exit 125, empty stdout, one stderr line
# naming FILE and containing NEEDLE.
expect_error() {
  needle=$1
  shift
  file=$1
  out=$("$jit" run "$@" 2>"$work/err")
  rc=$?
  err=$(cat "$work/err")
  lines=$(wc -l <"$work/err")
  [ $rc -eq 125 ] || bad "$file: exit $rc, want 125 ($err)"
  [ -z "$out" ] || bad "$file: stdout '$out'"
  [ "$lines" -eq 1 ] || bad "$file: $lines lines on stderr: $err"
  case "$err" in
  "pgo-jit: $file"*"$needle"*) ;;
  *) bad "$file: '$err' does not name the file and '$needle'" ;;
  esac
}

expect_error "No such file" "$work/missing.ll"
expect_error "no function main" "$fix/nomain.ll"
expect_error "invalid module" "$fix/badverify.ll"
expect_error "pgo_jit_test_no_such_symbol" "$fix/unresolved.ll"
printf 'this is not IR\n' >"$work/garbage.ll"
expect_error "error" "$work/garbage.ll"
for f in "$crashes"/*.bc; do
  expect_error "corrupt bitcode" "$f"
done
if [ -n "$llvm_as" ]; then
  "$llvm_as" "$fix/noexit.ll" -o "$work/good.bc" || bad "llvm-as failed"
  size=$(wc -c <"$work/good.bc")
  head -c $((size / 2)) "$work/good.bc" >"$work/truncated.bc"
  expect_error "" "$work/truncated.bc"
  # The .bc itself runs.
  out=$(echo x | "$jit" run "$work/good.bc" --store "$work/s.pgodb" 2>/dev/null)
  [ $? -eq 3 ] || bad "good.bc: exit status"
fi

# Usage errors: exit 125, one line.
for args in "" "run" "run --bogus $fix/nomain.ll" "walk $fix/nomain.ll"; do
  # shellcheck disable=SC2086
  "$jit" $args >"$work/out" 2>"$work/err"
  rc=$?
  [ $rc -eq 125 ] || bad "pgo-jit $args: exit $rc, want 125"
  [ -s "$work/out" ] && bad "pgo-jit $args: printed on stdout"
done
"$jit" --help | grep -q "usage: pgo-jit run" || bad "--help"
"$jit" --version | grep -q "^pgo-jit " || bad "--version"

# The program's own behaviour.
out=$(echo hello | "$jit" run --store "$work/s.pgodb" "$fix/noexit.ll" x y 2>"$work/err")
rc=$?
[ $rc -eq 3 ] || bad "noexit.ll: exit $rc, want 3"
want="argc=3 a0=$fix/noexit.ll in=hello

tailhandler"
[ "$out" = "$want" ] || bad "noexit.ll: stdout '$out', want '$want'"
[ "$(cat "$work/err")" = "to-err" ] || bad "noexit.ll: stderr '$(cat "$work/err")'"
# Options after FILE are pgo-jit's until the first other argument or --.
out=$(echo hi | "$jit" run --no-instrument "$fix/noexit.ll" -O0 -q -- -v 2>/dev/null)
case "$out" in "argc=2 a0=$fix/noexit.ll in=hi"*) ;; *) bad "options: '$out'" ;; esac
out=$(echo hi | "$jit" run -O1 --store "$work/s.pgodb" "$fix/noexit.ll" -v 2>"$work/err")
case "$out" in "argc=1 "*) ;; *) bad "-v after FILE: '$out'" ;; esac
grep -q "^pgo-jit: .*compiled" "$work/err" || bad "-v: no report"

(cd "$work" && "$jit" run --no-instrument "$fix/abort.ll" 2>/dev/null)
rc=$?
[ $rc -eq 134 ] || bad "abort.ll: exit $rc, want 134 (SIGABRT)"

[ $fail -eq 0 ] && echo "errors.sh: all passed"
exit $fail
