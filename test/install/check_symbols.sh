#!/bin/sh
# check_symbols.sh PREFIX
#
# Symbol hygiene of an installed pgo: every static (libpgo_*.a) and shared
# (libpgo_*.so*) library found under PREFIX -- globbed, so a library added
# later is checked without editing this script -- may define global symbols
# only in the pgo_ namespace (public pgo_<component>_*, internal pgo__*).
# Archives are read with `nm -g --defined-only`, shared objects with
# `nm -D --defined-only` (their dynamic symbol table, what another module
# can bind to).  Allowed besides: the linker's own section markers of a
# shared object (__bss_start, _edata, _end, _init, _fini) and ASan's ODR
# indicator of a pgo_ global (__odr_asan.pgo_*, sanitizer builds).
# Prints every offending symbol with its library; exit 1 if any, or if no
# library was found.
set -eu
prefix=$1
libs=$(find "$prefix" -type f \( -name 'libpgo_*.a' -o -name 'libpgo_*.so*' \) | sort)
if [ -z "$libs" ]; then
  echo "check_symbols: no libpgo_*.a or libpgo_*.so under $prefix"
  exit 1
fi
bad=0 n=0
for f in $libs; do
  case $f in
    *.a) syms=$(nm -g --defined-only "$f") ;;
    *) syms=$(nm -D --defined-only "$f") ;;
  esac
  leaks=$(printf '%s\n' "$syms" | awk 'NF >= 3 { print $3 }' |
          grep -v -e '^pgo_' -e '^__odr_asan\.pgo_' |
          grep -v -x -e __bss_start -e _edata -e _end -e _init -e _fini || true)
  n=$((n + 1))
  if [ -n "$leaks" ]; then
    bad=1
    for s in $leaks; do
      echo "check_symbols: $(basename "$f"): global symbol outside pgo_: $s"
    done
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "check_symbols: make them static, or name internal helpers pgo__*"
  exit 1
fi
echo "check_symbols: $n libraries, every global symbol in pgo_"
