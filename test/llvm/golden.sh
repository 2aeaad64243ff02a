#!/bin/sh
# golden.sh -- end-to-end tests of `pgo-show cfg` (run by ctest; see
# test/llvm/CMakeLists.txt and docs/pgo-show.md).
#
#   golden.sh MODE PGO_SHOW CLANG LLVM_AS SOURCE_DIR WORK_DIR
#
# MODE golden:  compile each fixtures/*.c to IR with clang-19 (flags below),
#               run `pgo-show cfg` in text and json (and dot for loops.c)
#               and compare with golden/NAME.{txt,json,dot}; the same for
#               the hand-written fixtures/names.ll in all three formats.
#               PGO_UPDATE_GOLDEN=1 rewrites the golden files instead.
# MODE bitcode: the same IR as .bc (llvm-as) gives the same text output.
# MODE errors:  bad files, methods and options: exit status 2, one line on
#               stderr naming the file, nothing on stdout.
set -u
mode=$1 show=$2 clang=$3 llvmas=$4 src=$5 work=$6
fix=$src/fixtures
gold=$src/golden
CFLAGS="-O1 -Xclang -disable-llvm-passes -fno-discard-value-names -g0 -target x86_64-pc-linux-gnu -S -emit-llvm"
fail=0
mkdir -p "$work" || exit 1
cd "$work" || exit 1

bad() { echo "FAIL: $*"; fail=1; }

compile() { # NAME -> NAME.ll in $work
  # shellcheck disable=SC2086
  "$clang" $CFLAGS "$fix/$1.c" -o "$1.ll" || { bad "clang $1.c"; return 1; }
}

check_golden() { # NAME FORMAT EXT
  out="$1.$3.out"
  if ! "$show" cfg "$1.ll" --format "$2" > "$out"; then
    bad "pgo-show cfg $1.ll --format $2 exited $?"; return
  fi
  if [ "${PGO_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$out" "$gold/$1.$3" && echo "updated $gold/$1.$3"
  elif ! diff -u "$gold/$1.$3" "$out"; then
    bad "$1.$3 differs from golden (PGO_UPDATE_GOLDEN=1 to regenerate)"
  else
    echo "ok $1.$3"
  fi
}

expect_error() { # DESCRIPTION NEEDLE ARGS...
  what=$1 needle=$2; shift 2
  "$show" "$@" > err.stdout 2> err.stderr
  rc=$?
  lines=$(wc -l < err.stderr)
  if [ "$rc" -ne 2 ]; then bad "$what: exit $rc, want 2"
  elif [ -s err.stdout ]; then bad "$what: wrote to stdout"
  elif [ "$lines" -ne 1 ]; then bad "$what: $lines lines on stderr"; cat err.stderr
  elif ! grep -qF -- "$needle" err.stderr; then
    bad "$what: '$needle' not in: $(cat err.stderr)"
  else echo "ok $what: $(cat err.stderr)"
  fi
}

case $mode in
golden)
  for c in "$fix"/*.c; do
    name=$(basename "$c" .c)
    compile "$name" || continue
    check_golden "$name" text txt
    check_golden "$name" json json
  done
  check_golden loops dot dot
  # Hand-written IR with names that need escaping in every format.
  cp "$fix/names.ll" names.ll || bad "copy names.ll"
  check_golden names text txt
  check_golden names json json
  check_golden names dot dot
  ;;
bitcode)
  for name in loops switch; do
    compile "$name" || continue
    "$llvmas" "$name.ll" -o "$name.bc" || { bad "llvm-as $name.ll"; continue; }
    "$show" cfg "$name.ll" > "$name.ll.txt" || bad "pgo-show $name.ll"
    "$show" cfg "$name.bc" > "$name.bc.txt" || bad "pgo-show $name.bc"
    if cmp -s "$name.ll.txt" "$name.bc.txt" && [ -s "$name.bc.txt" ]; then
      echo "ok $name.bc == $name.ll"
    else
      bad "$name.bc output differs from $name.ll"; diff -u "$name.ll.txt" "$name.bc.txt"
    fi
    "$show" cfg "$name.bc" --format json > /dev/null || bad "json on $name.bc"
  done
  ;;
errors)
  compile loops || exit 1
  printf 'this is not IR\n' > notir.ll
  printf 'define i32 @f(i1 %%c) {\nentry:\n  br i1 %%c, label %%a, label %%b\na:\n  %%x = add i32 1, 2\n  br label %%b\nb:\n  ret i32 %%x\n}\n' > invalid.ll
  "$llvmas" loops.ll -o loops.bc || bad "llvm-as"
  head -c 300 loops.bc > truncated.bc
  expect_error "missing file" "pgo-show cfg: missing.ll:" cfg missing.ll
  expect_error "not IR" "pgo-show cfg: notir.ll:" cfg notir.ll
  expect_error "fails verifier" "pgo-show cfg: invalid.ll: invalid module" cfg invalid.ll
  expect_error "truncated bitcode" "pgo-show cfg: truncated.bc:" cfg truncated.bc
  expect_error "unknown method" "pgo-show cfg: loops.ll: no defined function 'nope'" cfg loops.ll --method nope
  expect_error "unknown format" "pgo-show cfg: unknown format 'xml'" cfg loops.ll --format xml
  expect_error "no file" "pgo-show cfg: expected one IR file" cfg
  # --help and --method
  "$show" cfg --help | grep -q -- "--method" || bad "cfg --help"
  n=$("$show" cfg loops.ll --method digits | grep -c '^method ')
  [ "$n" = 1 ] || bad "--method digits printed $n methods"
  n=$("$show" cfg loops.ll | grep -c '^method ')
  [ "$n" = 3 ] || bad "loops.ll printed $n methods, want 3"
  ;;
*)
  echo "usage: golden.sh golden|bitcode|errors PGO_SHOW CLANG LLVM_AS SRC WORK"; exit 2 ;;
esac
exit $fail
