#!/bin/sh
# The EL2 hypervisor image under qemu-system-aarch64 -M virt,virtualization=on
# (make el2 first; tests/run-all.sh runs this and counts its PASS/FAIL lines).
#   1. self-tests at EL2 (boot of every pCPU, events, kicks, timers, locks,
#      allocator, GIC, CNTHP, virtualization registers), GICv3 and GICv2,
#      -smp 1, 2, 4, 8;
#   2. the demo VMM running the test guest (tests/el2/guest), GICv3 and
#      GICv2, -smp 1 and 2;
#   3. ending: semihosting exit status, PSCI SYSTEM_OFF without semihosting,
#      hypervisor log on semihosting apart from the console, bad manifests
#      refused with a message and exit status 2.
# One line per QEMU run: "PASS what" or "FAIL what".  Logs: build/el2/logs/.
#   tests/el2/run.sh [quick]    quick: one run of each kind
set -u
cd "$(dirname "$0")/../.."
B=build/el2
IMG=$B/armvisor-el2.bin
GUEST=$B/guest/el2-guest.bin
MK=$B/mkmanifest
LOG=$B/logs
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-120}
mkdir -p "$LOG"

for f in "$IMG" "$GUEST" "$MK"; do
	if [ ! -f "$f" ]; then
		echo "FAIL el2: $f missing (make el2)"
		exit 1
	fi
done
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "FAIL el2: $QEMU not found (apt-get install qemu-system-arm)"
	exit 1
fi

# Layout (tests/el2/mkmanifest.c): 130 MiB hypervisor RAM, 64 MiB guest RAM
# at PA 0x48200000 = IPA 0x40000000; the guest binary at IPA 0x40080000.
MEM=194M
GUEST_PA=0x48280000
DTB_IPA=0x43000000

# qemu NAME GIC CPUS [extra QEMU args...]: run with manifest $LOG/NAME.man,
# stdout to NAME.out, stderr to NAME.err; sets rc.
qemu() {
	name=$1 gic=$2 cpus=$3
	shift 3
	nice timeout "$TIMEOUT" "$QEMU" \
		-M "virt,virtualization=on,gic-version=$gic" -cpu max \
		-smp "$cpus" -m "$MEM" -display none -nographic \
		-kernel "$IMG" \
		-device "loader,file=$LOG/$name.man,addr=0x40010000,force-raw=on" \
		"$@" >"$LOG/$name.out" 2>"$LOG/$name.err" </dev/null
	rc=$?
}

# verdict NAME LABEL: the run passed if QEMU exited 0, the console says
# "EXIT: STATUS=1" and no check failed.
verdict() {
	out=$LOG/$1.out
	p=$(grep -c '^PASS' "$out")
	f=$(grep -c '^FAIL' "$out")
	if [ "$rc" -eq 0 ] && [ "$f" -eq 0 ] && [ "$p" -gt 0 ] &&
		grep -q '^EXIT: STATUS=1' "$out"; then
		echo "PASS $2 ($p checks)"
	else
		echo "FAIL $2: exit $rc, $p passed, $f failed, see $out"
		grep -E '^FAIL|el2:' "$out" "$LOG/$1.err" | head -10
	fi
}

SEMI="-semihosting-config enable=on,target=native"
quick=${1:-}

# 1. self-tests
for gic in 3 2; do
	for cpus in 1 2 4 8; do
		[ -n "$quick" ] && [ "$cpus" != 2 ] && continue
		name=selftest-gic$gic-smp$cpus
		$MK --mode selftest --gic "$gic" --pcpus "$cpus" --semihosting \
			--log-semihosting "$LOG/$name.man" || exit 1
		qemu "$name" "$gic" "$cpus" $SEMI
		verdict "$name" "el2 self-test at EL2, GICv$gic, $cpus pCPU(s)"
	done
done

