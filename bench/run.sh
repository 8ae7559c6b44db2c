#!/bin/sh
# `make bench` (after `make all`): run every bench/bench_*.sh in name order,
# with a header that names the machine, and tee everything into
# build/bench/report.txt.  Exits non-zero only when a script fails to run
# (non-zero exit status); slow figures are never a failure.  Each script
# leaves its raw logs in build/bench-logs/; bench/plot.sh then draws
# build/bench/timer-latency.png and build/bench/irq-cost.png (gnuplot).
set -u
cd "$(dirname "$0")/.."
export LC_ALL=C # name order of the glob, and "." decimals in awk/printf

QEMU=${QEMU:-qemu-system-aarch64}
OUT=build/bench
REPORT=$OUT/report.txt
FAILS=$OUT/failed.txt
mkdir -p "$OUT"
: >"$FAILS"

header() {
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	[ -n "$cpu" ] || cpu=$(sed -n 's/^CPU part[[:space:]]*: //p' /proc/cpuinfo | head -1)
	qemu=$("$QEMU" --version 2>/dev/null | head -1)
	uc=$(dpkg-query -W -f='${Package} ${Version}\n' 'libunicorn2*' 2>/dev/null | head -1)
	echo "armvisor benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "  host:     $(uname -sr), $(nproc) CPUs, ${cpu:-unknown CPU}"
	echo "  load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at start)"
	# Anything else busy skews every figure: name it.
	ps -eo pid=,pcpu=,args= --sort=-pcpu 2>/dev/null |
		awk -v me=$$ '$1 != me && $2 + 0 >= 20 {
			printf "  BUSY:     pid %s at %s%% CPU: %s\n", $1, $2,
				substr($0, index($0, $3), 60) }'
	echo "  QEMU:     ${qemu:-not found}"
	echo "  Unicorn:  ${uc:-unknown (dpkg has no libunicorn2)}"
	echo "  armvisor: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([ -z "$(git status --porcelain 2>/dev/null)" ] || echo ' + local changes')"
}

run_all() {
	header
	t_all=$(date +%s)
	for s in bench/bench_*.sh; do
		[ -f "$s" ] || continue
		t0=$(date +%s)
		echo
		echo "=== $s"
		if sh "$s"; then
			echo "($s: $(($(date +%s) - t0)) s)"
		else
			rc=$?
			echo "bench: $s FAILED to run (exit status $rc)"
			echo "$s $rc" >>"$FAILS"
		fi
	done
	echo
	echo "=== total $(($(date +%s) - t_all)) s; load at the end" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
	if [ -s "$FAILS" ]; then
		echo "failed scripts:"
		sed 's/^/  /' "$FAILS"
	fi
	echo
	sh bench/plot.sh # PNGs of the timer and interrupt-cost figures
}

run_all 2>&1 | tee "$REPORT"
echo "report: $REPORT"
[ ! -s "$FAILS" ]
