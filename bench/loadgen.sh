#!/bin/sh
# The host side of the application suite: drive a load against the server
# that workloads/apps/serve.sh started in the guest, and print
#   RESULT workload=W metric=M value=V unit=U better=higher|lower
# lines, the first one the headline metric (docs/workloads.md).
#   loadgen.sh WORKLOAD SIZE IP
# WORKLOAD: a name in workloads/apps/workloads.txt driven from the host (its
# load column names the load_ function here; its port and sizes are there,
# read through workload.sh, the same row serve.sh starts the server from).
# SIZE: smoke (seconds), small (the suite under TCG), full (hardware).
# Every load is bounded by its tool (duration and/or count) and by timeout.
# Tools: scripts/deps-bench.sh (netperf from $PVNEST_CACHE/bench/netperf).
# Exits non-zero, printing no RESULT, when a tool is missing, the server
# cannot be reached or the output cannot be read.
# shellcheck disable=SC2154  # wl_* come from workload.sh --vars (eval)
set -eu
die() { echo "loadgen: $*" >&2; exit 1; }
[ $# -eq 3 ] || die "usage: loadgen.sh WORKLOAD smoke|small|full IP"
w=$1 size=$2 ip=$3
case $size in smoke | small | full) ;; *) die "unknown size '$size' (smoke, small, full)" ;; esac
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
top=$(cd "$(dirname "$0")/.." && pwd)
export LC_ALL=C
# wl_port, wl_load and the keys at SIZE (wl_conc, wl_rows, ...).
vars=$(sh "$top/workloads/apps/workload.sh" --vars "$w" "$size") || die "unknown workload '$w'"
eval "$vars"

# Seconds of load per size; the timeout adds room for connection set-up in
# a slow guest.
case $size in smoke) secs=5 ;; small) secs=20 ;; full) secs=60 ;; esac
limit=$((secs * 3 + 60))

need() {
	command -v "$1" > /dev/null 2>&1 || die "$1 not found (install the load tools: sh scripts/deps-bench.sh)"
}
result() { echo "RESULT workload=$w metric=$1 value=$2 unit=$3 better=$4"; }
# A number greater than zero, or the run is not believed.
positive() { echo "$1" | grep -Eq '^[0-9]*\.?[0-9]+$' && awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }
# Run the tool under timeout, its output in $out; on failure show its end.
load() {
	rc=0
	out=$(timeout -k 10 "$limit" "$@" 2>&1) || rc=$?
	case $rc in 124 | 137) die "$1 did not finish in $limit s (server $ip stalled?)" ;; esac
	[ $rc -eq 0 ] || { echo "$out" | tail -n 15 >&2; die "$1 failed (exit $rc) against $ip (server not running or not reachable?)"; }
}
unreadable() { echo "$out" | tail -n 15 >&2; die "cannot read $1's output"; }

load_netperf() {	# omni output selectors, one CSV line without banner
	np=${NETPERF:-$cache/bench/netperf/usr/bin/netperf}
	[ -x "$np" ] || { np=netperf; need netperf; }
	case $wl_test in
	TCP_RR)
		# 1-byte request and response: the latency of one round trip.
		load "$np" -P 0 -j -H "$ip" -p "$wl_port" -t TCP_RR -l "$secs" -- -r 1,1 \
			-o THROUGHPUT,THROUGHPUT_UNITS,MEAN_LATENCY
		line=$(echo "$out" | grep -E '^[0-9.]+,Trans/s,[0-9.]+$' | tail -n 1)
		tps=${line%%,*} lat=${line##*,}
		{ positive "$tps" && positive "$lat"; } || unreadable netperf
		result transactions "$tps" trans/s higher
		result latency "$lat" us lower ;;
	*)
		# Default message sizes (the socket buffer's); -f m: 10^6 bit/s.
		load "$np" -P 0 -f m -H "$ip" -p "$wl_port" -t "$wl_test" -l "$secs" -- -o THROUGHPUT,THROUGHPUT_UNITS
		line=$(echo "$out" | grep -E '^[0-9.]+,10\^6bits/s$' | tail -n 1)
		mbps=${line%%,*}
		positive "$mbps" || unreadable netperf
		result throughput "$mbps" Mbit/s higher ;;
	esac
}

