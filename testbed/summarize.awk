#!/usr/bin/awk -f
# Join the per-configuration results of one micro-benchmark run into
#   summary.csv   bench, config, ticks/op, ns/op, ratio to vm, nested exits,
#                 traps per nested exit (primary cause), top trapped registers
#   traps-by-class.dat   gnuplot data: traps per nested exit by trap class
# Inputs: the microbench.csv files, then the nested run's pvstat.csv (L0's
# counters per benchmark window; file names tell them apart).
#   awk -v out=DIR -f summarize.awk */microbench.csv nested-nv2/pvstat.csv
# The nested-exit cause each benchmark is about (if-chain: awks disagree on ?: with ~).
function primary(b) {
	if (b == "hvc") return "HVC64"
	if (b ~ /^mmio/) return "DABT_LOW"
	if (b == "ipi") return "SYS64"
	return ""
}
FNR == 1 { kind = FILENAME ~ /microbench\.csv$/ ? "mb" : "pv"; next }
kind == "mb" { split($0, f, ","); tpo[f[2], f[1]] = f[6]; ns[f[2], f[1]] = f[7]; cfgs[f[1]] = 1; if (!(f[2] in seen)) { seen[f[2]] = 1; order[++nb] = f[2] } next }
# pvstat.csv: config,bench,cause,what,name,count,per_nested_exit
{ split($0, f, ","); b = f[2] }
f[3] == "all" && f[4] == "hist" { h = f[5] + 0; if (!(b in mn) || h < mn[b]) mn[b] = h; if (h >= mxn[b]) { mxn[b] = h; mx[b] = f[5] } next }
f[3] != primary(b) { next }
f[4] == "nested-exits" { nx[b] = f[6]; next }
f[4] == "traps" { mean[b] = f[7]; next }
f[4] == "class" { cl[b, f[5]] += f[7]; classes[f[5]] = 1; next }
f[4] == "register" { reg[b, f[5]] = f[7]; regs[b] = regs[b] " " f[5]; next }
END {
	s = out "/summary.csv"
	print "bench,vm_ticks_per_op,nested_nv2_ticks_per_op,nested_over_vm,nested_exits,traps_per_nested_exit,min_any_exit,max_any_exit,top_registers_per_exit" > s
	for (i = 1; i <= nb; i++) {
		b = order[i]; top = ""
		# The three registers trapped most often per nested exit.
		n = split(regs[b], rr, " ")
		for (k = 0; k < 3; k++) {
			best = ""; bv = 0
			for (j = 1; j <= n; j++) if (!(rr[j] in used) && reg[b, rr[j]] > bv) { bv = reg[b, rr[j]]; best = rr[j] }
			if (best == "") break
			used[best] = 1; top = top (top ? " " : "") best "=" bv
		}
		delete used
		ratio = tpo[b, "vm"] > 0 && tpo[b, "nested-nv2"] != "" ? sprintf("%.1f", tpo[b, "nested-nv2"] / tpo[b, "vm"]) : ""
		printf "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", b, tpo[b, "vm"], tpo[b, "nested-nv2"], ratio, nx[b], mean[b], mn[b], mx[b], top > s
	}
	d = out "/traps-by-class.dat"
	hdr = "bench"; for (c in classes) { hdr = hdr "\t" c; cols[++nc] = c }
	print "# traps per nested exit (primary cause) by trap class, nested-nv2" > d
	print hdr > d
	for (i = 1; i <= nb; i++) {
		b = order[i]; if (primary(b) == "") continue
		line = b; for (k = 1; k <= nc; k++) line = line "\t" (cl[b, cols[k]] + 0); print line > d
	}
}
