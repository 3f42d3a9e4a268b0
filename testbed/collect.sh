# The level driver's collectors (sourced by testbed/run.sh): what a phase's
# console output or trace feeds once QEMU has stopped (the "collect" column
# of testbed/phases.txt). Each reads $log / $out, writes CSV into $out, and
# leaves nothing behind when its input is missing (a run that stopped early
# keeps what it measured). They use: top, build, out, log, config.

# Cross-checks between two sources of the same counts: each that ran is
# recorded (checks, for provenance) as passed, failed or "no rows", and a
# failed one fails the run (fail).
checks=""
check() {	# NAME MESSAGE: NAME.csv's last column says yes/no per row
	if [ "$(wc -l < "$out/$1.csv")" -lt 2 ]; then
		checks="$checks${checks:+, }\"$1\": \"no rows\""
	elif grep -q ',no$' "$out/$1.csv"; then
		echo "run.sh: $2:" >&2
		grep ',no$' "$out/$1.csv" >&2
		checks="$checks${checks:+, }\"$1\": \"failed\""
		[ -n "$fail" ] || fail="check $1 failed: $2 ($out/$1.csv)"
	else
		checks="$checks${checks:+, }\"$1\": \"passed\""
	fi
}

# The benchmarks' own timings: one CSV row per benchmark.
collect_results() {
	echo "config,bench,iters,ticks,freq_hz,ticks_per_op,ns_per_op" > "$out/microbench.csv"
	awk -v config="$config" -f "$top/testbed/results.awk" "$log" >> "$out/microbench.csv"
}

# pvnest's L0 kernel: its own counters per benchmark window, through pvstat.
collect_pvstat() {
	grep -q 'PVNEST NV bench=' "$log" || return 0
	for b in $(grep -a 'PVNEST NV bench=' "$log" | tr -d '\r' | sed 's/.*PVNEST NV bench=\([^ ]*\).*/\1/' | sort -u); do
		grep -a "PVNEST NV bench=$b " "$log" | tr -d '\r' | sed "s/.*PVNEST NV bench=$b //" > "$out/nested_traps-$b.txt"
		"$build/hypervisor/pvstat" --csv "$out/nested_traps-$b.txt" | sed "1d;s/^/$config,$b,/"
	done > "$out/pvstat.csv.tmp"
	{ echo "config,bench,cause,what,name,count,per_nested_exit"; cat "$out/pvstat.csv.tmp"; } > "$out/pvstat.csv"
	rm -f "$out/pvstat.csv.tmp"
}

# The same counters through KVM's binary stats fd (QEMU's query-stats in
# L0): per window, nested exits and traps summed over vCPUs must equal
# debugfs's.
collect_kvmstats() {
	grep -q 'PVNEST KS bench=' "$log" || return 0
	{ echo "config,bench,vcpu,stat,value"
	  grep -a 'PVNEST KS bench=' "$log" | tr -d '\r' | sed 's/.*PVNEST KS bench=//' | while read -r b json; do
		echo "$json" | jq -r --arg c "$config" --arg b "$b" -f "$top/testbed/kvmstats.jq" | tr -d '"'
	  done; } > "$out/kvmstats.csv"
	[ -f "$out/pvstat.csv" ] || return 0
	awk -F, -f "$top/testbed/statsfd-vs-debugfs.awk" "$out/kvmstats.csv" "$out/pvstat.csv" |
		sort > "$out/statsfd_vs_debugfs.csv"
	check statsfd_vs_debugfs "KVM's stats fd and the debugfs counters disagree"
}

# L0's trace (--trace): traps per nested exit by cause and register, the
# kvm_nested_exit_done tracepoint against that analysis, and L0's counters
# against the trace for the same windows.
collect_trace() {
	[ -s "$out/l0-trace.txt" ] || return 0
	awk -v classes="$top/pvhooks/exit-classes.txt" -v config="$config" -v out="$out" \
		-f "$top/pvhooks/exit-classes.awk" -f "$top/testbed/trace-stats.awk" "$out/l0-trace.txt"
	check tracepoint_check "the kvm_nested_exit_done tracepoint disagrees with the trace analysis"
	[ -f "$out/pvstat.csv" ] && [ -f "$out/traps.csv" ] || return 0
	awk -F, -f "$top/testbed/counters-vs-trace.awk" "$out/pvstat.csv" "$out/traps.csv" |
		sort > "$out/counters_vs_trace.csv"
	check counters_vs_trace "the L0 counters and the trace disagree"
}
