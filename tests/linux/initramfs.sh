#!/bin/sh
# Pack build/linux/initramfs.cpio.gz: tests/linux/init as /init and
# busybox-static as /bin/busybox (newc cpio, as the kernel's initramfs
# loader wants, Documentation/filesystems/ramfs-rootfs-initramfs.rst).
set -eu
cd "$(dirname "$0")/../.."
OUT=build/linux
sh tests/linux/fetch.sh
[ "$OUT/initramfs.cpio.gz" -nt tests/linux/init ] &&
	[ "$OUT/initramfs.cpio.gz" -nt "$OUT/busybox" ] && exit 0
root=$OUT/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev"
cp "$OUT/busybox" "$root/bin/busybox"
cp tests/linux/init "$root/init"
chmod 755 "$root/init" "$root/bin/busybox"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -9 >"$OUT/initramfs.cpio.gz.tmp"
mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"
rm -rf "$root"
