#!/usr/bin/awk -f
# Join the per-configuration results of one micro-benchmark run into
#   summary.csv   one row per (bench, config): ticks/op, ratio to vm, nested
#                 exits, traps per nested exit of the benchmark's own cause
#                 (of which in L0's fast path), PV artifacts, top registers
#   traps-by-class.dat  gnuplot: traps per nested exit by trap class, one row
#                 per (bench, nested config), configurations side by side
#   overhead.dat  gnuplot: ticks/op of each configuration over vm's
# Inputs: the microbench.csv files, then the nested runs' pvstat.csv files (L0's
# counters per benchmark window), in the order the configurations should appear.
#   awk -v out=DIR -f summarize.awk */microbench.csv nested-*/pvstat.csv
# The nested-exit cause each benchmark is about (if-chain: awks disagree on ?: with ~).
function primary(b) {
	if (b == "hvc") return "HVC64"
	if (b ~ /^mmio/) return "DABT_LOW"
	if (b == "ipi") return "SYS64"
	return ""
}
FNR == 1 { kind = FILENAME ~ /microbench\.csv$/ ? "mb" : "pv"; next }
{ split($0, f, ","); c = f[1]; b = f[2] }
kind == "mb" {
	tpo[b, c] = f[6]
	if (!(c in cseen)) { cseen[c] = 1; corder[++nc] = c }
	if (!(b in bseen)) { bseen[b] = 1; border[++nb] = b }
	next
}
# pvstat.csv: config,bench,cause,what,name,count,per_nested_exit
f[3] == "all" && f[4] == "hist" {
	h = f[5] + 0
	if (!((b, c) in mn) || h < mn[b, c]) mn[b, c] = h
	if (h >= mxn[b, c]) { mxn[b, c] = h; mx[b, c] = f[5] }
	next
}
f[3] != primary(b) { next }
f[4] == "nested-exits" { nx[b, c] = f[6]; has[b, c] = 1; next }
f[4] == "traps" { mean[b, c] = f[7]; next }
f[4] == "fast-path" { fast[b, c] = f[7]; next }
f[4] == "artifacts" { art[b, c] = f[7]; next }
f[4] == "class" { cl[b, c, f[5]] += f[7]; if (!(f[5] in clseen)) { clseen[f[5]] = 1; clorder[++ncl] = f[5] } next }
f[4] == "register" { reg[b, c, f[5]] = f[7]; regs[b, c] = regs[b, c] " " f[5]; next }
# The three registers trapped most often per nested exit.
function top3(b, c,    n, rr, k, j, best, bv, used, s) {
	n = split(regs[b, c], rr, " ")
	for (k = 0; k < 3; k++) {
		best = ""; bv = 0
		for (j = 1; j <= n; j++) if (!(rr[j] in used) && reg[b, c, rr[j]] > bv) { bv = reg[b, c, rr[j]]; best = rr[j] }
		if (best == "") break
		used[best] = 1; s = s (s ? " " : "") best "=" bv
	}
	return s
}
function short(c) { sub(/^nested-/, "", c); return c }
END {
	s = out "/summary.csv"
	print "bench,config,ticks_per_op,over_vm,nested_exits,traps_per_nested_exit,fast_path_per_exit,artifacts_per_exit,min_any_exit,max_any_exit,top_registers_per_exit" > s
	for (i = 1; i <= nb; i++) for (k = 1; k <= nc; k++) {
		b = border[i]; c = corder[k]
		ratio = tpo[b, "vm"] > 0 && tpo[b, c] != "" ? sprintf("%.2f", tpo[b, c] / tpo[b, "vm"]) : ""
		printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", b, c, tpo[b, c], ratio, nx[b, c], mean[b, c], fast[b, c],
			art[b, c], mn[b, c], mx[b, c], top3(b, c) > s
	}
	d = out "/traps-by-class.dat"
	print "# traps per nested exit (the benchmark's own cause) by trap class; L0 counters" > d
	hdr = "bench/config"; for (k = 1; k <= ncl; k++) hdr = hdr "\t" clorder[k]
	print hdr > d
	for (i = 1; i <= nb; i++) {
		b = border[i]; if (primary(b) == "") continue
		for (k = 1; k <= nc; k++) {
			c = corder[k]; if (!((b, c) in has)) continue
			line = b "/" short(c); for (j = 1; j <= ncl; j++) line = line "\t" (cl[b, c, clorder[j]] + 0); print line > d
		}
		line = ""; for (j = 1; j <= ncl; j++) line = line "\t0"; print "\"\"" line > d	# a gap between benchmarks
	}
	o = out "/overhead.dat"
	print "# ticks per operation over vm's (the same run); lower is better" > o
	hdr = "bench"; for (k = 1; k <= nc; k++) if (corder[k] != "vm") hdr = hdr "\t" corder[k]
	print hdr > o
	for (i = 1; i <= nb; i++) {
		b = border[i]; if (!(tpo[b, "vm"] > 0)) continue
		line = b; for (k = 1; k <= nc; k++) if (corder[k] != "vm") line = line "\t" (tpo[b, corder[k]] != "" ? sprintf("%.3f", tpo[b, corder[k]] / tpo[b, "vm"]) : "NaN")
		print line > o
	}
}
