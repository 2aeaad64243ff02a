#!/bin/sh
# Install the build tree into a scratch prefix, then build an out-of-tree
# program (consumer.c) that uses every installed library against it, and
# run each build: find_package(pgo) with the static and with the shared
# libraries, pkg-config's pgo module (everything), and pkg-config's
# per-component modules of the LLVM-free layers linked from the archives
# (no LLVM flag may appear there).  The installed libraries are globbed: a
# library consumer.c does not use (its PGO_CONSUMER_USES) fails the test.
# Usage: install_test.sh BINARY_DIR SOURCE_DIR SCRATCH SANITIZE(ON|OFF)
set -eu
BIN=$1 SRC=$2 TMP=$3 SAN=$4
rm -rf "$TMP"; mkdir -p "$TMP/src"
cmake --install "$BIN" --prefix "$TMP/prefix" >/dev/null
cp "$SRC/test/install/consumer.c" "$TMP/src/"
cp "$SRC/test/install/CMakeLists.txt.in" "$TMP/src/CMakeLists.txt"

LIBS=$(find "$TMP/prefix" -name 'libpgo_*.a' | sed 's|.*/libpgo_||; s|\.a$||' | sort | tr '\n' ' ')
[ -n "$LIBS" ] || { echo "no libpgo_*.a installed"; exit 1; }
USES=$(sed -n 's/^#define PGO_CONSUMER_USES "\(.*\)"/\1/p' "$SRC/test/install/consumer.c")
for l in $LIBS; do
  case " $USES " in
    *" $l "*) ;;
    *) echo "libpgo_$l is installed but consumer.c does not use it (PGO_CONSUMER_USES)"; exit 1;;
  esac
done
HAS_LLVM=no
case " $LIBS " in *" llvm "*) HAS_LLVM=yes;; esac
# consumer.c's ingest use follows what the installed ingest.h offers
DEFS=""
[ "$HAS_LLVM" = yes ] && DEFS="-DPGO_CONSUMER_LLVM"
if grep -q pgo_plan_new "$TMP/prefix/include/pgo/ingest.h"; then
  DEFS="$DEFS -DPGO_CONSUMER_INGEST_PLAN"
fi
# shellcheck disable=SC2086
CMLIBS=$(echo $LIBS | tr ' ' ';')
echo "install test: libraries: $(echo $LIBS)"

FLAGS=""
[ "$SAN" = "ON" ] && FLAGS="-fsanitize=address,undefined"
cmake -S "$TMP/src" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$TMP/prefix" \
      -DPGO_LIBS="$CMLIBS" -DPGO_CONSUMER_DEFS="$DEFS" \
      -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >/dev/null
cmake --build "$TMP/build" >/dev/null
"$TMP/build/consumer_static"
LIBDIR=$(dirname "$(find "$TMP/prefix" -name libpgo_core.a | head -1)")
LD_LIBRARY_PATH="$LIBDIR" "$TMP/build/consumer_shared"
# The static one holds no dependency on a libpgo shared object.
if ldd "$TMP/build/consumer_static" 2>/dev/null | grep -q libpgo_; then
  echo "consumer_static needs a libpgo shared object"; exit 1
fi

PC=$(find "$TMP/prefix" -name pgo.pc | head -1)
PKG_CONFIG_PATH=$(dirname "$PC")
export PKG_CONFIG_PATH
# shellcheck disable=SC2046,SC2086
cc $FLAGS $DEFS -std=c11 -o "$TMP/consumer_pc" "$TMP/src/consumer.c" \
   $(pkg-config --cflags pgo) $(pkg-config --libs --static pgo)
LD_LIBRARY_PATH="$(pkg-config --variable=libdir pgo)" "$TMP/consumer_pc"

# The LLVM-free layers alone, from their own modules, linked from the
# archives: what a JIT with its own IR links.  No LLVM flag may appear.
MODS=""
for l in $LIBS; do [ "$l" = llvm ] || MODS="$MODS pgo-$l"; done
# shellcheck disable=SC2086
PCOUT=$(pkg-config --cflags --libs --static $MODS)
case "$PCOUT" in
  *-lLLVM*|*llvm-19*|*lpgo_llvm*) echo "$MODS name LLVM: $PCOUT"; exit 1;;
esac
ARCHIVES=""
OTHER=""
for w in $PCOUT; do
  case $w in
    -lpgo_*) ARCHIVES="$ARCHIVES $LIBDIR/lib${w#-l}.a";;
    *) OTHER="$OTHER $w";;
  esac
done
# shellcheck disable=SC2086
cc $FLAGS $(echo " $DEFS" | sed 's/ -DPGO_CONSUMER_LLVM//') -std=c11 -static-libgcc -o "$TMP/consumer_nollvm" "$TMP/src/consumer.c" \
   -Wl,--start-group $ARCHIVES -Wl,--end-group $OTHER
if ldd "$TMP/consumer_nollvm" 2>/dev/null | grep -q -e libpgo_ -e libLLVM; then
  echo "consumer_nollvm needs libpgo or LLVM shared objects"; exit 1
fi
"$TMP/consumer_nollvm"
echo "install test: ok"
