#!/bin/sh
# Guest MIPS (million guest instructions per second) on one vCPU:
# build/guest/bench_mips.img on armvisor (--irqchip gicv3) and on QEMU
# (-M virt,gic-version=3 -cpu max) in the same run.  Kernels: a loop of 16
# register-only instructions; 16 with 8 loads, with 8 stores, with 4 loads +
# 4 stores to a data page; and a C workload (xorshift fill + FNV-1a hash +
# quicksort of 1024 words).  Time is CNTVCT in the guest; instructions per
# iteration are counted once with QEMU -icount shift=0 and the PMU's
# INST_RETIRED event (bootargs "count"), which also checks the 16 of the
# hand-written loops.  MIPS = median of 3 runs of about 300 ms each.
# Unicorn 2.0.1's slow store path (ENGINE-NOTES.md) shows in the store rows.
# Run from the project root after `make all`.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

IMG=build/guest/bench_mips.img
QEMU=${QEMU:-qemu-system-aarch64}
LOG=build/bench-logs
mkdir -p "$LOG"

if [ ! -f "$IMG" ] || [ ! -x build/armvisor ]; then
	echo "bench_mips: $IMG or build/armvisor missing (make all)" >&2
	exit 2
fi
have_qemu=1
command -v "$QEMU" >/dev/null 2>&1 || have_qemu=0

build/armvisor run --cpus 1 --irqchip gicv3 --timeout 120 "$IMG" \
	</dev/null >"$LOG/mips-armvisor.log" 2>&1
# The EL2 engine: the same guest at EL1 of QEMU's -cpu max, armvisor at EL2.
build/armvisor run --engine el2 --cpus 1 --irqchip gicv3 --timeout 120 \
	"$IMG" </dev/null >"$LOG/mips-el2.log" 2>&1
if [ "$have_qemu" = 1 ]; then
	timeout 120 "$QEMU" -M virt,gic-version=3 -cpu max -smp 1 -m 256M \
		-nographic -no-reboot -icount shift=0 -kernel "$IMG" \
		-append count </dev/null >"$LOG/mips-count.log" 2>&1
	timeout 120 "$QEMU" -M virt,gic-version=3 -cpu max -smp 1 -m 256M \
		-nographic -no-reboot -kernel "$IMG" \
		</dev/null >"$LOG/mips-qemu.log" 2>&1
fi

# insn KERNEL: instructions per iteration (counted, else from the source)
insn() {
	c=$(bench_value "mips_$1_insn_counted" '[^ ]*' "$LOG/mips-count.log")
	if [ "$c" != - ]; then
		awk -v m="$c" 'BEGIN { printf "%.3f", m / 1000 }'
		return
	fi
	bench_value "mips_$1_insn" '[^ ]*' "$LOG/mips-armvisor.log"
}

# mips LOG KERNEL INSN: median MIPS over the timed runs, "-" if none
mips() {
	tr -d '\r' <"$1" 2>/dev/null | awk -v k="$2" -v insn="$3" '
		$1 == "BENCH:" && $2 == "mips_" k "_iters" { it[++ni] = $3 }
		$1 == "BENCH:" && $2 == "mips_" k "_ns" { ns[++nn] = $3 }
		END {
			if (insn !~ /^[0-9.]+$/ || nn == 0 || ni != nn) { print "-"; exit }
			for (i = 1; i <= nn; i++) v[i] = it[i] * insn * 1000 / ns[i]
			for (i = 2; i <= nn; i++)	# insertion sort
				for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			printf "%.0f", v[int((nn + 1) / 2)]
		}'
}

# ratio A Q: A / Q, "-" unless both are numbers
ratio() {
	awk -v a="$1" -v q="$2" 'BEGIN {
		if (a ~ /^[0-9]+$/ && q ~ /^[0-9]+$/ && q > 0)
			printf (a / q < 0.1 ? "%.3f" : "%.2f"), a / q
		else print "-" }'
}

echo
echo "Guest MIPS, 1 vCPU (median of 3 runs of ~300 ms; CNTVCT in the guest;"
echo "logs in $LOG/)"
printf '%-34s %9s %9s %9s %9s %7s %7s\n' kernel insn/iter unicorn el2 QEMU \
	uc/QEMU el2/QEMU
for k in reg load store ldst c; do
	case $k in
	reg) what="registers only" ;;
	load) what="8 loads / 16 insns" ;;
	store) what="8 stores / 16 insns" ;;
	ldst) what="4 loads + 4 stores / 16 insns" ;;
	c) what="C: hash + quicksort 1024 words" ;;
	esac
	n=$(insn $k)
	a=$(mips "$LOG/mips-armvisor.log" $k "$n")
	e=$(mips "$LOG/mips-el2.log" $k "$n")
	q=-
	[ "$have_qemu" = 1 ] && q=$(mips "$LOG/mips-qemu.log" $k "$n")
	case $n in *.000) n=${n%.000} ;; esac
	printf '%-34s %9s %9s %9s %9s %7s %7s\n' "$what" "$n" "$a" "$e" "$q" \
		"$(ratio "$a" "$q")" "$(ratio "$e" "$q")"
done
for f in "$LOG/mips-armvisor.log" "$LOG/mips-el2.log"; do
	grep -q 'EXIT: STATUS=1' "$f" ||
		echo "  (the guest did not pass, see $f)"
done
if [ "$have_qemu" = 1 ] && ! grep -q 'EXIT: STATUS=1' "$LOG/mips-count.log"; then
	echo "  (instruction count run did not pass, see $LOG/mips-count.log)"
fi
echo "(MIPS = million guest instructions per second; ratios against QEMU;"
echo " insn/iter counted with QEMU -icount and PMU INST_RETIRED.  unicorn runs"
echo " guest code on Unicorn 2.0.1; el2 runs it at EL1 of QEMU 7.2 TCG -cpu max"
echo " under armvisor at EL2 (aim: 0.8x of QEMU); QEMU is TCG -cpu max directly.)"
