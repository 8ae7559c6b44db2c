#!/bin/sh
# Debian's arm64 Linux booted on armvisor to tests/linux/init's checks
# (CPUs, timer interrupts across sleep and a busy loop, an md5 of 16 MiB,
# power off).  One PASS/FAIL line per configuration, for tests/run-all.sh.
# Usage: tests/linux/run.sh [ENGINE_OPTS...]; the configurations are the
# lines "CPUS IRQCHIP" below (LINUX_CONFIGS overrides them).
set -u
cd "$(dirname "$0")/../.."
B=build
log=$B/test-logs
mkdir -p "$log"
if ! sh tests/linux/initramfs.sh >"$log/linux-fetch.log" 2>&1; then
	echo "FAIL linux: cannot fetch Debian's kernel/busybox, see $log/linux-fetch.log"
	exit 1
fi
configs=${LINUX_CONFIGS:-"2:gicv3 1:gicv2"}
for c in $configs; do
	cpus=${c%%:*}
	chip=${c#*:}
	out="$log/linux-$chip-x$cpus.log"
	start=$(date +%s)
	# shellcheck disable=SC2068
	$B/armvisor run --cpus "$cpus" --irqchip "$chip" --mem 512M \
		--timeout 400 --initrd $B/linux/initramfs.cpio.gz \
		--append "console=ttyAMA0 armvisor.cpus=$cpus" $@ \
		$B/linux/Image </dev/null >"$out" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	label="linux $(cat $B/linux/kernel-package 2>/dev/null) --irqchip $chip --cpus $cpus $* (${secs} s)"
	if [ "$rc" -eq 0 ] && ! grep -q '^FAIL' "$out"; then
		echo "PASS $label"
	else
		echo "FAIL $label: exit $rc, see $out"
		grep -E '^(FAIL|PASS)|armvisor:|Kernel panic' "$out" | head -8 | sed 's/^/    /'
	fi
done
