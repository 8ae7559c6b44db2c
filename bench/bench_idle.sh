#!/bin/sh
# Host CPU used by idle vCPUs: build/guest/bench_idle.img on NCPUS vCPUs
# (default 64), every one in WFI with IRQs masked and no timer armed.  Once
# the guest says all are in WFI, the VMM process's utime + stime
# (/proc/PID/stat) is sampled over SECONDS (default 10) and the process is
# stopped.  armvisor (--irqchip gicv3) beside QEMU -M virt,gic-version=3
# -smp NCPUS in the same run.  An idle vCPU should cost no host CPU: no
# polling anywhere (armvisor: the vCPU worker waits on its event with no
# deadline, the per-vCPU host timer thread on a condvar, the VMM thread in
# av_vcpu_run).  Run from the project root after `make all`.
set -u
cd "$(dirname "$0")/.."

IMG=build/guest/bench_idle.img
QEMU=${QEMU:-qemu-system-aarch64}
NCPUS=${NCPUS:-64}
SECONDS_IDLE=${SECONDS_IDLE:-10}
LOG=build/bench-logs
mkdir -p "$LOG"

if [ ! -f "$IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_idle: $IMG or build/armvisor missing (make all)" >&2
	exit 2
fi
have_qemu=1
command -v "$QEMU" >/dev/null 2>&1 || have_qemu=0
HZ=$(getconf CLK_TCK)

# cpu_ticks PID: utime + stime of the process (all threads), clock ticks
cpu_ticks() {
	# the comm field may hold spaces: cut after the closing parenthesis
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# measure NAME CMD...: start CMD, wait for idle_ready, sample, stop.
# Prints "ms_of_cpu ready_cpus" or "- -".
measure() {
	name=$1
	shift
	log=$LOG/idle-$name.log
	"$@" </dev/null >"$log" 2>&1 &
	pid=$!
	i=0
	while ! grep -q 'BENCH: idle_ready' "$log" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 1200 ] || ! kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			echo "- -"
			return
		fi
		sleep 0.1
	done
	sleep 1 # let the last vCPUs settle into WFI
	t0=$(cpu_ticks "$pid")
	sleep "$SECONDS_IDLE"
	t1=$(cpu_ticks "$pid")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ready=$(sed -n 's/^BENCH: idle_ready \([0-9]*\) cpus.*/\1/p' "$log" | head -1)
	echo "$(( (t1 - t0) * 1000 / HZ )) $ready"
}

a=$(measure armvisor build/armvisor run --cpus "$NCPUS" --irqchip gicv3 \
	--timeout 600 "$IMG")
q="- -"
if [ "$have_qemu" = 1 ]; then
	q=$(measure qemu "$QEMU" -M virt,gic-version=3 -cpu max -smp "$NCPUS" \
		-m 256M -nographic -no-reboot -kernel "$IMG")
fi

row() {
	set -- $2
	if [ "$1" = - ]; then
		printf '%-22s %12s %14s %10s\n' "$what" - - "did not start"
		return
	fi
	pct=$(awk -v ms="$1" -v s="$SECONDS_IDLE" 'BEGIN { printf "%.2f", ms / (s * 10) }')
	printf '%-22s %12s %14s %10s\n' "$what" "$1" "$pct" "$2"
}

echo
echo "Idle cost: $NCPUS vCPUs all in WFI, no timers, over $SECONDS_IDLE s (logs in $LOG/)"
printf '%-22s %12s %14s %10s\n' "" "CPU ms" "% of one core" "vCPUs idle"
what="armvisor gicv3"
row armvisor "$a"
what="QEMU gicv3 (TCG)"
row qemu "$q"
