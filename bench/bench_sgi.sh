#!/bin/sh
# SGI cost on the vGIC: the guest build/guest/bench_sgi.img (2 vCPUs) on
# armvisor (--irqchip gicv3, gicv2) and on QEMU (-M virt,gic-version=3, 2) in
# the same run.  Cases: a round trip cpu0 -> cpu1 -> cpu0 (SGI and answer
# SGI, CNTVCT over 2000 round trips) and a self-IPI (send to self,
# acknowledge, EOI).  Each figure is the median of RUNS runs (default 3).
# Run from the project root after `make all`.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

IMG=build/guest/bench_sgi.img
QEMU=${QEMU:-qemu-system-aarch64}
RUNS=${RUNS:-3}
LOG=build/bench-logs
mkdir -p "$LOG"

if [ ! -f "$IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_sgi: $IMG or build/armvisor missing (make all)" >&2
	exit 2
fi
have_qemu=1
command -v "$QEMU" >/dev/null 2>&1 || have_qemu=0

# run_one PLATFORM GIC LOGFILE: one boot of the bench guest.
run_one() {
	if [ "$1" = armvisor ]; then
		build/armvisor run --cpus 2 --irqchip "gicv$2" --timeout 120 \
			"$IMG" </dev/null >"$3" 2>&1
	elif [ "$1" = el2 ]; then
		ARMVISOR_EL2_STATS=1 build/armvisor run --engine el2 --cpus 2 \
			--irqchip "gicv$2" --timeout 120 "$IMG" </dev/null >"$3" 2>&1
	else
		timeout 120 "$QEMU" -M "virt,gic-version=$2" -cpu max -smp 2 \
			-m 256M -nographic -no-reboot -kernel "$IMG" \
			</dev/null >"$3" 2>&1
	fi
}

# median_ns KEY LOGFILES...: the median of the KEY values in the logs.
median_ns() {
	key=$1
	shift
	bench_values "$key" ns "$@" | median
}

for plat in armvisor el2 qemu; do
	[ "$plat" != armvisor ] && [ "$have_qemu" = 0 ] && continue
	for gic in 3 2; do
		i=1
		while [ "$i" -le "$RUNS" ]; do
			run_one "$plat" "$gic" "$LOG/sgi-$plat-v$gic-$i.log"
			i=$((i + 1))
		done
	done
done

echo
echo "SGI cost (median of $RUNS runs, 2 vCPUs; logs in $LOG/)"
printf '%-34s %14s %14s %14s %8s %8s\n' case "armvisor ns" "el2 ns" "QEMU ns" ratio \
	"el2/QEMU"
for gic in 3 2; do
	for key in sgi_roundtrip sgi_self; do
		case $key in
		sgi_roundtrip) what="round trip cpu0->cpu1->cpu0" ;;
		sgi_self) what="self-IPI send+ack+EOI" ;;
		esac
		a=$(median_ns "$key" "$LOG"/sgi-armvisor-v$gic-*.log)
		if [ "$have_qemu" = 1 ]; then
			e=$(median_ns "$key" "$LOG"/sgi-el2-v$gic-*.log)
			q=$(median_ns "$key" "$LOG"/sgi-qemu-v$gic-*.log)
		else
			e=-
			q=-
		fi
		r2=$(awk -v a="$e" -v q="$q" 'BEGIN {
			if (a ~ /^[0-9]+$/ && q ~ /^[0-9]+$/ && q > 0)
				printf "%.2f", a / q; else print "-" }')
		ratio=$(awk -v a="$a" -v q="$q" 'BEGIN {
			if (a ~ /^[0-9]+$/ && q ~ /^[0-9]+$/ && q > 0)
				printf "%.2f", a / q; else print "-" }')
		printf '%-34s %14s %14s %14s %8s %8s\n' "GICv$gic $what" "$a" \
			"$e" "$q" "$ratio" "$r2"
	done
done
echo "(ratio = armvisor (Unicorn) / QEMU; el2 = the EL2 image under QEMU with"
echo " the hardware vGIC; QEMU runs the guest directly, TCG, -cpu max)"
# el2: exits per SGI over the whole run (both vCPUs), from the statistics
for gic in 3 2; do
	f=$(ls "$LOG"/sgi-el2-v$gic-*.log 2>/dev/null | head -1)
	[ -n "$f" ] || continue
	grep -o 'hwstats: vcpu [0-9] .*' "$f" | awk -v g="$gic" '{
		for (i = 1; i < NF; i++) {
			if ($i == "exits") ex += $(i + 1)
			if ($i == "sysreg") sr += $(i + 1)
			if ($i == "irq") ir += $(i + 1)
			if ($i == "maint_irqs") mi += $(i + 1)
		} }
		END { printf "el2 GICv%s: %d exits in all (sysreg %d: SGI writes and ICC_DIR, irq %d, maintenance %d)\n", g, ex, sr, ir, mi }'
done
