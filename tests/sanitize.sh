#!/bin/sh
# Run the sanitizer builds made by `make check-sanitize`: the threaded unit
# tests (kicks, requests, CPU_ON races, the API) and SMP guests under
# ThreadSanitizer, and the same plus every foundation guest under
# AddressSanitizer/UBSan.  Any sanitizer report fails the run.
# Ends with "SANITIZE: N passed, M failed".
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
log=build/test-logs/sanitize
mkdir -p "$log"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=1 exitcode=66"
export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1"

check() { # name, command...
	name=$1
	shift
	out="$log/$(echo "$name" | tr ' /' '__').log"
	if "$@" >"$out" 2>&1 && ! grep -q -E 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error|ERROR: LeakSanitizer' "$out"; then
		pass=$((pass + 1))
		echo "PASS $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name (see $out)"
		grep -E -A12 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error|ERROR: LeakSanitizer|FAILED' "$out" | head -40
	fi
}

guest() { # build dir, name, cpus, options...
	gb=$1 gname=$2 gcpus=$3
	shift 3
	# the PL011 reads stdin: give each guest its own (never the list file)
	gin=/dev/null
	[ -f "tests/guest/$gname.input" ] && gin=tests/guest/$gname.input
	check "$gb $gname $*" "$gb/armvisor" run --cpus "$gcpus" --timeout 300 "$@" "build/guest/$gname.img" <"$gin"
}

for b in build-tsan build-asan; do
	for t in test_kick test_api test_user_irqchip test_timer_api test_rvic_api \
		test_api_safety test_pmu_debug test_run_loop; do
		check "$b $t" $b/tests/unit/$t
	done
	# the fuzz targets' committed corpus and crash reproducers
	for t in fuzz_loader fuzz_cli fuzz_vgic fuzz_pl011 fuzz_hvc; do
		check "$b replay_$t" $b/tests/fuzz/replay_$t \
			tests/fuzz/corpus/$t tests/fuzz/crashes/$t
	done
	guest $b smp 4
	guest $b hello 2
	guest $b psci 1
done
guest build-asan exceptions 1
guest build-asan extabort 1
# threaded guests of the irqchip and timer issues: tests/sanitize.d/*.list
for extra in tests/sanitize.d/*.list; do
	[ -f "$extra" ] || continue
	while read -r b name cpus opts; do
		case "$b" in '' | \#*) continue ;; esac
		# shellcheck disable=SC2086
		guest "$b" "$name" "$cpus" $opts
	done <"$extra"
done
echo "SANITIZE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
