#!/bin/sh
# Cost of leaving guest code, ns per operation measured in the guest
# (CNTVCT): build/guest/bench_exits.img on 1 vCPU, armvisor --irqchip gicv3
# and --irqchip rvic (for the in-core hypercall), QEMU -M virt,gic-version=3
# -cpu max in the same run.  Rows: an HVC that reaches the VMM (PSCI_VERSION,
# AV_EXIT_HYPERCALL), an HVC the core answers inside the guest's HVC (rVIC
# VERSION, vm_register_hvc), an MMIO read that exits to the VMM (PL011
# UARTFR, AV_EXIT_MMIO), an MMIO read of an in-core device (GICD_TYPER),
# and the hooked system registers ICC_PMR_EL1 and CNTVCT_EL0.  Median of 3
# timed runs of about 200 ms each.  Run from the project root after
# `make all`.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

IMG=build/guest/bench_exits.img
QEMU=${QEMU:-qemu-system-aarch64}
LOG=build/bench-logs
mkdir -p "$LOG"

if [ ! -f "$IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_exits: $IMG or build/armvisor missing (make all)" >&2
	exit 2
fi
have_qemu=1
command -v "$QEMU" >/dev/null 2>&1 || have_qemu=0

for chip in gicv3 rvic; do
	build/armvisor run --cpus 1 --irqchip "$chip" --timeout 120 "$IMG" \
		</dev/null >"$LOG/exits-armvisor-$chip.log" 2>&1
	build/armvisor run --engine el2 --cpus 1 --irqchip "$chip" \
		--timeout 120 "$IMG" </dev/null >"$LOG/exits-el2-$chip.log" 2>&1
done
# The same with every armvisor thread on one host CPU: an exit to the VMM
# is then a switch between two threads on that CPU, not a wake-up of an
# idle CPU (which costs tens of us in a VM whose CPUs halt when idle).
pinned=0
if command -v taskset >/dev/null 2>&1; then
	pinned=1
	taskset -c 0 build/armvisor run --cpus 1 --irqchip gicv3 --timeout 120 \
		"$IMG" </dev/null >"$LOG/exits-armvisor-pinned.log" 2>&1
fi
if [ "$have_qemu" = 1 ]; then
	timeout 120 "$QEMU" -M virt,gic-version=3 -cpu max -smp 1 -m 256M \
		-nographic -no-reboot -kernel "$IMG" \
		</dev/null >"$LOG/exits-qemu.log" 2>&1
fi

# median_ns LOG KEY: the median of the runs' ns figures, "-" if none
ratio() {
	awk -v a="$1" -v q="$2" 'BEGIN {
		if (a ~ /^[0-9.]+$/ && q ~ /^[0-9.]+$/ && q > 0)
			printf "%.1f", a / q; else print "-" }'
}

median_ns() {
	bench_values "exit_$2" ns "$1" | median |
		awk '$1 == "-" { print; next }
			{ printf ($1 < 1000 ? "%.1f\n" : "%.0f\n"), $1 }'
}

echo
echo "Exit costs, ns per operation (1 vCPU; median of 3 runs of ~200 ms;"
echo "logs in $LOG/)"
printf '%-40s %9s %9s %9s %7s %7s\n' case unicorn el2 QEMU uc/QEMU el2/QEMU
for k in hvc_vmm hvc_vmm_pinned hvc_core mmio_vmm mmio_vmm_pinned mmio_core \
	sysreg_gic sysreg_cnt loop; do
	chip=gicv3
	case $k in
	*_pinned)
		[ "$pinned" = 1 ] || continue
		chip=pinned
		k=${k%_pinned}
		case $k in
		hvc_vmm) what="  same, one host CPU (taskset -c 0)" ;;
		mmio_vmm) what="  same, one host CPU (taskset -c 0)" ;;
		esac ;;
	hvc_vmm) what="HVC to the VMM (PSCI_VERSION)" ;;
	hvc_core) what="HVC in the core (rVIC VERSION)"; chip=rvic ;;
	mmio_vmm) what="MMIO read, VMM device (PL011 UARTFR)" ;;
	mmio_core) what="MMIO read, core device (GICD_TYPER)" ;;
	sysreg_gic) what="MRS ICC_PMR_EL1 (vGIC sysreg)" ;;
	sysreg_cnt) what="MRS CNTVCT_EL0 (timer sysreg)" ;;
	loop) what="empty loop iteration (reference)" ;;
	esac
	a=$(median_ns "$LOG/exits-armvisor-$chip.log" $k)
	e=-
	[ "$chip" = pinned ] || e=$(median_ns "$LOG/exits-el2-$chip.log" $k)
	q=-
	if [ "$have_qemu" = 1 ] && [ "$k" != hvc_core ]; then
		q=$(median_ns "$LOG/exits-qemu.log" $k)
	fi
	printf '%-40s %9s %9s %9s %7s %7s\n' "$what" "$a" "$e" "$q" \
		"$(ratio "$a" "$q")" "$(ratio "$e" "$q")"
done
for f in "$LOG"/exits-armvisor-*.log "$LOG"/exits-el2-*.log; do
	grep -q 'EXIT: STATUS=1' "$f" || echo "  (the guest did not pass, see $f)"
done
echo "(el2: armvisor at EL2 under QEMU -cpu max, where an exit is a trap to"
echo " EL2 of the emulated CPU; unicorn: the Unicorn engine; QEMU: TCG directly."
echo " ratio = armvisor / QEMU.  QEMU answers PSCI and emulates the PL011 in"
echo " its own TCG thread; on armvisor \"to the VMM\" is an exit out of"
echo " av_vcpu_run to the VMM's thread and back.  QEMU has no rVIC.)"
