#!/bin/sh
# Every test armvisor has, run by `make test`:
#   1. host unit tests (cmocka), each test case counted;
#   2. guest tests (tests/guest/manifest and *.manifest) booted on armvisor,
#      on the Unicorn engine and on the EL2 engine (under QEMU);
#   3. random-bytes guests that must not crash or hang the VMM, guests
#      that loop on faults or flood maintenance and logs (tests/
#      guest_limits.sh), host files, options and a stuck stdout that must
#      not block it, --trace and --stats against a guest's own counts
#      (tests/trace.sh), the fuzz targets' committed corpus and crash
#      reproducers, the EL2 hypervisor image under qemu-system-aarch64
#      (tests/el2/run.sh), and Debian's arm64 Linux booted to
#      tests/linux/init's checks;
#   4. the sanitizer builds (make check-sanitize).
# Ends with one line "N passed, N failed"; exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
B=build
pass=0
fail=0
failed=""
log=$B/test-logs
mkdir -p "$log"

ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); failed="$failed $1"; echo "FAIL $1"; }

# 1. unit tests: cmocka prints "[  PASSED  ] N test(s)." and
#    "[  FAILED  ] N test(s), listed below:"
for t in $(make -s print-unit-tests); do
	name=$(basename "$t")
	out="$log/$name.log"
	"$t" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		ko "$name (exit $rc, see $out)"
		tail -5 "$out"
	elif [ "$f" -ne 0 ]; then
		failed="$failed $name"
		echo "FAIL $name: $f failed case(s), see $out"
		grep '^\[  FAILED  \]\|^\[  ERROR   \]' "$out" | head -10
	else
		echo "PASS $name ($p cases)"
	fi
done

# 2. guest tests on armvisor, on both engines: the same binary must pass
#    on each (a line one engine cannot run says SKIP and why).
el2_limit() {
	case " $* " in
	esac
}
for engine in unicorn el2; do
	while read -r name cpus rest; do
		case "$name" in '' | \#*) continue ;; esac
		img=$B/guest/$name.img
		out="$log/guest-$engine-$name.log"
		label="guest $name (--engine $engine --cpus $cpus $rest)"
		if [ "$engine" = el2 ]; then
			why=$(el2_limit $rest)
			if [ -n "$why" ] || [ "$cpus" -gt 8 ]; then
				echo "SKIP $label: ${why:-more than 8 vCPUs}"
				continue
			fi
		fi
		# tests/guest/NAME.input, when present, is the guest's UART input.
		input=/dev/null
		[ -f "tests/guest/$name.input" ] && input=tests/guest/$name.input
		# shellcheck disable=SC2086
		$B/armvisor run --engine "$engine" --cpus "$cpus" --timeout 120 \
			$rest "$img" <"$input" >"$out" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ]; then
			ok "$label"
		elif [ "$rc" -eq 77 ]; then
			echo "SKIP $label"
		else
			ko "$label: exit $rc, see $out"
			grep -E 'FAIL|armvisor:|EXIT' "$out" | head -15
		fi
	done <<EOF_MANIFEST
$(cat tests/guest/manifest tests/guest/*.manifest 2>/dev/null)
EOF_MANIFEST
done

# 3. a misbehaving guest, boot file or stdout cannot crash or hang the VMM,
#    flood its log or grow its memory (and the fuzz targets replay their
#    corpus and crash reproducers); the EL2 hypervisor image under QEMU
#    (tests/el2/run.sh); Linux boots
for s in robustness guest_limits host_io trace fuzz/replay el2/run el2/hwbit linux/run; do
	slog="$log/$(echo "$s" | tr / _).log"
	sh "tests/$s.sh" >"$slog" 2>&1
	while read -r verdict rest; do
		case "$verdict" in
		PASS) ok "$rest" ;;
		FAIL) ko "$rest" ;;
		esac
	done <"$slog"
done

# 4. ThreadSanitizer and AddressSanitizer/UBSan builds
if [ "${AV_SKIP_SANITIZE:-0}" != 1 ]; then
	out="$log/sanitize.log"
	if make -s check-sanitize >"$out" 2>&1; then
		p=$(sed -n 's/^SANITIZE: \([0-9]*\) passed.*/\1/p' "$out" | tail -1)
		pass=$((pass + ${p:-1}))
		echo "PASS sanitizers (${p:-1} runs, see $out)"
	else
		p=$(sed -n 's/^SANITIZE: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$out" | tail -1)
		set -- $p
		pass=$((pass + ${1:-0}))
		fail=$((fail + ${2:-1}))
		failed="$failed sanitizers"
		echo "FAIL sanitizers, see $out"
		grep -E 'FAIL|WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error' "$out" | head -20
	fi
fi

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
