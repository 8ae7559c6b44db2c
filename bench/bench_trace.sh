#!/bin/sh
# What `armvisor run --trace` costs (issue 13): guest MIPS (bench_mips,
# registers-only and C kernels; 1 vCPU) and interrupt cost (bench_irq_cost
# on gicv3, 2 vCPUs) with tracing off, and on with every class written to
# a file.  BASE=path/to/armvisor adds a column for a build without the
# trace points (e.g. the commit before them), to show that "off" costs
# nothing.  Configurations alternate run by run so that drift on a shared
# host hits them alike; figures are medians of RUNS runs (default 3).
# Run from the project root after `make all`.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

RUNS=${RUNS:-3}
N=${N:-1000}
BASE=${BASE:-}
LOG=build/bench-logs
mkdir -p "$LOG"
MIPS_IMG=build/guest/bench_mips.img
IRQ_IMG=build/guest/bench_irq_cost.img

if [ ! -f "$MIPS_IMG" ] || [ ! -f "$IRQ_IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_trace: guests or build/armvisor missing (make all)" >&2
	exit 2
fi
configs="off on"
[ -n "$BASE" ] && [ -x "$BASE" ] && configs="base off on"

# av CONFIG CPULOG ARGS...: armvisor in one configuration; the process's
# CPU time (user + system seconds, /usr/bin/time) goes to CPULOG: less
# sensitive than the guest's wall-clock figures to other load on the host.
av() {
	c=$1 cpu=$2
	shift 2
	case $c in
	base) set -- "$BASE" run "$@" ;;
	off) set -- build/armvisor run "$@" ;;
	on) set -- build/armvisor run --trace "$LOG/trace-bench.json" "$@" ;;
	esac
	/usr/bin/time -f "%U %S" -o "$cpu" "$@"
}

rm -f "$LOG"/trace-mips-*.log "$LOG"/trace-irq-*.log "$LOG"/trace-irq-*.cpu
i=1
while [ "$i" -le "$RUNS" ]; do
	for c in $configs; do
		av "$c" /dev/null --cpus 1 --timeout 120 "$MIPS_IMG" </dev/null \
			>"$LOG/trace-mips-$c-$i.log" 2>&1
		for mode in self timer ipi; do
			f=$LOG/trace-irq-$c-$mode-$i
			av "$c" "$f.cpu" --cpus 2 --timeout 120 \
				--append "mode=$mode n=$((2 * N))" "$IRQ_IMG" \
				</dev/null >"$f.log" 2>&1
		done
	done
	i=$((i + 1))
done

# mips CONFIG KERNEL: median over every timed run of every log, in
# million instructions per second (or, for a kernel whose instructions
# per iteration the guest does not print, iterations per second).
mips() {
	insn=$(bench_value "mips_$2_insn" '[^ ]*' "$LOG/trace-mips-$1-1.log")
	[ "$insn" = - ] && insn=1e6
	cat "$LOG"/trace-mips-"$1"-*.log | tr -d '\r' |
		awk -v k="$2" -v insn="$insn" '
		$1 == "BENCH:" && $2 == "mips_" k "_iters" { it[++ni] = $3 }
		$1 == "BENCH:" && $2 == "mips_" k "_ns" { ns[++nn] = $3 }
		END {
			if (insn !~ /^[0-9.e-]+$/ || nn == 0 || ni != nn) exit
			for (i = 1; i <= nn; i++) print it[i] * insn * 1000 / ns[i]
		}' | median
}

irq() {
	for f in "$LOG"/trace-irq-"$1"-"$2"-*.log; do
		bench_value "irq_$2" ns "$f"
	done | median
}

# cpu CONFIG MODE: median process CPU time (ms) of the runs.
cpu() {
	cat "$LOG"/trace-irq-"$1"-"$2"-*.cpu 2>/dev/null |
		awk 'NF == 2 && $1 ~ /^[0-9.]+$/ {printf "%.0f\n", ($1 + $2) * 1000}' |
		median
}

echo
echo "Cost of --trace (median of $RUNS runs; off = no --trace; on = every"
echo "class written to a file; logs in $LOG/)"
hdr="%-34s"
for c in $configs; do hdr="$hdr %10s"; done
# shellcheck disable=SC2059
printf "$hdr %8s\n" case $configs "on/off"
row() { # what, then one figure per config
	what=$1
	shift
	line=$(printf '%-34s' "$what")
	for v in "$@"; do line="$line $(printf '%10s' "$v")"; done
	off=$(eval echo "\${$(($# - 1))}")
	on=$(eval echo "\${$#}")
	r=$(awk -v a="$on" -v b="$off" 'BEGIN {
		if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b
		else print "-" }')
	echo "$line $(printf '%8s' "$r")"
}
for k in reg c; do
	case $k in
	reg) what="MIPS, registers only" ;;
	c) what="C hash + quicksort, iter/s" ;;
	esac
	set --
	for c in $configs; do set -- "$@" "$(mips "$c" $k | awk '{printf "%.0f", $1}')"; done
	row "$what" "$@"
done
for mode in self timer ipi; do
	case $mode in
	self) what="ns/irq gicv3, self-IPI" ;;
	timer) what="ns/irq gicv3, timer expiry" ;;
	ipi) what="ns gicv3, IPI round trip" ;;
	esac
	set --
	for c in $configs; do set -- "$@" "$(irq "$c" $mode)"; done
	row "$what" "$@"
done
for mode in self timer ipi; do
	set --
	for c in $configs; do set -- "$@" "$(cpu "$c" $mode)"; done
	row "CPU ms per run, irq $mode" "$@"
done
ev=$(jq '.otherData.events' "$LOG/trace-bench.json" 2>/dev/null)
echo "(MIPS and iter/s: higher is better; ns and ms: lower is better.  A run"
echo " of the irq bench is $((2 * N)) interrupts and boot.  The last traced run"
echo " wrote ${ev:-?} events, see $LOG/trace-bench.json.)"
