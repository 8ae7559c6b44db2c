#!/bin/sh
# The host side cannot block or exhaust the VMM (issue 9): boot files that
# are FIFOs or huge sparse files, a --dump-dtb FIFO nobody reads, options
# the core would refuse, and a guest printing into a stdout pipe nobody
# reads.  Each case must end by itself within a bound, with the exit status
# and message expected; a VMM blocked in open() or write() is killed by
# timeout(1) and fails.  Prints one PASS/FAIL line per case; exits non-zero
# if any failed.
set -u
cd "$(dirname "$0")/.."
AV=build/armvisor
dir=build/test-logs/host_io
rm -rf "$dir"
mkdir -p "$dir"
fail=0

pass() { echo "PASS host_io: $1"; }
ko() {
	echo "FAIL host_io: $1"
	fail=$((fail + 1))
}

# expect NAME STATUS MAX_SECONDS MESSAGE -- armvisor arguments...
# armvisor must exit with STATUS within MAX_SECONDS, printing MESSAGE
# (a fixed string) on stderr.
expect() {
	name=$1 want=$2 max=$3 msg=$4
	shift 5
	log="$dir/$(echo "$name" | tr -c 'A-Za-z0-9\n' '_').log"
	start=$(date +%s)
	timeout -s KILL $((max + 5)) "$AV" "$@" </dev/null >/dev/null 2>"$log"
	rc=$?
	took=$(($(date +%s) - start))
	if [ "$rc" -ne "$want" ] || [ "$took" -gt "$max" ]; then
		ko "$name: exit $rc after ${took}s (want $want within ${max}s), see $log"
	elif ! grep -qF -- "$msg" "$log"; then
		ko "$name: no '$msg' in $log"
	else
		pass "$name (exit $rc, ${took}s)"
	fi
}

img=build/guest/hello.img
mkfifo "$dir/fifo"
truncate -s 4G "$dir/sparse"

# A FIFO with no writer: open() for reading would wait for one.
expect "IMAGE is a FIFO" 1 5 "IMAGE: $dir/fifo: is a FIFO, not a regular file" \
	-- run --timeout 2 "$dir/fifo"
expect "--initrd is a FIFO" 1 5 "--initrd: $dir/fifo: is a FIFO, not a regular file" \
	-- run --timeout 2 --initrd "$dir/fifo" "$img"
# A FIFO with no reader: open() for writing would wait for one.
expect "--dump-dtb is a FIFO" 1 5 "--dump-dtb: $dir/fifo: a FIFO with no reader" \
	-- run --timeout 2 --dump-dtb "$dir/fifo" "$img"
expect "IMAGE is a directory" 1 5 "IMAGE: $dir: is a directory, not a regular file" \
	-- run --timeout 2 "$dir"
# 4 GiB of nothing: refused from its size, not read whole first.
expect "IMAGE is a 4 GiB sparse file" 1 2 "IMAGE: $dir/sparse: 4294967296 bytes, larger than the guest's RAM" \
	-- run --timeout 2 "$dir/sparse"
expect "--initrd is a 4 GiB sparse file" 1 2 "--initrd: $dir/sparse: 4294967296 bytes, larger than the guest's RAM" \
	-- run --timeout 2 --initrd "$dir/sparse" "$img"
# Options the core would refuse are refused by the CLI: exit 2.
expect "--cntfrq below the core's minimum" 2 2 "--cntfrq: '999' is out of range 1000..1000000000" \
	-- run --cntfrq 999 "$img"
expect "--vtimer-irq equal to the default ptimer INTID" 2 2 "--vtimer-irq: 30 is the physical timer's INTID too" \
	-- run --vtimer-irq 30 "$img"
expect "--rvic-irqs not multiples of 32" 2 2 "--rvic-irqs: TRUSTED 40 is not a multiple of 32" \
	-- run --irqchip rvic --rvic-irqs 40,64 "$img"
expect "--halt-poll-ns over 32 bits (KVM_CAP_HALT_POLL)" 2 2 "--halt-poll-ns: '4294967296' is out of range 0..4294967295" \
	-- run --halt-poll-ns 4294967296 "$img"

# A guest printing forever into a pipe nobody reads (the shell holds the
# FIFO open read-write and never reads): the pipe fills, the console's
# writer blocks, and --timeout must still end the VMM with 124.
flood=build/guest/console_flood.img
log="$dir/flood.log"
exec 3<>"$dir/fifo"
start=$(date +%s)
timeout -s KILL 30 "$AV" run --timeout 3 "$flood" </dev/null >"$dir/fifo" 2>"$log"
rc=$?
took=$(($(date +%s) - start))
exec 3<&-
if [ "$rc" -ne 124 ] || [ "$took" -gt 10 ]; then
	ko "guest prints into a pipe nobody reads: exit $rc after ${took}s (want 124 within 10s), see $log"
elif ! grep -q "bytes of console output dropped (stdout did not take them in time)" "$log"; then
	ko "guest prints into a pipe nobody reads: no dropped-output report in $log"
else
	pass "guest prints into a pipe nobody reads (exit 124, ${took}s, $(grep -o '[0-9]* bytes of console output dropped' "$log"))"
fi

# --engine el2 (issue 10): what the host tool refuses before QEMU starts.
expect "el2: IMAGE larger than RAM" 1 5 "IMAGE: $dir/sparse: 4294967296 bytes, larger than the guest's RAM" \
	-- run --engine el2 --timeout 2 "$dir/sparse"
expect "el2: more vCPUs than it runs" 2 5 "--cpus: 9 is more than --engine el2 runs" \
	-- run --engine el2 --cpus 9 "$img"
AV_SAVED=$AV
AV=$dir/armvisor-env
# env(1) in front of armvisor, so that expect() sees one program
printf '#!/bin/sh\nexec env "$@"\n' >"$AV"
chmod +x "$AV"
expect "el2: no qemu-system-aarch64 in PATH" 1 5 "needs qemu-system-aarch64 (Debian package qemu-system-arm) in PATH" \
	-- PATH=/nonexistent "$PWD/$AV_SAVED" run --engine el2 --timeout 2 "$img"
expect "el2: ARMVISOR_QEMU that cannot run" 1 5 "ARMVISOR_QEMU=/nonexistent/qemu: No such file" \
	-- ARMVISOR_QEMU=/nonexistent/qemu "$AV_SAVED" run --engine el2 --timeout 2 "$img"
expect "el2: no hypervisor image" 1 5 "/nonexistent/el2.bin" \
	-- ARMVISOR_EL2_IMAGE=/nonexistent/el2.bin "$AV_SAVED" run --engine el2 --timeout 2 "$img"
AV=$AV_SAVED

rm -f "$dir/sparse" "$dir/fifo"
exit $fail
