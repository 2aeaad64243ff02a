#!/bin/sh
# run_fuzz_ir.sh SRC_DIR OUT_DIR [SECONDS]
#
# Builds the IR front-door libFuzzer target (fuzz_ir.c + lib/core +
# lib/llvm) with clang-19 -fsanitize=fuzzer,address,undefined -- the main
# build uses gcc, whose sanitizer runtime cannot link with libFuzzer -- and
# runs it over the seed corpus (corpus/: small .ll files covering switches,
# computed goto, callbr, irreducible loops, Itanium and MSVC exception
# handling, expect annotations, debug records, odd names, plus graph
# recipes recipeNN.bin, see fuzz_ir.c), then fuzzes for SECONDS (default
# 15).  The seed is fixed (PGO_FUZZ_SEED, default 1) so a ctest run is
# repeatable; set it to 0 for a random one.  Exit 77 (ctest: skipped) only
# when clang-19, llvm-config-19 or the libFuzzer runtime is missing.
set -eu
src=$1 out=$2 secs=${3:-15}
clang=${CLANG:-clang-19}
llvmcfg=${LLVM_CONFIG:-llvm-config-19}
command -v "$clang" >/dev/null 2>&1 || { echo "no $clang: skipped"; exit 77; }
command -v "$llvmcfg" >/dev/null 2>&1 || { echo "no $llvmcfg: skipped"; exit 77; }
mkdir -p "$out"
bin=$out/fuzz_ir
cflags="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$src/include -I$($llvmcfg --includedir)"
# lib/llvm uses every layer below it (synth, store, ingest, oracle).
dirs="$src/lib/core $src/lib/synth $src/lib/store $src/lib/ingest $src/lib/oracle $src/lib/llvm"
libsrc=""
for d in $dirs; do libsrc="$libsrc $d/*.c"; done
# shellcheck disable=SC2086
if [ ! -x "$bin" ] || [ -n "$(find $dirs $src/include $src/test/fuzz_ir -newer "$bin" -name '*.[ch]' 2>/dev/null | head -1)" ]; then
  # build beside and rename: the old binary may be running
  # shellcheck disable=SC2046,SC2086
  if ! "$clang" $cflags $libsrc "$src/test/fuzz_ir/fuzz_ir.c" \
      $($llvmcfg --ldflags) $($llvmcfg --libs) \
      $($llvmcfg --system-libs) -lsqlite3 -lyaml -lpthread -lstdc++ -lm -o "$bin.new" 2>"$out/build.log"; then
    if grep -q "fuzzer" "$out/build.log" && grep -qi "cannot find\|not found" "$out/build.log"; then
      echo "libFuzzer not available: skipped"; exit 77
    fi
    cat "$out/build.log"; exit 1
  fi
  mv -f "$bin.new" "$bin"
fi
rm -rf "$out/work"
mkdir -p "$out/work"
# Full malloc stacks (libLLVM has no frame pointers) so that lsan.supp can
# name the LLVM function whose leak on malformed bitcode is not ours.
export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$src/test/fuzz_ir/lsan.supp
# libFuzzer's default crash exit code is 77, ctest's skip code here.
# -dict: IR keywords help the mutator get past the text parser.
"$bin" -seed="${PGO_FUZZ_SEED:-1}" -max_total_time="$secs" -error_exitcode=1 -artifact_prefix="$out/" \
  -timeout=20 -rss_limit_mb=2048 -max_len=32768 -print_final_stats=1 \
  -dict="$src/test/fuzz_ir/ir.dict" "$out/work" "$src/test/fuzz_ir/corpus"
