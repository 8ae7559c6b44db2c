#!/bin/sh
# Guests that misbehave on purpose cannot hang the VMM, flood its log or
# grow its memory (issue 9, findings 2-5).  Each case boots one image of
# guest/tests that never ends by itself (or floods IC maintenance) and
# checks the VMM from outside: exit status and time, peak RSS (VmHWM,
# sampled from /proc), and the number of lines it logged.
# Prints one PASS/FAIL line per check; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
dir=build/test-logs/guest-limits
mkdir -p "$dir"
fail=0

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

# run NAME LOG ARGS...: runs build/armvisor run ARGS, sets rc, took (s)
# and hwm (peak RSS in KiB) from polling /proc/PID/status.
run() {
	name=$1
	log=$2
	shift 2
	start=$(date +%s)
	timeout -s KILL 60 build/armvisor run "$@" </dev/null >"$log" 2>&1 &
	pid=$!
	hwm=0
	while kill -0 "$pid" 2>/dev/null; do
		apid=$(pgrep -P "$pid" 2>/dev/null | head -n 1)
		if [ -n "$apid" ] && [ -r "/proc/$apid/status" ]; then
			h=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' \
				"/proc/$apid/status" 2>/dev/null)
			[ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
		fi
		sleep 0.1
	done
	wait "$pid"
	rc=$?
	took=$(($(date +%s) - start))
}

# 2: an exception whose vector faults again, for ever: --timeout ends it.
run vector_loop "$dir/vector_loop.log" --timeout 2 build/guest/vector_loop.img
if [ "$rc" -eq 124 ] && [ "$took" -le 10 ]; then
	ok "guest-limits vector_loop: --timeout ended it in ${took}s"
else
	ko "guest-limits vector_loop: exit $rc after ${took}s (want 124)"
fi

# 3: a vCPU in a fetch-abort loop at a bad CPU_ON entry: --timeout ends it,
#    memory stays flat (it grew towards 1 GiB).
run bad_entry_loop "$dir/bad_entry_loop.log" --cpus 2 --timeout 5 \
	build/guest/bad_entry_loop.img
if [ "$rc" -eq 124 ] && [ "$took" -le 15 ] && [ "$hwm" -lt 102400 ]; then
	ok "guest-limits bad_entry_loop: exit 124 in ${took}s, peak RSS ${hwm} KiB"
else
	ko "guest-limits bad_entry_loop: exit $rc after ${took}s, peak RSS ${hwm} KiB (want 124, < 100 MiB)"
fi

# 4: IC IALLUIS / IC IVAU floods from 4 vCPUs: no whole-cache flushes
#    (each committed a 1 GiB code buffer: 4.2 GiB peak, 74 s).
run icache_flood "$dir/icache_flood.log" --cpus 4 --timeout 50 \
	build/guest/icache_flood.img
if [ "$rc" -eq 0 ] && [ "$hwm" -lt 262144 ]; then
	ok "guest-limits icache_flood: passed in ${took}s, peak RSS ${hwm} KiB"
else
	ko "guest-limits icache_flood: exit $rc after ${took}s, peak RSS ${hwm} KiB (want 0, < 256 MiB)"
fi

# 5: an aborting access retried for ever: a few log lines, not one each.
run abort_retry "$dir/abort_retry.log" --timeout 3 build/guest/abort_retry.img
lines=$(grep -c '^armvisor:' "$dir/abort_retry.log")
if [ "$rc" -eq 124 ] && [ "$lines" -le 64 ]; then
	ok "guest-limits abort_retry: exit 124, $lines log lines"
else
	ko "guest-limits abort_retry: exit $rc, $lines log lines (want 124, <= 64)"
fi
exit $fail
