#!/bin/sh
# Debian's arm64 Linux booted on armvisor to tests/linux/init's checks
# (CPUs, timer interrupts across sleep and a busy loop, an md5 of 16 MiB,
# power off).  One PASS/FAIL line per configuration, for tests/run-all.sh.
# Usage: tests/linux/run.sh [extra armvisor options...]; the configurations
# are ENGINE:CPUS:IRQCHIP words (LINUX_CONFIGS overrides the default list).
set -u
cd "$(dirname "$0")/../.."
B=build
log=$B/test-logs
mkdir -p "$log"
if ! sh tests/linux/initramfs.sh >"$log/linux-fetch.log" 2>&1; then
	echo "FAIL linux: cannot fetch Debian's kernel/busybox, see $log/linux-fetch.log"
	exit 1
fi
# *:2:user: the VMM's GICv2 (vmm/user_gic.c) in the DT as gicv2.
configs=${LINUX_CONFIGS:-"unicorn:2:gicv3 unicorn:1:gicv2 unicorn:2:user el2:2:gicv3 el2:1:gicv2 el2:2:user"}
for c in $configs; do
	engine=${c%%:*}
	rest=${c#*:}
	cpus=${rest%%:*}
	chip=${rest#*:}
	out="$log/linux-$engine-$chip-x$cpus.log"
	start=$(date +%s)
	# shellcheck disable=SC2068
	$B/armvisor run --engine "$engine" --cpus "$cpus" --irqchip "$chip" --mem 512M \
		--timeout 400 --initrd $B/linux/initramfs.cpio.gz \
		--append "console=ttyAMA0 armvisor.cpus=$cpus" $@ \
		$B/linux/Image </dev/null >"$out" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	label="linux $(cat $B/linux/kernel-package 2>/dev/null) --engine $engine --irqchip $chip --cpus $cpus $* (${secs} s)"
	if [ "$rc" -eq 0 ] && ! grep -q '^FAIL' "$out"; then
		echo "PASS $label"
	else
		echo "FAIL $label: exit $rc, see $out"
		grep -E '^(FAIL|PASS)|armvisor:|Kernel panic' "$out" | head -8 | sed 's/^/    /'
	fi
done
