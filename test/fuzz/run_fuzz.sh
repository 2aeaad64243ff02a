#!/bin/sh
# run_fuzz.sh SRC_DIR OUT_DIR PGO_MERGE [SECONDS]
#
# Builds the lib/store libFuzzer targets with clang-19
# (-fsanitize=fuzzer,address,undefined; the main build uses gcc, whose
# sanitizer runtime cannot link with libFuzzer), makes the store seed
# corpus from the YAML seeds with pgo-merge (so both corpora cover every
# record kind), then runs each target over its seeds and fuzzes for
# SECONDS (default 10).  Exit 77 (ctest: skipped) without clang-19 or
# libFuzzer.
set -eu
src=$1 out=$2 merge=$3 secs=${4:-10}
clang=${CLANG:-clang-19}
command -v "$clang" >/dev/null 2>&1 || { echo "no $clang: skipped"; exit 77; }
mkdir -p "$out"
cflags="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$src/include"
libsrc="$src/lib/store/*.c $src/lib/core/*.c"
for t in yaml store; do
  bin=$out/fuzz_$t
  if [ ! -x "$bin" ] || [ -n "$(find $src/lib/store $src/lib/core $src/include $src/test/fuzz -newer "$bin" -name '*.[ch]' 2>/dev/null | head -1)" ]; then
    # shellcheck disable=SC2086
    # build beside and rename: the old binary may be running
    if ! "$clang" $cflags $libsrc "$src/test/fuzz/fuzz_$t.c" -lsqlite3 -lyaml -lm -o "$bin.new" 2>"$out/build_$t.log"; then
      if grep -q "fuzzer" "$out/build_$t.log" && grep -qi "cannot find\|not found" "$out/build_$t.log"; then
        echo "libFuzzer not available: skipped"; exit 77
      fi
      cat "$out/build_$t.log"; exit 1
    fi
    mv -f "$bin.new" "$bin"
  fi
done
rm -rf "$out/seeds_store" "$out/work_yaml" "$out/work_store"
mkdir -p "$out/seeds_store" "$out/work_yaml" "$out/work_store"
for y in "$src"/test/fuzz/corpus/yaml/*.yaml; do
  n=$(basename "$y" .yaml)
  "$merge" -o "$out/seeds_store/$n.db" "$y" 2>/dev/null || true
done
# a foreign and a truncated SQLite file too
cp "$src/test/fuzz/corpus/yaml/every_kind.yaml" "$out/seeds_store/not_sqlite"
if [ -f "$out/seeds_store/every_kind.db" ]; then
  head -c 8192 "$out/seeds_store/every_kind.db" >"$out/seeds_store/truncated.db"
fi
ls "$out/seeds_store" | grep -q every_kind.db || { echo "store seeds missing"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1
# libFuzzer's default crash exit code is 77, ctest's skip code here
fopts="-error_exitcode=1 -artifact_prefix=$out/ -timeout=10 -rss_limit_mb=2048 -print_final_stats=1"
"$out/fuzz_yaml" -max_total_time="$secs" $fopts "$out/work_yaml" "$src/test/fuzz/corpus/yaml"
"$out/fuzz_store" -max_total_time="$secs" $fopts "$out/work_store" "$out/seeds_store"
