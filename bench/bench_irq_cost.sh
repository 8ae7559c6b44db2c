#!/bin/sh
# The rVIC series' open question: what does one interrupt cost on an
# all-hypercall controller, against the GIC?  build/guest/bench_irq_cost.img
# (2 vCPUs) on armvisor with --irqchip rvic, gicv3, gicv2 and user (the
# VMM's GICv2: the same model as gicv2, driven from MMIO exits and
# device_irq_level), and on QEMU -M virt,gic-version=3 in the same run.  Per case and chip:
#   ns/irq       guest-measured (CNTVCT) time per interrupt: signal or timer
#                expiry -> handler -> EOI; for "IPI round trip" the time of
#                cpu0 -> cpu1 -> cpu0.  Median of RUNS runs (default 3).
#   exits/irq    vCPU run-loop exits per interrupt (all vCPUs), from the
#                VMM's ARMVISOR_STATS print (AV_REG_ARMVISOR_STAT_EXITS):
#                (exits at 2N - exits at N) / N, so boot costs cancel out.
# The same table on --engine el2 (chips el2-rvic, el2-gicv3, el2-gicv2,
# el2-user: the EL2 image under QEMU, the GICs on the hardware vGIC, the
# user irqchip's GICv2 in the image's VMM role), whose exits are every trap
# to EL2, from the image's
# ARMVISOR_EL2_STATS=1 print, including those the core finishes in place.
# Run from the project root after `make all`.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

IMG=build/guest/bench_irq_cost.img
QEMU=${QEMU:-qemu-system-aarch64}
RUNS=${RUNS:-3}
N=${N:-1000}
LOG=build/bench-logs
mkdir -p "$LOG"

if [ ! -f "$IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_irq_cost: $IMG or build/armvisor missing (make all)" >&2
	exit 2
fi
have_qemu=1
command -v "$QEMU" >/dev/null 2>&1 || have_qemu=0

# av CHIP MODE COUNT LOG
av() {
	case $1 in
	el2-*)
		ARMVISOR_EL2_STATS=1 build/armvisor run --engine el2 --cpus 2 \
			--irqchip "${1#el2-}" --timeout 120 \
			--append "mode=$2 n=$3" "$IMG" </dev/null >"$4" 2>&1 ;;
	*)
		ARMVISOR_STATS=1 build/armvisor run --cpus 2 --irqchip "$1" \
			--timeout 120 --append "mode=$2 n=$3" "$IMG" </dev/null \
			>"$4" 2>&1 ;;
	esac
}
chips="rvic gicv3 gicv2 user"
[ "$have_qemu" = 1 ] && chips="$chips el2-rvic el2-gicv3 el2-gicv2 el2-user"

# value KEY LOG: the BENCH figure (or "-").
value() {
	bench_value "$1" ns "$2"
}

exits() {
	sed -n -e 's/^armvisor: stats: vcpu [0-9]* exits \([0-9]*\).*/\1/p' \
		-e 's/.*el2: hwstats: vcpu [0-9]* exits \([0-9]*\).*/\1/p' "$1" |
		awk '{s += $1} END {print s + 0}'
}


for chip in $chips; do
	for mode in self timer ipi; do
		i=1
		while [ "$i" -le "$RUNS" ]; do
			av "$chip" "$mode" $((2 * N)) "$LOG/irq-$chip-$mode-2n-$i.log"
			i=$((i + 1))
		done
		av "$chip" "$mode" "$N" "$LOG/irq-$chip-$mode-n.log"
	done
done
if [ "$have_qemu" = 1 ]; then
	i=1
	while [ "$i" -le "$RUNS" ]; do
		timeout 120 "$QEMU" -M virt,gic-version=3 -cpu max -smp 2 -m 256M \
			-nographic -no-reboot -kernel "$IMG" \
			-append "n=$((2 * N))" </dev/null >"$LOG/irq-qemu-$i.log" 2>&1
		i=$((i + 1))
	done
fi

echo
echo "Interrupt cost (2 vCPUs; ns = median of $RUNS runs of $((2 * N)) interrupts; logs in $LOG/)"
printf '%-16s %-9s %10s %10s\n' case chip "ns/irq" "exits/irq"
for mode in self timer ipi; do
	case $mode in
	self) what="self-IPI" ;;
	timer) what="timer expiry" ;;
	ipi) what="IPI round trip" ;;
	esac
	for chip in $chips; do
		label=$chip
		[ "$chip" = user ] && label="user GIC"
		ns=$(for f in "$LOG"/irq-$chip-$mode-2n-*.log; do
			value "irq_$mode" "$f"; done | median)
		if [ "$ns" = - ]; then
			printf '%-16s %-9s %10s %10s\n' "$what" "$label" "n/a" "n/a"
			continue
		fi
		e2=$(exits "$LOG/irq-$chip-$mode-2n-1.log")
		e1=$(exits "$LOG/irq-$chip-$mode-n.log")
		epi=$(awk -v a="$e2" -v b="$e1" -v n="$N" \
			'BEGIN {printf "%.2f", (a - b) / n}')
		printf '%-16s %-9s %10s %10s\n' "$what" "$label" "$ns" "$epi"
	done
	if [ "$have_qemu" = 1 ]; then
		q=$(for f in "$LOG"/irq-qemu-*.log; do
			value "irq_$mode" "$f"; done | median)
	else
		q=-
	fi
	printf '%-16s %-9s %10s %10s\n' "$what" "QEMU v3" "$q" "-"
done
echo "(armvisor: guest code on Unicorn, one vCPU at a time; el2-*: the EL2 image"
echo " under QEMU TCG, exits = traps to EL2; QEMU: the guest directly, TCG -cpu max."
echo " An rVIC operation is a hypercall handled inside the guest's HVC: not an exit.)"
