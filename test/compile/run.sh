#!/bin/sh
# run.sh MODE NAME BUILD WORK -- differential tests of `pgo-jit compile` on
# one bundled workload (test/compile/CMakeLists.txt registers them).
#
#   prep     IR for x86-64 (bench/workloads/build.sh, with the native -O2
#            binary) and AArch64 (clang-19 --target=aarch64-linux-gnu, the
#            same flags), the x86-64 profile trained on .small.arg
#            (bench/pgo_speed/profile.sh: pgo-jit run --store, pgo's own
#            instrumentation), a profile of zeros, a stale one
#            (the hash of the method with the most blocks changed) and a
#            store from the profile plus a corrupt copy of it
#   read     LLVM read the profile: print-profile-summary lists hot/cold
#            functions, the emitted assembly differs from synthesis alone
#   x86      compiled with its profile, linked with clang-19: stdout and
#            exit status equal to the native build's, for .small.arg and for
#            no arguments; the same without a profile, with zeros, with the
#            stale profile (-v: 1 method fell back) and with the corrupt
#            store (exit 125; --profile-errors=warn compiles)
#   aarch64  the AArch64 IR with the x86-64 profile, linked with
#            aarch64-linux-gnu-gcc -static, under qemu-aarch64: equal to
#            aarch64-linux-gnu-gcc -O2 -static's build under qemu; also with
#            zeros and with the corrupt store (warn)
set -eu
mode=$1 n=$2 B=$3 W=$4
here=$(cd "$(dirname "$0")/../.." && pwd)
src=$here/bench/workloads
J=$B/tools/pgo-jit/pgo-jit
fail() {
  echo "FAIL $n ($mode): $*" >&2
  exit 1
}
args=$(cat "$src/$n.small.arg")
# Output and status of a command, for comparison.
outof() {
  set +e
  "$@" >"$W/run.$mode.out" 2>/dev/null
  echo "status $?" >>"$W/run.$mode.out"
  set -e
  cat "$W/run.$mode.out"
}
mkdir -p "$W"
case $mode in
prep)
  sh "$here/bench/pgo_speed/profile.sh" "$B" "$W" "$n" "$src/$n.small.arg" >/dev/null
  clang-19 --target=aarch64-linux-gnu -std=c11 -Wall -Wextra -Werror -O1 \
    -Xclang -disable-llvm-passes -fno-discard-value-names -g0 -S -emit-llvm \
    "$src/$n.c" -o "$W/$n.a64.ll"
  python3 - "$W/$n.profile.yaml" "$W/$n.zero.yaml" "$W/$n.stale.yaml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def zero(m):
    return re.sub(r'(\[[0-9]+, (?:[0-9]+, )?)[0-9]+\]', r'\g<1>0]', m.group(0))
z = re.sub(r'(?m)^  (blocks|edges): .*$', zero, text)
z = re.sub(r'(?m)^  entry: [0-9]+$', '  entry: 0', z)
z = re.sub(r'(?ms)^  values:.*?(?=^- name|^  [a-z]+:(?! )|\Z)', '', z)
open(sys.argv[2], 'w').write(z)
# stale: the method with the most block records gets another hash
meths = re.split(r'(?m)^(?=- name: )', text)
best = max(range(1, len(meths)), key=lambda i: meths[i].count('], ['))
meths[best] = re.sub(r'hash: 0x([0-9a-f]+)',
                     lambda m: 'hash: 0x%016x' % (int(m.group(1), 16) ^ 1),
                     meths[best], count=1)
open(sys.argv[3], 'w').write(''.join(meths))
PY
  rm -f "$W/$n.db" "$W/$n.bad.db"
  "$B/tools/pgo-merge/pgo-merge" -o "$W/$n.db" "$W/$n.profile.yaml" >/dev/null
  size=$(wc -c <"$W/$n.db")
  head -c $((size / 2)) "$W/$n.db" >"$W/$n.bad.db"
  ;;
