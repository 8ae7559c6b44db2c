#!/bin/sh
# Install the Debian packages armvisor needs, if any are missing.
# Called by `make demo` and `make test`; safe to run again.
set -e
PKGS="build-essential libunicorn-dev libfdt-dev libcmocka-dev gcc-aarch64-linux-gnu
      binutils-aarch64-linux-gnu qemu-system-arm device-tree-compiler pkg-config
      cpio jq time gnuplot-nox
      clang libclang-rt-14-dev gdb-multiarch"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
