#!/bin/sh
# Linux boot time: Debian's arm64 kernel (tests/linux/fetch.sh) with the
# test initramfs in its "armvisor.bench=1" mode, whose /init powers off at
# once: wall time from start to exit, armvisor --irqchip gicv3 --cpus 2 and
# gicv2 --cpus 1, beside QEMU TCG -M virt running the same kernel, initrd
# and command line in the same run (-cpu cortex-a72, the CPU model
# armvisor's Unicorn engine runs, and -cpu max).  Median of 3 boots each.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
QEMU=${QEMU:-qemu-system-aarch64}
LOG=build/bench-logs
RUNS=${LINUX_BENCH_RUNS:-3}
mkdir -p "$LOG"
if ! sh tests/linux/initramfs.sh >"$LOG/linux-fetch.log" 2>&1; then
	echo "bench_linux: cannot fetch the kernel (see $LOG/linux-fetch.log)" >&2
	exit 2
fi
K=build/linux/Image
I=build/linux/initramfs.cpio.gz

# boot_ms LOG CMD...: run CMD, print its wall time in ms if the guest
# reached /init (its BENCH line), else "-".
boot_ms() {
	log=$1
	shift
	t0=$(date +%s%N)
	"$@" </dev/null >"$log" 2>&1
	t1=$(date +%s%N)
	if grep -q 'BENCH: linux_uptime_at_init' "$log"; then
		echo $(((t1 - t0) / 1000000))
	else
		echo -
	fi
}

row() {
	name=$1
	shift
	vals=""
	for r in $(seq 1 "$RUNS"); do
		vals="$vals $(boot_ms "$LOG/linux-$name-$r.log" "$@")"
	done
	echo "$vals" | tr ' ' '\n' | median
}

echo "Linux boot to /init and power-off, ms wall time (median of $RUNS;"
echo "$(cat build/linux/kernel-package), logs in $LOG/linux-*.log)"
printf '%-14s %9s %9s %9s %9s %8s %8s\n' case unicorn el2 "QEMU a72" "QEMU max" \
	"uc/a72" "el2/max"
ratio() {
	awk -v a="$1" -v q="$2" 'BEGIN {
		if (a ~ /^[0-9]+$/ && q ~ /^[0-9]+$/ && q > 0)
			printf "%.2f", a / q; else print "-" }'
}
for cfg in 2:gicv3 1:gicv2; do
	cpus=${cfg%%:*}
	chip=${cfg#*:}
	app="console=ttyAMA0 armvisor.bench=1 armvisor.cpus=$cpus"
	a=$(row "armvisor-$chip-x$cpus" build/armvisor run --cpus "$cpus" \
		--irqchip "$chip" --mem 512M --timeout 600 --initrd "$I" \
		--append "$app" "$K")
	e=$(row "el2-$chip-x$cpus" build/armvisor run --engine el2 \
		--cpus "$cpus" --irqchip "$chip" --mem 512M --timeout 600 \
		--initrd "$I" --append "$app" "$K")
	gv=${chip#gicv}
	for cpu in cortex-a72 max; do
		q=$(row "qemu-$cpu-$chip-x$cpus" timeout 600 "$QEMU" \
			-M "virt,gic-version=$gv" -cpu "$cpu" -smp "$cpus" \
			-m 512M -nographic -no-reboot -kernel "$K" -initrd "$I" \
			-append "$app")
		eval "q_${cpu%%-*}=\$q"
	done
	printf '%-14s %9s %9s %9s %9s %8s %8s\n' "$chip x$cpus" "$a" "$e" \
		"$q_cortex" "$q_max" "$(ratio "$a" "$q_cortex")" \
		"$(ratio "$e" "$q_max")"
done
echo "(unicorn: armvisor on the Unicorn engine; el2: the EL2 image under"
echo " qemu-system-aarch64 -M virt,virtualization=on -cpu max, the guest at EL1"
echo " of that model, so its peer is QEMU -cpu max running the kernel directly."
echo " Aims: unicorn within 4x of QEMU, el2 within 1.5x of QEMU -cpu max.)"
