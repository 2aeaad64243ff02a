#!/bin/sh
# symbols_test.sh BINARY_DIR SOURCE_DIR SCRATCH
#
# Installs the build tree into SCRATCH/prefix and runs check_symbols.sh on
# it (must pass); then proves the check can fail: a fake prefix holding a
# static and a shared libpgo_fake with one leaking global each must be
# refused, naming both symbols, though no script names that library.
set -eu
BIN=$1 SRC=$2 TMP=$3
check=$SRC/test/install/check_symbols.sh
rm -rf "$TMP"; mkdir -p "$TMP/fake/lib"
cmake --install "$BIN" --prefix "$TMP/prefix" >/dev/null
sh "$check" "$TMP/prefix"

cat >"$TMP/fake.c" <<'C'
int pgo_fake_ok(void) { return 1; }
int fake_leak_static(void) { return 2; }
int fake_leak_shared(void) { return 3; }
C
cc -fPIC -c "$TMP/fake.c" -o "$TMP/fake.o"
ar rcs "$TMP/fake/lib/libpgo_fake.a" "$TMP/fake.o"
cc -shared "$TMP/fake.o" -o "$TMP/fake/lib/libpgo_fake.so.0.1.0"
if sh "$check" "$TMP/fake" >"$TMP/fake.out" 2>&1; then
  cat "$TMP/fake.out"; echo "symbols test: the leaking fake library passed"; exit 1
fi
for lib in libpgo_fake.a libpgo_fake.so.0.1.0; do
  grep -q "$lib: global symbol outside pgo_: fake_leak_static" "$TMP/fake.out" || {
    cat "$TMP/fake.out"; echo "symbols test: leak in $lib not named"; exit 1; }
done
if grep -q "pgo_fake_ok" "$TMP/fake.out"; then
  cat "$TMP/fake.out"; echo "symbols test: a pgo_ symbol was refused"; exit 1
fi
echo "symbols test: ok"
