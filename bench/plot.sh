#!/bin/sh
# PNG plots of the last bench run (bench/run.sh calls this at the end; it
# can also run alone after bench_timer.sh and bench_irq_cost.sh):
#   build/bench/timer-latency.png  timer-interrupt latency distributions
#       (deadline -> handler entry), WFI and spin, per irqchip and engine,
#       beside QEMU and the host's own clock_nanosleep wake-up floor;
#   build/bench/irq-cost.png  cost per interrupt by case and irqchip, as
#       bars, with QEMU's gicv3 beside them.
# Reads the raw logs in build/bench-logs/; needs gnuplot (Debian
# gnuplot-nox).  Exits 0 without plotting if gnuplot is missing.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
export LC_ALL=C

LOG=build/bench-logs
OUT=build/bench
mkdir -p "$OUT"
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plot: gnuplot not installed (Debian gnuplot-nox): no PNGs"
	exit 0
fi
term="pngcairo size 1100,480 font ',10'"
gnuplot -e "set terminal pngcairo" >/dev/null 2>&1 || term="png size 1100,480"

# col_us NS: " <microseconds>" for a data column, " -" (missing) if not a
# number.
col_us() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /^[0-9]+$/) printf " %.2f", v / 1000
		else printf " -" }'
}

# ---- timer latency: one column per configuration, one row per quantile
QS="10 50 100 200 300 400 500 600 700 800 900 950 990 999"
TIMER_CONFIGS="host gicv3-active gicv3-mask gicv2-active user el2-gicv3-active el2-gicv3-mask el2-gicv2-active el2-gicv3-nopoll qemu-gicv3"
title() {
	case $1 in
	host) echo "host nanosleep (floor)" ;;
	gicv3-active) echo "armvisor gicv3 active" ;;
	gicv3-mask) echo "armvisor gicv3 mask" ;;
	gicv2-active) echo "armvisor gicv2 active" ;;
	user) echo "armvisor user irqchip" ;;
	el2-gicv3-active) echo "armvisor el2 gicv3 active, HW bit (in QEMU)" ;;
	el2-gicv3-mask) echo "armvisor el2 gicv3 mask (in QEMU)" ;;
	el2-gicv2-active) echo "armvisor el2 gicv2 active, HW bit (in QEMU)" ;;
	el2-gicv3-nopoll) echo "armvisor el2 gicv3 active, no halt polling" ;;
	qemu-gicv3) echo "QEMU gicv3 (TCG)" ;;
	esac
}

# timer_table MODE FILE: quantile (%) then microseconds per configuration
timer_table() {
	mode=$1 file=$2 cols=""
	for c in $TIMER_CONFIGS; do
		[ -f "$LOG/timer-$c.log" ] || continue
		cols="$cols $c"
	done
	{
		printf '"quantile"'
		for c in $cols; do printf ' "%s"' "$(title "$c")"; done
		echo
		for q in $QS; do
			printf '%s' "$(awk -v q="$q" 'BEGIN {print q / 10}')"
			for c in $cols; do
				key=timer_${mode}_q$q
				[ "$c" = host ] && key=timer_host_q$q
				v=$(bench_value "$key" ns "$LOG/timer-$c.log")
				col_us "$v"
			done
			echo
		done
	} >"$file"
	echo "$cols" | wc -w
}

n_wfi=$(timer_table wfi "$OUT/timer-wfi.dat")
n_spin=$(timer_table spin "$OUT/timer-spin.dat")
if [ "$n_wfi" -gt 1 ]; then
	gnuplot <<GP
set terminal $term
set output "$OUT/timer-latency.png"
set datafile missing "-"

set multiplot layout 1,2 title "Timer interrupt latency, deadline -> guest handler entry (1000 samples, 1 vCPU)"
set logscale x
set xlabel "latency (us, log scale)"
set ylabel "interrupts at or below (%)"
set yrange [0:100]
set grid
set key bottom right font ",8"
set title "vCPU asleep in WFI (background timer)"
plot for [i=2:$((n_wfi + 1))] "$OUT/timer-wfi.dat" using i:1 with linespoints pt 7 ps 0.5 title columnheader(i)
set title "vCPU spinning (kicked at the deadline)"
plot for [i=2:$((n_spin + 1))] "$OUT/timer-spin.dat" using i:1 with linespoints pt 7 ps 0.5 title columnheader(i)
unset multiplot
GP
	echo "plot: $OUT/timer-latency.png"
else
	echo "plot: no timer logs in $LOG (run bench/bench_timer.sh)"
fi

# ---- cost per interrupt: one row per case, one column per irqchip
{
	echo '"case" "rvic" "gicv3" "gicv2" "user" "QEMU gicv3"'
	for mode in self timer ipi; do
		case $mode in
		self) printf '"self-IPI"' ;;
		timer) printf '"timer expiry"' ;;
		ipi) printf '"IPI round trip"' ;;
		esac
		for chip in rvic gicv3 gicv2 user qemu; do
			if [ "$chip" = qemu ]; then
				files=$(ls "$LOG"/irq-qemu-*.log 2>/dev/null)
			else
				files=$(ls "$LOG"/irq-$chip-$mode-2n-*.log 2>/dev/null)
			fi
			v=$(for f in $files; do bench_value "irq_$mode" ns "$f"; done | median)
			col_us "$v"
		done
		echo
	done
} >"$OUT/irq-cost.dat"
if ls "$LOG"/irq-gicv3-self-2n-*.log >/dev/null 2>&1; then
	gnuplot <<GP
set terminal $term
set output "$OUT/irq-cost.png"
set datafile missing "-"
set title "Cost per interrupt (2 vCPUs; median of runs of 2000; user irqchip has no IPIs)"
set key autotitle columnheader
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "us per interrupt (IPI: per round trip)"
set yrange [0:*]
set grid ytics
set key top left
plot "$OUT/irq-cost.dat" using 2:xtic(1) title "rVIC", \
	"" using 3 title "gicv3", "" using 4 title "gicv2", \
	"" using 5 title "user", "" using 6 title "QEMU gicv3 (TCG)"
GP
	echo "plot: $OUT/irq-cost.png"
else
	echo "plot: no interrupt-cost logs in $LOG (run bench/bench_irq_cost.sh)"
fi
