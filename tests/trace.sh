#!/bin/sh
# armvisor run --trace and --stats (issue 13), checked with jq against the
# guest's own counts: guest/tests/trace_smp.c takes both timers and SGIs on
# 2 vCPUs and prints "COUNT: cpu=C intid=I n=N" for every INTID it took.
#   - the trace is valid JSON, nothing was dropped;
#   - per vCPU, every timer expiry is followed by an injection of that
#     timer's INTID before its next expiry and, in active mode, by a
#     deactivation before its next injection;
#   - every kick reaches a vCPU that then leaves the guest (interrupt) or
#     wakes from WFI (wake) within a second;
#   - injections per vCPU and INTID in the trace, and irq_injected_<INTID>
#     in --stats=json, equal the guest's counts (zero where it took none);
#   - --trace-filter keeps only the classes asked for; bad values exit 2;
#   - SIGUSR1 prints the table; --engine el2 --stats=json gives the same
#     counters, from the EL2 image.
# Prints one PASS/FAIL line per case; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
AV=build/armvisor
IMG=build/guest/trace_smp.img
dir=build/test-logs/trace
rm -rf "$dir"
mkdir -p "$dir"
fail=0

pass() { echo "PASS trace: $1"; }
ko() {
	echo "FAIL trace: $1"
	fail=$((fail + 1))
}

if ! command -v jq >/dev/null 2>&1; then
	ko "jq is not installed (scripts/setup.sh installs it)"
	exit 1
fi

# Events of one track (tid), by time; helpers for the checks below.
JQ_LIB='
def track($t): [.traceEvents[] | select(.ph != "M" and .tid == $t)]
	| sort_by(.ts);
def nexti($e; $from; f):
	[range($from; $e | length) | select($e[.] | f)] | .[0];
def timer_errors($t; $active):
	track($t) as $e
	| range(0; $e | length) as $i
	| select($e[$i].name == "timer_expire")
	| $e[$i].args.intid as $id
	| nexti($e; $i + 1; (.name == "inject" or .name == "timer_expire")
		and .args.intid == $id) as $j
	| if $j == null or $e[$j].name != "inject" then
		"vCPU \($t - 1): expiry of INTID \($id) at \($e[$i].ts) us not followed by its injection"
	  elif $active then
		(nexti($e; $j + 1; (.name == "deactivate" or .name == "inject")
			and .args.intid == $id) as $k
		| if $k == null or $e[$k].name != "deactivate" then
			"vCPU \($t - 1): injection of INTID \($id) at \($e[$j].ts) us never deactivated"
		  else empty end)
	  else empty end;
def end_of: .ts + .dur;
def kick_errors($t):
	track($t) as $e
	| $e[] | select(.name == "kick") as $k
	| (if $k.args.how == "interrupt" then "guest" else "wfi" end) as $span
	| [$e[] | select(.name == $span and (end_of) >= $k.ts - 1000
		and (end_of) <= $k.ts + 1000000)] as $ok
	| if ($ok | length) == 0 then
		"vCPU \($t - 1): kick (\($k.args.how)) at \($k.ts) us: no \($span) span ends within 1 s"
	  else empty end;
def injections($t): [track($t)[] | select(.name == "inject")]
	| group_by(.args.intid) | map({key: (.[0].args.intid | tostring),
	  value: length}) | from_entries;
'

# run NAME EXPECTED_STATUS -- armvisor arguments...
run() {
	name=$1 want=$2
	shift 3
	timeout -s KILL 120 "$AV" "$@" >"$dir/$name.out" 2>"$dir/$name.err" \
		</dev/null
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		ko "$name: exit $rc (want $want), see $dir/$name.err"
		return 1
	fi
	return 0
}

# The guest's counts as JSON: {"0": {"27": 10, ...}, "1": {...}}.
guest_counts() {
	sed -n 's/^COUNT: cpu=\([0-9]*\) intid=\([0-9]*\) n=\([0-9]*\).*/\1 \2 \3/p' "$1" |
		jq -R -s 'split("\n") | map(select(length > 0) | split(" "))
			| reduce .[] as $l ({}; .[$l[0]][$l[1]] = ($l[2] | tonumber))'
}

