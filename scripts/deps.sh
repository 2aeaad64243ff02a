#!/bin/sh
# Install the Debian 12 packages pgo needs, if any is missing.
# Usage: scripts/deps.sh [--no-cross]  (default also installs the AArch64 cross toolchain + qemu-user)
# Needs root (or sudo) only when something is missing.
# zlib1g-dev: Debian's sqlite3.pc names -lz in Libs.private, so a static link
# of pgo-store through pkg-config (the install test) needs it.
set -eu

PKGS="ca-certificates build-essential cmake pkg-config git time
llvm-19-dev llvm-19-runtime clang-19 libclang-rt-19-dev
libyaml-dev libsqlite3-dev zlib1g-dev sqlite3 check python3"
if [ "${1:-}" != "--no-cross" ]; then
  PKGS="$PKGS qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
fi

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps: missing packages:$missing -- run as root or install them" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
