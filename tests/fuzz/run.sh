#!/bin/sh
# `make fuzz`: run every libFuzzer target built in build-fuzz/ for
# FUZZ_SECONDS (default 60) each, starting from its committed seed corpus,
# and print per target the executions run and the crashes found.  New
# corpus inputs go to build-fuzz/corpus/TARGET (not into the repository);
# a crash, leak, timeout or OOM input is written to build-fuzz/crashes/
# TARGET/ -- commit it under tests/fuzz/crashes/TARGET/ once fixed, and
# `make test` replays it from then on.  Exits non-zero if any target
# crashed.  FUZZ_TARGETS limits the run to some targets.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"fuzz_loader fuzz_cli fuzz_vgic fuzz_pl011 fuzz_hvc"}
out=build-fuzz
total_crashes=0
summary=""

for t in $targets; do
	bin=$out/tests/fuzz/$t
	corpus=$out/corpus/$t
	crashes=$out/crashes/$t
	log=$out/logs/$t.log
	mkdir -p "$corpus" "$crashes" "$out/logs"
	echo "== $t: ${secs}s"
	# -timeout: one input may take at most 10 s (a hang is a finding);
	# leaks are checked per input (-detect_leaks, the default).  The VM
	# targets cost milliseconds per input (Unicorn vCPUs): let their
	# operation sequences be long from the start, and learn the register
	# offsets and function ids the dispatchers compare against.
	case $t in
	fuzz_vgic | fuzz_hvc) opts="-len_control=0 -max_len=4096 -use_value_profile=1" ;;
	*) opts="" ;;
	esac
	# shellcheck disable=SC2086
	"$bin" $opts -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
		-print_final_stats=1 -artifact_prefix="$crashes/" \
		"$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	found=$(find "$crashes" -type f | wc -l)
	if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then
		found=1 # died without an artifact: count it all the same
	fi
	total_crashes=$((total_crashes + found))
	line=$(printf '%-12s %10s executions  %d crashes' "$t" "${execs:-?}" "$found")
	echo "$line"
	[ "$found" -eq 0 ] || {
		grep -E 'ERROR:|fuzz check failed|runtime error|Test unit written' "$log" | head -5
		echo "   log: $log; inputs: $crashes/"
	}
	summary="$summary$line
"
done
echo "== fuzz summary (${secs}s per target)"
printf '%s' "$summary"
[ "$total_crashes" -eq 0 ]
