#!/bin/sh
# Debian's arm64 Linux kernel and busybox-static, cached under build/linux:
#   build/linux/Image     the kernel of linux-image-<abi>-arm64-unsigned
#   build/linux/busybox   busybox-static (arm64, statically linked)
# The kernel is the one Debian's metapackage linux-image-arm64 names today.
# Needs dpkg's arm64 architecture (added here, with an apt-get update) so
# that `apt-get download` finds arm64 packages; nothing is installed.
# Exits non-zero with a message if the archive cannot be reached.
set -eu
cd "$(dirname "$0")/../.."
OUT=build/linux
[ -s "$OUT/Image" ] && [ -x "$OUT/busybox" ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
mkdir -p "$OUT/dl"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "linux: adding dpkg architecture arm64 (for apt-get download)"
	$SUDO dpkg --add-architecture arm64
	$SUDO apt-get update -qq
fi
meta_dep() {
	apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -1
}
kpkg=$(meta_dep)
if [ -z "$kpkg" ]; then
	$SUDO apt-get update -qq
	kpkg=$(meta_dep)
fi
[ -n "$kpkg" ] || { echo "linux: cannot resolve linux-image-arm64:arm64" >&2; exit 1; }
kpkg="$kpkg-unsigned"
echo "linux: downloading $kpkg and busybox-static (arm64)"
# apt-get download as root drops to user _apt, which must write here.
chmod 777 "$OUT/dl"
(cd "$OUT/dl" && rm -f ./*.deb &&
	apt-get download -q "$kpkg:arm64" "busybox-static:arm64" >/dev/null 2>&1) || {
	$SUDO apt-get update -qq
	(cd "$OUT/dl" && apt-get download -q "$kpkg:arm64" "busybox-static:arm64")
}
rm -rf "$OUT/x"
mkdir -p "$OUT/x"
for deb in "$OUT"/dl/*.deb; do
	dpkg-deb -x "$deb" "$OUT/x"
done
cp "$OUT"/x/boot/vmlinuz-* "$OUT/Image"
# Debian's arm64 vmlinuz is a plain Image; unpack it should it be gzipped.
if gzip -t "$OUT/Image" 2>/dev/null; then
	gzip -dc <"$OUT/Image" >"$OUT/Image.raw" && mv "$OUT/Image.raw" "$OUT/Image"
fi
cp "$OUT/x/bin/busybox" "$OUT/busybox"
echo "$kpkg" >"$OUT/kernel-package"
rm -rf "$OUT/x" "$OUT/dl"
echo "linux: $(cat "$OUT/kernel-package") ready in $OUT"
