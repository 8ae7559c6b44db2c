#!/bin/sh
# Run every guest test of tests/guest/manifest and tests/guest/*.manifest on
# qemu-system-aarch64 -M virt (the platform armvisor emulates, PLATFORM.md)
# and judge it by its "EXIT: STATUS=N" line: 1 = pass, 77 = skip, anything
# else = fail.  armvisor options map to QEMU's: --irqchip gicv3/gicv2 ->
# gic-version=3/2, --mem -> -m; --lrs is armvisor-internal and ignored; a
# line QEMU cannot honour (--irqchip rvic or user, --vtimer-irq,
# --ptimer-irq, --timer-irq-mode, --cntfrq, --rvic-irqs, ...) prints SKIP and
# is not counted.  tests/guest/NAME.input, when present, is the guest's
# stdin (its UART input), as tests/run-all.sh does on armvisor.
# Run from the project root after `make guest`.  Logs: build/qemu-logs/.
#   tests/qemu/run.sh [NAME...]     only the named tests
set -u

MANIFEST=tests/guest/manifest
IMGDIR=build/guest
LOGDIR=build/qemu-logs
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-120}

if [ ! -f "$MANIFEST" ]; then
	echo "run.sh: $MANIFEST not found: run from the project root" >&2
	exit 2
fi
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "run.sh: $QEMU not found (apt-get install qemu-system-arm)" >&2
	exit 2
fi
mkdir -p "$LOGDIR"

passed=0
failed=0
skipped=0
line=0
only="$*"

wanted() {
	[ -z "$only" ] && return 0
	for w in $only; do
		[ "$w" = "$1" ] && return 0
	done
	return 1
}

while read -r name cpus extra; do
	case "$name" in '' | '#'*) continue ;; esac
	wanted "$name" || continue
	img=$IMGDIR/$name.img
	line=$((line + 1))
	if [ ! -f "$img" ]; then
		echo "FAIL $name: $img missing (make guest)"
		failed=$((failed + 1))
		continue
	fi
	# Map the armvisor options QEMU understands; the rest are armvisor's.
	mem=256M
	gic=3
	cannot=""
	set -- $extra
	while [ $# -gt 0 ]; do
		case "$1" in
		--mem) mem=$2; shift ;;
		--mem=*) mem=${1#--mem=} ;;
		--irqchip | --irqchip=*)
			if [ "$1" = --irqchip ]; then kind=$2; shift; else kind=${1#--irqchip=}; fi
			case "$kind" in
			gicv3) gic=3 ;;
			gicv2) gic=2 ;;
			*) cannot="--irqchip $kind" ;;
			esac
			;;
		--lrs) shift ;;
		--lrs=*) ;;
		--*=*) cannot="$1" ;;
		--*) cannot="$1 $2"; shift ;;
		esac
		shift
	done
	label="$name ($cpus CPUs${extra:+, $extra})"
	if [ -n "$cannot" ]; then
		echo "SKIP $label: QEMU cannot honour $cannot"
		skipped=$((skipped + 1))
		continue
	fi
	log=$LOGDIR/$name-gicv$gic-$cpus-$line.log
	input=/dev/null
	[ -f "tests/guest/$name.input" ] && input=tests/guest/$name.input
	timeout "$TIMEOUT" "$QEMU" -M virt,gic-version=$gic -cpu max -smp "$cpus" \
		-m "$mem" -nographic -no-reboot -kernel "$img" \
		<"$input" >"$log" 2>&1
	rc=$?
	status=$(tr -d '\r' <"$log" | sed -n 's/^EXIT: STATUS=\([0-9]*\).*/\1/p' | tail -n 1)
	summary=$(tr -d '\r' <"$log" | grep '^SUMMARY:' | tail -n 1)
	if [ "$rc" -eq 124 ]; then
		echo "FAIL $label: timed out after ${TIMEOUT}s (log: $log)"
		failed=$((failed + 1))
	elif [ "$status" = 1 ]; then
		echo "PASS $label: $summary"
		passed=$((passed + 1))
	elif [ "$status" = 77 ]; then
		echo "SKIP $label: $summary"
	else
		echo "FAIL $label: EXIT status '${status:-none}', qemu rc $rc (log: $log)"
		tr -d '\r' <"$log" | grep -E '^(FAIL|ABORT|ERROR)' | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	tr -d '\r' <"$log" | grep '^INFO: .*QEMU' | sed "s/^/    $name: /"
done <<EOF_MANIFEST
$(cat "$MANIFEST" tests/guest/*.manifest 2>/dev/null)
EOF_MANIFEST

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
