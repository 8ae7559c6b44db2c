#!/bin/sh
# Part of `make test`: run each fuzz target's entry point, built without
# libFuzzer (build/tests/fuzz/replay_TARGET), over its committed seed corpus
# and crash reproducers (tests/fuzz/corpus/TARGET, tests/fuzz/crashes/
# TARGET).  Prints one PASS/FAIL line per target; exits non-zero if any
# failed.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
fail=0
mkdir -p "$B/test-logs/fuzz"
for t in fuzz_loader fuzz_cli fuzz_vgic fuzz_pl011 fuzz_hvc; do
	log=$B/test-logs/fuzz/replay_$t.log
	if timeout -s KILL 300 "$B/tests/fuzz/replay_$t" "tests/fuzz/corpus/$t" \
		"tests/fuzz/crashes/$t" >"$log" 2>&1; then
		echo "PASS fuzz replay $t ($(tail -1 "$log"))"
	else
		echo "FAIL fuzz replay $t (see $log)"
		fail=$((fail + 1))
	fi
done
exit $fail
