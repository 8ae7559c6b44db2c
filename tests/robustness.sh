#!/bin/sh
# A misbehaving guest cannot crash or hang the VMM: boot images of seeded
# random bytes (raw binaries: garbage instructions, faults at every level,
# exception loops, stray MMIO and hypercalls) with --timeout 2.  Each run
# must end by itself with a status the VMM chose (not a signal) within 20 s.
# Prints one PASS/FAIL line per image; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
dir=build/test-logs/robustness
mkdir -p "$dir"
fail=0
for seed in 1 2 3 4 5 6 7 8; do
	img=$dir/random$seed.img
	LC_ALL=C awk -v s="$seed" 'BEGIN { srand(s);
		for (i = 0; i < 16384; i++) printf "%c", int(rand() * 256) }' >"$img"
	for chip in gicv3 rvic; do
		start=$(date +%s)
		timeout -s KILL 20 build/armvisor run --cpus 2 --irqchip $chip \
			--timeout 2 "$img" </dev/null >"$dir/random$seed-$chip.log" 2>&1
		rc=$?
		took=$(($(date +%s) - start))
		if [ "$rc" -ge 128 ] || [ "$took" -ge 20 ]; then
			echo "FAIL robustness random$seed --irqchip $chip: exit $rc after ${took}s"
			fail=$((fail + 1))
		else
			echo "PASS robustness random$seed --irqchip $chip (exit $rc)"
		fi
	done
done
exit $fail
