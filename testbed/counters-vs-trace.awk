#!/usr/bin/awk -f
# Two sources for the same windows, per benchmark and exit cause: L0's own
# counters (pvstat.csv) and the analysis of its trace (traps.csv, from
# trace-stats.awk). The trace sees slow-path exits only, so the traps L0
# handled in its hyp fast path are subtracted from the counters; PV
# artifacts are exits, not traps, but the trace sees them. The last column
# says whether they agree.
#   awk -F, -f counters-vs-trace.awk pvstat.csv traps.csv
FNR == 1 { next }
FILENAME ~ /pvstat/ {
	c = $3; if (c == "all") next
	if ($4 == "nested-exits") kx[$2, c] = $6
	else if ($4 == "traps") kt[$2, c] += $6
	else if ($4 == "fast-path") kt[$2, c] -= $6
	else if ($4 == "artifacts") kt[$2, c] += $6
	keys[$2, c] = 1; next
}
{ tx[$2, $3] = $4; tt[$2, $3] = $5; keys[$2, $3] = 1 }
END {
	print "bench,cause,counter_nested_exits,trace_nested_exits,counter_traps,trace_traps,agree"
	for (k in keys) {
		split(k, p, SUBSEP)
		ok = (kx[k] + 0 == tx[k] + 0 && kt[k] + 0 == tt[k] + 0) ? "yes" : "no"
		print p[1] "," p[2] "," kx[k] + 0 "," tx[k] + 0 "," kt[k] + 0 "," tt[k] + 0 "," ok
	}
}