read)
  "$J" compile "$W/$n.ll" --profile "$W/$n.db" --target x86_64-linux-gnu \
    --emit-llvm -S -o "$W/$n.read.ll"
  opt-19 -passes=print-profile-summary -disable-output "$W/$n.read.ll" \
    >"$W/$n.pps" 2>&1
  grep -q "with hot/cold annotations" "$W/$n.pps" || fail "no summary seen"
  grep -Eq ":(hot|cold) entry" "$W/$n.pps" || fail "no hot/cold function"
  grep -q '!"ProfileSummary"' "$W/$n.read.ll" || fail "no ProfileSummary"
  "$J" compile "$W/$n.ll" --profile "$W/$n.db" --target x86_64-linux-gnu -S \
    -o "$W/$n.prof.s"
  "$J" compile "$W/$n.ll" --target x86_64-linux-gnu -S -o "$W/$n.synth.s"
  ! cmp -s "$W/$n.prof.s" "$W/$n.synth.s" || fail "assembly ignores the profile"
  ;;
x86)
  want=$(outof "$W/$n.native" $args)
  want0=$(outof "$W/$n.native")
  for v in prof:--profile=$W/$n.db none: zero:--profile=$W/$n.zero.yaml \
    stale:--profile=$W/$n.stale.yaml warn:--profile=$W/$n.bad.db; do
    tag=${v%%:*} opt=${v#*:}
    extra=
    [ "$tag" = warn ] && extra=--profile-errors=warn
    # shellcheck disable=SC2086
    "$J" compile "$W/$n.ll" $opt $extra --target x86_64-linux-gnu -c -v \
      -o "$W/$n.$tag.o" 2>"$W/$n.$tag.log" || fail "$tag: compile: $(cat "$W/$n.$tag.log")"
    clang-19 "$W/$n.$tag.o" -o "$W/$n.$tag" -lm
    [ "$(outof "$W/$n.$tag" $args)" = "$want" ] || fail "$tag: output differs"
    [ "$(outof "$W/$n.$tag")" = "$want0" ] || fail "$tag: no-argument run differs"
  done
  grep -q "1 fell back" "$W/$n.stale.log" || fail "stale: $(cat "$W/$n.stale.log")"
  grep -q "0 fell back" "$W/$n.prof.log" || fail "prof: $(cat "$W/$n.prof.log")"
  grep -q "compiled on synthesis alone" "$W/$n.warn.log" || fail "warn: no warning"
  set +e
  "$J" compile "$W/$n.ll" --profile "$W/$n.bad.db" --target x86_64-linux-gnu \
    -c -o "$W/$n.bad.o" 2>/dev/null
  st=$?
  set -e
  [ "$st" = 125 ] || fail "corrupt store: status $st, want 125"
  [ ! -e "$W/$n.bad.o" ] || fail "corrupt store: output written"
  ;;
aarch64)
  aarch64-linux-gnu-gcc -std=c11 -O2 -static "$src/$n.c" -o "$W/$n.a64native" -lm
  want=$(outof qemu-aarch64 "$W/$n.a64native" $args)
  for v in prof:--profile=$W/$n.db zero:--profile=$W/$n.zero.yaml \
    warn:--profile=$W/$n.bad.db; do
    tag=${v%%:*} opt=${v#*:}
    extra=
    [ "$tag" = warn ] && extra=--profile-errors=warn
    # shellcheck disable=SC2086
    "$J" compile "$W/$n.a64.ll" $opt $extra --target aarch64-linux-gnu -c -v \
      -o "$W/$n.a64$tag.o" 2>"$W/$n.a64$tag.log" || fail "$tag: compile: $(cat "$W/$n.a64$tag.log")"
    aarch64-linux-gnu-gcc -static "$W/$n.a64$tag.o" -o "$W/$n.a64$tag" -lm
    [ "$(outof qemu-aarch64 "$W/$n.a64$tag" $args)" = "$want" ] ||
      fail "$tag: output differs from the native AArch64 build"
  done
  grep -o "[0-9]* matched the profile" "$W/$n.a64prof.log" | head -1
  ;;
*)
  fail "unknown mode"
  ;;
esac
echo "ok $n $mode"