# 2. the demo VMM and its test guest
for gic in 3 2; do
	for cpus in 1 2; do
		[ -n "$quick" ] && [ "$cpus" != 2 ] && continue
		name=demo-gic$gic-smp$cpus
		$MK --mode demo --gic "$gic" --pcpus "$cpus" --dtb $DTB_IPA \
			--semihosting --log-semihosting "$LOG/$name.man" || exit 1
		qemu "$name" "$gic" "$cpus" $SEMI \
			-device "loader,file=$GUEST,addr=$GUEST_PA,force-raw=on"
		verdict "$name" "el2 demo VMM + test guest, GICv$gic, $cpus vCPU(s)"
	done
done

# 3a. hypervisor log through semihosting (QEMU: stderr), guest console on
#     the UART (stdout): the two streams do not mix.
name=logs
$MK --mode demo --gic 3 --pcpus 1 --dtb $DTB_IPA --semihosting \
	--log-semihosting "$LOG/$name.man"
qemu "$name" 3 1 $SEMI -device "loader,file=$GUEST,addr=$GUEST_PA,force-raw=on"
if [ "$rc" -eq 0 ] && ! grep -q 'el2:' "$LOG/$name.out" &&
	grep -q '^el2: armvisor EL2 image' "$LOG/$name.err" &&
	grep -q '^EXIT: STATUS=1' "$LOG/$name.out" &&
	! grep -q 'PASS:' "$LOG/$name.err"; then
	echo "PASS el2 log on semihosting (stderr), guest console on the UART (stdout)"
else
	echo "FAIL el2 log/console separation: exit $rc, see $LOG/$name.*"
fi

# 3b. without semihosting: the log goes to the UART prefixed "el2: " and
#     the image ends with PSCI SYSTEM_OFF (QEMU exits 0).
name=psci-off
$MK --mode selftest --gic 3 --pcpus 2 "$LOG/$name.man"
qemu "$name" 3 2
if [ "$rc" -eq 0 ] && grep -q '^el2: armvisor EL2 image' "$LOG/$name.out" &&
	grep -q '^EXIT: STATUS=1' "$LOG/$name.out"; then
	echo "PASS el2 ends with PSCI SYSTEM_OFF without semihosting, log on the UART"
else
	echo "FAIL el2 PSCI SYSTEM_OFF: exit $rc, see $LOG/$name.out"
fi

# 3c. bad manifests: a message naming the problem, exit status 2 through
#     semihosting SYS_EXIT_EXTENDED (even when the bad manifest does not
#     ask for semihosting: it cannot be trusted to say).
bad() {
	label=$1 want=$2
	shift 2
	name=bad-$label
	$MK "$@" "$LOG/$name.man" 2>/dev/null
	qemu "$name" 3 1 $SEMI
	if [ "$rc" -eq 2 ] &&
		grep 'bad manifest' "$LOG/$name.out" | grep -qF "$want"; then
		echo "PASS el2 refuses a manifest with $label (exit 2, '$want')"
	else
		echo "FAIL el2 manifest with $label: exit $rc, see $LOG/$name.out"
		head -3 "$LOG/$name.out"
	fi
}
bad "bad magic" "bad magic" --magic 0x1234
bad "another version" "version 7 is not 2" --version 7
bad "a wrong size" "size 100 is not" --size 100
bad "more vCPUs than pCPUs" "vm.nr_vcpus 2" --pcpus 1 --vcpus 2
bad "the entry outside guest RAM" "vm.entry_ipa 0x50000000" --entry 0x50000000
bad "guest RAM overlapping hypervisor RAM" "overlaps plat.hyp_ram" \
	--guest-pa 0x44000000
bad "another boot CPU" "pcpu_mpidr[0]" --boot-mpidr 5
bad "a DTB inside the initrd" "inside vm.initrd" --dtb 0x41000000 \
	--initrd 0x41000000,0x100000
bad "a halt-poll time without its flag" "halt_poll_ns 1000 without its flag" \
	--halt-poll-raw 1000
bad "a halt-poll time over 32 bits" "halt_poll_ns 4294967296 is more than 32 bits" \
	--halt-poll 4294967296
exit 0
