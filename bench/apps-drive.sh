#!/bin/sh
# The application suite on one booted configuration (run by testbed/run.sh
# --apps once the target level is up, inside the suite's network namespace):
# for each repetition and workload not done yet, start its server through the
# target's agent, load it from here (bench/loadgen.sh) or run it in the
# guest (hackbench, kernbench), read L0's nested-exit counters around it
# (nested-*), stop the server; then shut the target down.
#   apps-drive.sh CONFIG SIZE REPS ITEMSDIR WORKLOAD...
# Each finished item is ITEMSDIR/WORKLOAD-repN.csv (written whole or not at
# all: a rerun skips it); a failed one leaves WORKLOAD-repN.failed and the
# next item runs.
set -eu
config=$1 size=$2 reps=$3 items=$4
shift 4
top=$(cd "$(dirname "$0")/.." && pwd)
pvstat=${PVNEST_BUILD:-$top/build}/hypervisor/pvstat
target=10.77.0.2 l0=10.77.0.10
case $size in smoke) limit=600 ;; small) limit=1800 ;; *) limit=7200 ;; esac

# L0's nested-exit counters, through its agent: under TCG at L0's address;
# with KVM this host is L0 and its agent runs here, if its kernel has
# pvnest's patches (a stock host kernel has none: no counters, no error).
counters() {	# reset|dump
	if [ "${PVNEST_ACCEL:-tcg}" = tcg ]; then agent $l0 120 counters "$1"; return; fi
	ls /sys/kernel/debug/kvm/*/nested_exit_traps > /dev/null 2>&1 || return 0
	agent local 120 counters "$1"
}

# One command to a level's agent (testbed/agent.sh; IP "local": this
# host's): prints the reply less its "EXIT n" line and fails unless n is 0.
agent() {	# IP TIMEOUT COMMAND...
	a_ip=$1 a_t=$2
	shift 2
	if [ "$a_ip" = local ]; then
		reply=$(echo "$*" | timeout "$a_t" sh "$top/testbed/agent.sh")
	else
		reply=$(timeout "$a_t" bash -c 'exec 3<>"/dev/tcp/$0/7777" && printf "%s\n" "$1" >&3 && cat <&3' "$a_ip" "$*")
	fi || { echo "apps-drive: no complete reply from the agent at $a_ip to '$*' within ${a_t}s" >&2; return 1; }
	echo "$reply" | grep -v '^EXIT [0-9]*$' || true
	[ "$(echo "$reply" | sed -n 's/^EXIT \([0-9]*\)$/\1/p' | tail -n1)" = 0 ]
}

item() {	# WORKLOAD REP -> ITEMSDIR/WORKLOAD-repREP.*
	w=$1 rep=$2 f=$items/$1-rep$2
	# In the guest (load guest in workloads/apps/workloads.txt) or from here.
	load=$(sh "$top/workloads/apps/workload.sh" "$w" load) || return 1
	inguest=0
	[ "$load" != guest ] || inguest=1
	# start: the server, or an in-guest workload's untimed preparation
	# (kernbench's generated headers), outside the counted window.
	agent $target 900 serve start "$w" "$size" > "$f.serve.log" 2>&1 && grep -q "^READY $w" "$f.serve.log" ||
		{ echo "apps-drive: $w did not start: $(tail -n 3 "$f.serve.log" | tr '\n' ' ')" >&2; return 1; }
	# (item runs as an if condition, where set -e is off: every step checks.)
	case $config in nested-*) counters reset > /dev/null || return 1 ;; esac
	t0=$(date +%s)
	if [ $inguest = 1 ]; then
		agent $target $limit serve run "$w" "$size" > "$f.out" 2>&1 || { cat "$f.out" >&2; return 1; }
	else
		timeout $limit sh "$top/bench/loadgen.sh" "$w" "$size" $target > "$f.out" 2> "$f.err" ||
			{ cat "$f.err" >&2; return 1; }
	fi
	t1=$(date +%s)
	case $config in nested-*)
		counters dump > "$f.traps.txt" || return 1
		if [ -s "$f.traps.txt" ]; then
			"$pvstat" --csv "$f.traps.txt" > "$f.traps.csv.tmp" || { echo "apps-drive: pvstat cannot read $f.traps.txt" >&2; return 1; }
			sed -i "1d;s/^/$config,$w,$size,$rep,/" "$f.traps.csv.tmp"
		fi ;;
	esac
	agent $target 300 serve stop "$w" >> "$f.serve.log" 2>&1 ||
		echo "apps-drive: WARN $w did not stop cleanly (log: $f.serve.log)" >&2
	grep '^RESULT ' "$f.out" | awk -v c="$config" -v w="$w" -v s="$size" -v r="$rep" -v t=$((t1 - t0)) '
		{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		  if (v["value"] !~ /^[0-9.eE+-]+$/) { print "apps-drive: bad value in: " $0 > "/dev/stderr"; exit 1 }
		  printf "%s,%s,%s,%s,%s,%s,%s,%s,%d\n", c, w, s, r, v["metric"], v["value"], v["unit"], v["better"], t; n++ }
		END { exit n == 0 }' > "$f.csv.tmp" || { echo "apps-drive: $w printed no RESULT line:" >&2; tail -n 5 "$f.out" >&2; return 1; }
	[ -f "$f.traps.csv.tmp" ] && mv "$f.traps.csv.tmp" "$f.traps.csv"
	mv "$f.csv.tmp" "$f.csv"
	sed 's/^/         /' "$f.csv"
}

mkdir -p "$items"
# The agent starts with the ready marker: give it a few seconds.
i=0
until agent $target 60 ping > "$items/ping.txt" 2>&1; do
	i=$((i + 1))
	[ $i -lt 10 ] || { cat "$items/ping.txt" >&2; echo "apps-drive: the target's agent does not answer" >&2; exit 1; }
	sleep 3
done
sed 's/^/[apps] target: /' "$items/ping.txt"
total=$((reps * $#)) n=0 done_here=0 t_start=$(date +%s)
rep=1
while [ $rep -le "$reps" ]; do
	for w in "$@"; do
		n=$((n + 1))
		[ -f "$items/$w-rep$rep.csv" ] && continue
		left=$(ls "$items"/*.csv 2>/dev/null | grep -vc traps || true)
		left=$((total - left))
		el=$(($(date +%s) - t_start))
		eta=""; [ $done_here -gt 0 ] && eta=", ~$(((el * left / done_here + 59) / 60)) min left in $config"
		echo "[apps] $config rep $rep/$reps $w ($n/$total) elapsed $((el / 60))m$((el % 60))s$eta"
		rm -f "$items/$w-rep$rep.failed"
		if ! item "$w" $rep 2> "$items/$w-rep$rep.err"; then
			cp "$items/$w-rep$rep.err" "$items/$w-rep$rep.failed"
			echo "[apps] $config $w rep $rep FAILED: $(tail -n 2 "$items/$w-rep$rep.err" | tr '\n' ' ')"
		fi
		done_here=$((done_here + 1))
	done
	rep=$((rep + 1))
done
agent $target 60 shutdown > /dev/null
