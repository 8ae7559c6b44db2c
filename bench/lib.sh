# Shared by the bench/bench_*.sh scripts (sourced, not run).  Bench guests
# print "BENCH: <key> <value> <unit>" on the UART; these read them back.

# bench_values KEY UNIT LOG...: every KEY value in the logs, one per line.
bench_values() {
	key=$1 unit=$2
	shift 2
	cat "$@" 2>/dev/null | tr -d '\r' |
		sed -n "s/^BENCH: $key \([0-9.]*\) $unit.*/\1/p"
}

# bench_value KEY UNIT LOG: the first KEY value in LOG, "-" if none.
bench_value() {
	v=$(bench_values "$1" "$2" "$3" | head -1)
	echo "${v:--}"
}

# median: the median of the numbers on stdin (other lines ignored), "-" if
# there are none.
median() {
	sort -n | awk '$1 ~ /^[0-9.]+$/ {v[++n] = $1}
		END {if (n) print v[int((n + 1) / 2)]; else print "-"}'
}