check_trace() {
	name=$1 mode=$2 json=$dir/$name.json
	active=true
	[ "$mode" = mask ] && active=false
	if ! jq empty "$json" 2>"$dir/$name.jq"; then
		ko "$name: $json is not valid JSON ($(head -1 "$dir/$name.jq"))"
		return
	fi
	pass "$name: valid JSON ($(jq '.otherData.events' "$json") events)"
	d=$(jq '.otherData.dropped' "$json")
	if [ "$d" = 0 ]; then
		pass "$name: no event dropped"
	else
		ko "$name: $d events dropped"
	fi
	n=$(jq "[.traceEvents[] | select(.name == \"timer_expire\")] | length" "$json")
	errs=$(jq -r "$JQ_LIB [timer_errors(1; $active), timer_errors(2; $active)] | .[]" "$json")
	if [ "$n" -ge 40 ] && [ -z "$errs" ]; then
		pass "$name: $n timer expiries, each injected$($active && echo ' and deactivated')"
	else
		ko "$name: $n timer expiries (want >= 40); $(echo "$errs" | head -3)"
	fi
	n=$(jq "[.traceEvents[] | select(.name == \"kick\")] | length" "$json")
	errs=$(jq -r "$JQ_LIB [kick_errors(1), kick_errors(2)] | .[]" "$json")
	if [ "$n" -gt 0 ] && [ -z "$errs" ]; then
		pass "$name: $n kicks, each followed by the vCPU's exit or wake-up"
	else
		ko "$name: $n kicks; $(echo "$errs" | head -3)"
	fi
	guest_counts "$dir/$name.out" >"$dir/$name.guest.json"
	bad=$(jq -r --slurpfile g "$dir/$name.guest.json" "$JQ_LIB
		[range(0; 2) as \$c | injections(\$c + 1) as \$t
		 | (\$g[0][\$c | tostring] // {}) as \$want
		 | ((\$t | keys) + (\$want | keys) | unique)[]
		 | select((\$t[.] // 0) != (\$want[.] // 0))
		 | \"vCPU \(\$c) INTID \(.): \(\$t[.] // 0) injections traced, guest took \(\$want[.] // 0)\"]
		| .[]" "$json")
	total=$(jq '[.[] | .[]] | add' "$dir/$name.guest.json")
	if [ -n "$total" ] && [ "$total" != null ] && [ -z "$bad" ]; then
		pass "$name: injections per vCPU and INTID equal the guest's counts ($total)"
	else
		ko "$name: ${bad:-no COUNT lines from the guest}"
	fi
}

# check_stats NAME: --stats=json on NAME's stderr against its guest counts.
check_stats() {
	name=$1
	[ -f "$dir/$name.guest.json" ] ||
		guest_counts "$dir/$name.out" >"$dir/$name.guest.json"
	grep '^{"vcpus"' "$dir/$name.err" | tail -1 >"$dir/$name.stats.json"
	bad=$(jq -r --slurpfile g "$dir/$name.guest.json" '
		[.vcpus[] | .vcpu as $c | ($g[0][$c | tostring] // {}) as $want
		 | .stats | to_entries[] | select(.key | startswith("irq_injected_"))
		 | (.key | ltrimstr("irq_injected_")) as $id
		 | select(.value != ($want[$id] // 0))
		 | "vCPU \($c) INTID \($id): irq_injected \(.value), guest took \($want[$id] // 0)"]
		| .[]' "$dir/$name.stats.json" 2>&1)
	n=$(jq '[.[] | .[]] | add' "$dir/$name.guest.json")
	if [ -s "$dir/$name.stats.json" ] && [ -z "$bad" ] &&
		[ "${n:-null}" != null ]; then
		pass "$name stats=json: irq_injected_<INTID> per vCPU equal the guest's counts ($n)"
	else
		ko "$name stats=json: ${bad:-no JSON line on stderr or no COUNT lines}"
	fi
	t=$(jq '[.vcpus[].stats.timer_expired_vtimer, .vcpus[].stats.timer_expired_ptimer] | add' "$dir/$name.stats.json")
	if [ "$t" = 40 ]; then
		pass "$name stats=json: 40 timer expiries, as the guest armed"
	else
		ko "$name stats=json: $t timer expiries, want 40"
	fi
}

# 1. active mode (default): trace and --stats=json from the same run
if run active 0 -- run --cpus 2 --timeout 60 --stats=json \
	--trace "$dir/active.json" "$IMG"; then
	check_trace active active
	check_stats active
fi

# 2. mask mode: expiry -> injection (no deactivation through the GIC)
if run mask 0 -- run --cpus 2 --timeout 60 --timer-irq-mode mask \
	--trace "$dir/mask.json" "$IMG"; then
	check_trace mask mask
fi

# 3. --trace-filter: only the classes asked for
if run filter 0 -- run --cpus 2 --timeout 60 --trace-filter timer,request \
	--trace "$dir/filter.json" "$IMG"; then
	cats=$(jq -r '[.traceEvents[] | select(.ph != "M") | .cat] | unique | join(",")' "$dir/filter.json")
	if [ "$cats" = "request,timer" ]; then
		pass "trace-filter timer,request: only those classes ($cats)"
	else
		ko "trace-filter timer,request: classes $cats"
	fi
fi

# 4. bad values name the option (exit 2)
for bad in "--trace-filter timers --trace $dir/x.json" "--stats=xml" \
	"--trace-filter irq"; do
	# shellcheck disable=SC2086
	"$AV" run $bad "$IMG" >/dev/null 2>"$dir/bad.err"
	rc=$?
	opt=$(echo "$bad" | sed 's/[ =].*//')
	if [ "$rc" -eq 2 ] && grep -q -- "$opt" "$dir/bad.err"; then
		pass "'$bad': exit 2, names $opt"
	else
		ko "'$bad': exit $rc, $(cat "$dir/bad.err")"
	fi
done

# A FIFO nobody reads is refused at once, never waited on (issue 9's rule:
# nothing on the host side can block the VMM).
rm -f "$dir/fifo"
mkfifo "$dir/fifo"
timeout -s KILL 20 "$AV" run --cpus 2 --timeout 10 --trace "$dir/fifo" "$IMG" \
	</dev/null >/dev/null 2>"$dir/fifo.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "a FIFO with no reader" "$dir/fifo.err"; then
	pass "--trace to a FIFO with no reader: refused at once"
else
	ko "--trace to a FIFO with no reader: exit $rc, $(cat "$dir/fifo.err")"
fi
rm -f "$dir/fifo"

# 5. SIGUSR1 prints the table while the guest runs (console_flood never
#    ends by itself)
"$AV" run --stats --timeout 20 build/guest/console_flood.img \
	>/dev/null 2>"$dir/usr1.err" &
pid=$!
sleep 2
kill -USR1 "$pid" 2>/dev/null
sleep 1
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if grep -q '^exits ' "$dir/usr1.err"; then
	pass "SIGUSR1: the counter table while the guest runs"
else
	ko "SIGUSR1: no table on stderr, see $dir/usr1.err"
fi
# 6. --engine el2: the same counters, logged by the EL2 image when the VM
#    stops and printed by the host tool
if [ -f build/el2/armvisor-el2.bin ] &&
	command -v qemu-system-aarch64 >/dev/null 2>&1; then
	if run el2 0 -- run --engine el2 --cpus 2 --timeout 120 \
		--stats=json "$IMG"; then
		check_stats el2
	fi
else
	ko "el2: build/el2/armvisor-el2.bin or qemu-system-aarch64 missing"
fi
[ "$fail" -eq 0 ]
