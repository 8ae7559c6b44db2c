#!/bin/sh
# Timer-interrupt latency: deadline -> guest handler entry, measured in the
# guest (build/guest/bench_timer.img, 1 vCPU) as CNTVCT at IRQ entry minus
# CVAL over 1000 interrupts, p50/p99/max, in two ways: the vCPU asleep in
# WFI (woken by its background deadline) and spinning (kicked at the
# deadline).  armvisor with --irqchip gicv3 in both --timer-irq-mode active
# and mask, with --irqchip gicv2, and with --irqchip user (the VMM's GICv2
# takes device_irq_level and drives the IRQ pin); the same on --engine el2
# (gicv3 active and mask, gicv2 active: the hardware vGIC, the timer's HW
# bit in active mode), with the image's exit statistics
# (ARMVISOR_EL2_STATS=1) giving exits per timer interrupt, and gicv3
# active once more with --halt-poll-ns 0 (no halt polling before a WFI
# sleep: the figure without KVM's halt polling); QEMU -M
# virt,gic-version=3 in the same run; and the
# host's own clock_nanosleep wake-up latency as the floor (the small C
# program bench/nanosleep_latency.c, built here with cc), with the 1 ns
# timer slack armvisor's threads use and with Linux's default 50 us.
# Run from the project root after `make all`.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

IMG=build/guest/bench_timer.img
QEMU=${QEMU:-qemu-system-aarch64}
LOG=build/bench-logs
HOSTBIN=build/bench/nanosleep_latency
mkdir -p "$LOG" build/bench

if [ ! -f "$IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_timer: $IMG or build/armvisor missing (make all)" >&2
	exit 2
fi
${CC:-cc} -O2 -Wall -Wextra -o "$HOSTBIN" bench/nanosleep_latency.c || exit 2
have_qemu=1
command -v "$QEMU" >/dev/null 2>&1 || have_qemu=0

# config name | how to run it
run_config() {
	case $1 in
	host) "$HOSTBIN" precise ;;
	host-slack) "$HOSTBIN" ;;
	gicv3-active)
		build/armvisor run --cpus 1 --timeout 300 --irqchip gicv3 \
			--timer-irq-mode active "$IMG" </dev/null ;;
	gicv3-mask)
		build/armvisor run --cpus 1 --timeout 300 --irqchip gicv3 \
			--timer-irq-mode mask "$IMG" </dev/null ;;
	user)
		build/armvisor run --cpus 1 --timeout 300 --irqchip user \
			"$IMG" </dev/null ;;
	gicv2-active)
		build/armvisor run --cpus 1 --timeout 300 --irqchip gicv2 \
			"$IMG" </dev/null ;;
	el2-gicv3-active | el2-gicv3-mask | el2-gicv2-active)
		chip=${1#el2-}
		ARMVISOR_EL2_STATS=1 build/armvisor run --engine el2 --cpus 1 \
			--timeout 300 --irqchip "${chip%-*}" \
			--timer-irq-mode "${chip#*-}" "$IMG" </dev/null ;;
	el2-gicv3-nopoll)
		ARMVISOR_EL2_STATS=1 build/armvisor run --engine el2 --cpus 1 \
			--timeout 300 --irqchip gicv3 --halt-poll-ns 0 \
			"$IMG" </dev/null ;;
	qemu-gicv3)
		timeout 300 "$QEMU" -M virt,gic-version=3 -cpu max -smp 1 \
			-m 256M -nographic -no-reboot -kernel "$IMG" </dev/null ;;
	esac
}

configs="host host-slack gicv3-active gicv3-mask gicv2-active user"
[ "$have_qemu" = 1 ] && [ -f build/el2/armvisor-el2.bin ] &&
	configs="$configs el2-gicv3-active el2-gicv3-mask el2-gicv2-active el2-gicv3-nopoll"
[ "$have_qemu" = 1 ] && configs="$configs qemu-gicv3"
for c in $configs; do
	run_config "$c" >"$LOG/timer-$c.log" 2>&1
done

# value LOG KEY: the figure in ns, "-" if absent
value() {
	bench_value "$2" ns "$1"
}

us() {
	awk -v v="$1" 'BEGIN { if (v ~ /^[0-9]+$/) printf "%.1f", v / 1000; else print "-" }'
}

echo
echo "Timer interrupt latency, deadline -> handler entry (us; 1000 samples;"
echo "1 vCPU; logs in $LOG/)"
printf '%-26s %9s %9s %9s   %9s %9s %9s\n' "" "WFI p50" p99 max \
	"spin p50" p99 max
for c in $configs; do
	case $c in
	host) what="host nanosleep, 1ns slack" ;;
	host-slack) what="host nanosleep, default" ;;
	gicv3-active) what="armvisor gicv3 active" ;;
	gicv3-mask) what="armvisor gicv3 mask" ;;
	user) what="armvisor user GIC" ;;
	el2-gicv3-active) what="el2 gicv3 active (HW bit)" ;;
	el2-gicv3-mask) what="el2 gicv3 mask" ;;
	el2-gicv2-active) what="el2 gicv2 active (HW bit)" ;;
	el2-gicv3-nopoll) what="el2 gicv3 active, no poll" ;;
	gicv2-active) what="armvisor gicv2 active" ;;
	qemu-gicv3) what="QEMU gicv3 (TCG)" ;;
	esac
	f=$LOG/timer-$c.log
	if [ "$c" = host ] || [ "$c" = host-slack ]; then
		printf '%-26s %9s %9s %9s   %9s %9s %9s\n' "$what" \
			"$(us "$(value "$f" timer_host_p50)")" \
			"$(us "$(value "$f" timer_host_p99)")" \
			"$(us "$(value "$f" timer_host_max)")" - - -
		continue
	fi
	printf '%-26s %9s %9s %9s   %9s %9s %9s\n' "$what" \
		"$(us "$(value "$f" timer_wfi_p50)")" \
		"$(us "$(value "$f" timer_wfi_p99)")" \
		"$(us "$(value "$f" timer_wfi_max)")" \
		"$(us "$(value "$f" timer_spin_p50)")" \
		"$(us "$(value "$f" timer_spin_p99)")" \
		"$(us "$(value "$f" timer_spin_max)")"
	grep -q 'EXIT: STATUS=1' "$f" || echo "  ($what: the guest did not pass, see $f)"
done
# el2: exits per timer interrupt, from the image's statistics line: all
# exits, and the PPI 27 + maintenance ones, over the 2 x (50 warm-up + 1000)
# interrupts the guest takes.
irqs=2100
for c in $configs; do
	case $c in el2-*) ;; *) continue ;; esac
	st=$(grep -o 'hwstats: vcpu 0 .*' "$LOG/timer-$c.log" | head -1)
	[ -n "$st" ] || continue
	f() { echo "$st" | sed -n "s/.* $1 \([0-9][0-9]*\).*/\1/p"; }
	awk -v c="$c" -v ex="$(f exits)" -v vt="$(f vtimer_irqs)" \
		-v mi="$(f maint_irqs)" -v wf="$(f wfx)" -v n="$irqs" 'BEGIN {
		printf "%s: %.2f exits per timer interrupt (PPI 27 %.2f, maintenance %.2f, WFI %.2f)\n",
			c, ex / n, vt / n, mi / n, wf / n }'
done
echo "(WFI: the vCPU sleeps until its background deadline; spin: it runs and"
echo " is kicked at the deadline.  The host rows are the floor under all:"
echo " armvisor's threads, like QEMU's, sleep with a 1 ns timer slack.)"