load_ab() {	# the wl_page-byte index.html, a new connection per request
	need ab
	# -t before -n: -t alone implies -n 50000, the later option wins. -r:
	# a failed connection is counted, not fatal.
	load ab -q -r -t "$secs" -n "$wl_requests" -c "$wl_conc" -s 60 "http://$ip:$wl_port/index.html"
	get() { echo "$out" | sed -n "s/^$1: *\([0-9.]*\).*/\1/p" | head -n 1; }
	rps=$(get 'Requests per second') done=$(get 'Complete requests')
	failed=$(get 'Failed requests') len=$(get 'Document Length') tpr=$(get 'Time per request')
	non2xx=$(get 'Non-2xx responses')
	{ positive "$rps" && positive "$done" && positive "$tpr"; } || unreadable ab
	case $failed in '' | *[!0-9]*) unreadable ab ;; esac
	# More than 1% failed requests (connection errors, short reads): not a
	# measurement of the server's speed.
	[ $((failed * 100)) -le "$done" ] ||
		die "$failed failed requests for $done complete against $ip:$wl_port $(echo "$out" | grep -o '(Connect: [^)]*)'): server not reachable?"
	[ "$len" = "$wl_page" ] || die "the server at $ip:$wl_port sent a $len-byte page, not the $wl_page-byte index.html"
	[ -z "$non2xx" ] || die "$non2xx of $done responses were not 2xx"
	result requests "$rps" req/s higher
	result latency "$tpr" ms lower
	result failed "$failed" requests lower
}

load_memcaslap() {
	need memcaslap
	# memaslap (Debian: memcaslap): 90% get, 10% set, values of wl_value
	# bytes, TCP, text protocol; -t bounds the time (-x, the count, excludes -t).
	load memcaslap -s "$ip:$wl_port" -T "$wl_threads" -c "$wl_conc" -X "$wl_value" -t "${secs}s"
	# Its last line: "Run time: 5.0s Ops: 12345 TPS: 2469 Net_rate: 2.5M/s"
	line=$(echo "$out" | grep '^Run time:' | tail -n 1)
	tps=$(echo "$line" | sed -n 's/.* TPS: *\([0-9.]*\).*/\1/p')
	ops=$(echo "$line" | sed -n 's/.* Ops: *\([0-9]*\).*/\1/p')
	{ positive "$tps" && positive "$ops"; } || unreadable memcaslap
	result ops "$tps" ops/s higher
}

load_sysbench() {
	need sysbench
	# The tables serve.sh prepared for SIZE (the same row of workloads.txt).
	load sysbench oltp_read_write --db-driver=mysql --mysql-host="$ip" --mysql-port="$wl_port" \
		--mysql-user=sbtest --mysql-password=sbtest --mysql-db=sbtest \
		--tables="$wl_tables" --table-size="$wl_rows" --threads="$wl_threads" \
		--time="$secs" --events=10000000 --percentile=95 --report-interval=0 run
	tps=$(echo "$out" | sed -n 's/^ *transactions: *[0-9]* *(\([0-9.]*\) per sec.)/\1/p')
	qps=$(echo "$out" | sed -n 's/^ *queries: *[0-9]* *(\([0-9.]*\) per sec.)/\1/p')
	p95=$(echo "$out" | sed -n 's/^ *95th percentile: *\([0-9.]*\)$/\1/p')
	errs=$(echo "$out" | sed -n 's/^ *ignored errors: *\([0-9]*\) .*/\1/p')
	{ positive "$tps" && positive "$qps"; } || unreadable sysbench
	result transactions "$tps" trans/s higher
	result queries "$qps" queries/s higher
	if positive "$p95"; then result latency-p95 "$p95" ms lower; fi
	if [ -n "$errs" ]; then result ignored-errors "$errs" errors lower; fi
}

[ "$wl_load" != guest ] || die "$w runs inside the guest: serve.sh run $w $size"
command -v "load_$wl_load" > /dev/null || die "no load_$wl_load in loadgen.sh (load of $w in workloads.txt)"
"load_$wl_load"
