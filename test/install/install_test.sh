#!/bin/sh
# Install the build tree into a scratch prefix, then build an out-of-tree
# program against it three ways: find_package(pgo) with the static and the
# shared library, and pkg-config.  Run each.
# Usage: install_test.sh BINARY_DIR SOURCE_DIR SCRATCH SANITIZE(ON|OFF)
set -eu
BIN=$1 SRC=$2 TMP=$3 SAN=$4
rm -rf "$TMP"; mkdir -p "$TMP/src"
cmake --install "$BIN" --prefix "$TMP/prefix" >/dev/null
cp "$SRC/test/install/consumer.c" "$TMP/src/"
cp "$SRC/test/install/CMakeLists.txt.in" "$TMP/src/CMakeLists.txt"
FLAGS=""
[ "$SAN" = "ON" ] && FLAGS="-fsanitize=address,undefined"
cmake -S "$TMP/src" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$TMP/prefix" \
      -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >/dev/null
cmake --build "$TMP/build" >/dev/null
"$TMP/build/consumer_static"
LD_LIBRARY_PATH="$TMP/prefix/lib:$TMP/prefix/lib/$(gcc -print-multiarch 2>/dev/null || echo .)" \
  "$TMP/build/consumer_shared"
PC=$(find "$TMP/prefix" -name pgo.pc | head -1)
PKG_CONFIG_PATH=$(dirname "$PC")
export PKG_CONFIG_PATH
# shellcheck disable=SC2046
cc $FLAGS -std=c11 -o "$TMP/consumer_pc" "$TMP/src/consumer.c" \
   $(pkg-config --cflags pgo) $(pkg-config --libs --static pgo)
LD_LIBRARY_PATH="$(pkg-config --variable=libdir pgo)" "$TMP/consumer_pc"
# The LLVM-free module alone, linked statically: no LLVM flags may appear.
case "$(pkg-config --cflags --libs --static pgo-core)" in
  *-lLLVM*|*llvm-19*|*lpgo_llvm*) echo "pgo-core.pc names LLVM"; exit 1;;
esac
# shellcheck disable=SC2046
cc $FLAGS -std=c11 -static-libgcc -o "$TMP/consumer_core" "$TMP/src/consumer.c" \
   $(pkg-config --cflags pgo-core) "$(pkg-config --variable=libdir pgo-core)/libpgo_core.a" \
   $(pkg-config --libs-only-l --static pgo-core | sed 's/-lpgo_core//')
"$TMP/consumer_core"
echo "install test: ok"
