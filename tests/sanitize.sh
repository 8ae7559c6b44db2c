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
	b=$1 name=$2 cpus=$3
	shift 3
	check "$b $name" "$b/armvisor" run --cpus "$cpus" --timeout 300 "$@" "build/guest/$name.img"
}

for b in build-tsan build-asan; do
	check "$b test_kick" $b/tests/unit/test_kick
	check "$b test_api" $b/tests/unit/test_api
	guest $b smp 4
	guest $b hello 2
	guest $b psci 1
done
guest build-asan exceptions 1
guest build-asan extabort 1
# later issues add their threaded guests here (GIC SGIs, timers, rVIC)
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
