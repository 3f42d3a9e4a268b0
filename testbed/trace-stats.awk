#!/usr/bin/awk -f
# Traps per nested exit from a level-0 KVM trace (tracefs text).
#
# Per vCPU thread: kvm_inject_nested_exception starts a nested exit (an exit
# of L2 that L0 forwards to L1); every kvm_exit until kvm_nested_eret is a
# trap of the guest hypervisor (L0 exit taken in its context), classified by
# exception class and, for system-register traps, by register (the
# kvm_sys_access that follows). kvm_exit outside that window is an exit of L2
# that L0 handles alone. Benchmarks are bracketed by trace_marker lines
# "pvnest BEGIN bench=NAME" / "pvnest END bench=NAME".
#
#   awk -v classes=pvhooks/exit-classes.txt -v config=nested-nv2 -v out=DIR \
#       -f pvhooks/exit-classes.awk -f trace-stats.awk trace.txt
# writes DIR/traps.csv, DIR/traps_by_cause.csv, DIR/traps_hist.csv, and
# DIR/exits_crosscheck.csv: all kvm_exit events of each window next to the
# change of KVM's debugfs exit counter over it (recorded in the END marker).
function close_exit(t) {
	n = cnt[t]
	if (bench != "") {
		nx[bench, cause[t]]++; tot[bench, cause[t]] += n
		if (!((bench, cause[t]) in mn) || n < mn[bench, cause[t]]) mn[bench, cause[t]] = n
		if (n > mx[bench, cause[t]]) mx[bench, cause[t]] = n
		hist[bench, cause[t], n]++
		causes[bench, cause[t]] = 1
	}
	inl1[t] = 0
}
BEGIN { bench = ""; OFS = "," }
# A window starts afresh, as the kernel's counters do (they are reset there).
/tracing_mark_write: pvnest BEGIN bench=/ { for (k in inl1) inl1[k] = 0; b = $0; gsub(/\r/, "", b); sub(/.*bench=/, "", b); sub(/[ \t].*/, "", b); bench = b; benches[b] = 1; order[++nb] = b; next }
/tracing_mark_write: pvnest END bench=/ {
	d = $0; gsub(/\r/, "", d)
	if (d ~ /debugfs_exits=/) { sub(/.*debugfs_exits=/, "", d); dbg[bench] = d + 0 }
	bench = ""; next
}
/ kvm_inject_nested_exception: / {
	t = $1 " " $2
	# Taken from vEL2 (the interrupted mode in the trace): the guest
	# hypervisor's own exception, not a nested exit. From L2 while an exit is
	# still open: that exit's ERET was not seen (fast path), so it ended.
	if ($0 ~ /\(M: EL2/) next
	if (inl1[t]) close_exit(t)
	e = $0; sub(/.*esr_el2 /, "", e); sub(/ .*/, "", e)
	k = $0; sub(/.*kvm_inject_nested_exception: /, "", k); sub(/:.*/, "", k)
	cause[t] = (k == "IRQ" || k == "FIQ" || k == "SERROR") ? k : ec_name(int(hexnum(e) / 67108864) % 64)
	inl1[t] = 1; cnt[t] = 0; next
}
# pvnest's L0 kernel reports each completed nested exit itself: count them to
# check the tracepoint against this analysis.
/ kvm_nested_exit_done: / {
	if (bench == "") next
	n = $0; sub(/ traps.*/, "", n); sub(/.*, /, "", n)
	f = $0; sub(/ fast path.*/, "", f); sub(/.*\(/, "", f)	# fast-path traps: not in the trace
	tpn[bench]++; tpt[bench] += n - f; next
}
/ kvm_nested_eret: / { t = $1 " " $2; if (inl1[t]) close_exit(t); next }
/ kvm_exit: / {
	t = $1 " " $2
	e = $0; sub(/.*HSR_EC: /, "", e); sub(/ .*/, "", e)
	k = $0; sub(/.*kvm_exit: /, "", k); sub(/:.*/, "", k)
	what = k == "IRQ" ? "IRQ" : ec_name(hexnum(e))
	last[t] = what
	if (bench != "") allexits[bench]++
	if (inl1[t]) { cnt[t]++; if (bench != "") { by[bench, cause[t], what]++; whats[what] = 1 } }
	else if (bench != "") l0only[bench, what]++
	next
}
/ kvm_sys_access: / {
	t = $1 " " $2
	r = $0; sub(/.*kvm_sys_access: PC: [0-9a-f]* /, "", r); sub(/ .*/, "", r); sub(/^SYS_/, "", r)
	if (inl1[t] && bench != "" && last[t] == "SYS64") {
		by[bench, cause[t], "SYS64"]--; by[bench, cause[t], "SYS64:" r]++; whats["SYS64:" r] = 1
	}
	next
}
END {
	f5 = out "/tracepoint_check.csv"
	print "config,bench,tracepoint_nested_exits,tracepoint_traps,trace_nested_exits,trace_traps,agree" > f5
	for (i = 1; i <= nb; i++) {
		b = order[i]; ax = at = 0
		for (key in causes) { split(key, kk, SUBSEP); if (kk[1] == b) { ax += nx[b, kk[2]]; at += tot[b, kk[2]] } }
		if (b in tpn) print config, b, tpn[b], tpt[b], ax, at, (tpn[b] == ax && tpt[b] == at) ? "yes" : "no" > f5
	}
	f1 = out "/traps.csv"; f2 = out "/traps_by_cause.csv"; f3 = out "/traps_hist.csv"; f4 = out "/exits_crosscheck.csv"
	print "config,bench,trace_kvm_exit_events,debugfs_exits_delta,difference" > f4
	for (i = 1; i <= nb; i++) {
		b = order[i]
		print config, b, allexits[b] + 0, (b in dbg) ? dbg[b] : "", (b in dbg) ? dbg[b] - allexits[b] : "" > f4
	}
	print "config,bench,nested_exit_cause,nested_exits,traps_total,traps_per_exit_mean,traps_per_exit_min,traps_per_exit_max" > f1
	print "config,bench,nested_exit_cause,trap,count,per_nested_exit" > f2
	print "config,bench,nested_exit_cause,traps_in_exit,nested_exits" > f3
	for (i = 1; i <= nb; i++) {
		b = order[i]
		for (key in causes) {
			split(key, kk, SUBSEP); if (kk[1] != b) continue
			c = kk[2]
			print config, b, c, nx[b, c], tot[b, c], sprintf("%.2f", tot[b, c] / nx[b, c]), mn[b, c], mx[b, c] > f1
			for (w in whats) if (by[b, c, w] > 0) print config, b, c, w, by[b, c, w], sprintf("%.3f", by[b, c, w] / nx[b, c]) > f2
			for (h = 0; h <= mx[b, c]; h++) if ((b, c, h) in hist) print config, b, c, h, hist[b, c, h] > f3
		}
		for (w in whats) if (l0only[b, w]) print config, b, "(none: L0 alone)", w, l0only[b, w], "" > f2
	}
}
