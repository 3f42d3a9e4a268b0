#!/usr/bin/awk -f
# Join the per-configuration results of one micro-benchmark run into
#   summary.csv   bench, config, ticks/op, ns/op, ratio to vm, nested exits,
#                 traps per nested exit (primary cause), top trapped registers
#   traps-by-class.dat   gnuplot data: traps per nested exit by trap class
# Inputs: the microbench.csv files, then the traced run's traps.csv and
# traps_by_cause.csv (file names tell them apart).
#   awk -v out=DIR -f summarize.awk */microbench.csv T/traps.csv T/traps_by_cause.csv
# The nested-exit cause each benchmark is about (if-chain: awks disagree on ?: with ~).
function primary(b) {
	if (b == "hvc") return "HVC64"
	if (b ~ /^mmio/) return "DABT_LOW"
	if (b == "ipi") return "SYS64"
	return ""
}
FNR == 1 { kind = FILENAME ~ /microbench\.csv$/ ? "mb" : FILENAME ~ /traps_by_cause\.csv$/ ? "by" : "traps"; next }
kind == "mb" { split($0, f, ","); tpo[f[2], f[1]] = f[6]; ns[f[2], f[1]] = f[7]; cfgs[f[1]] = 1; if (!(f[2] in seen)) { seen[f[2]] = 1; order[++nb] = f[2] } next }
kind == "traps" { split($0, f, ","); if (f[3] == primary(f[2])) { nx[f[2]] = f[4]; mean[f[2]] = f[6]; mn[f[2]] = f[7]; mx[f[2]] = f[8] } next }
kind == "by" {
	split($0, f, ","); if (f[3] != primary(f[2])) next
	cls = f[4]; sub(/:.*/, "", cls); cl[f[2], cls] += f[6]; classes[cls] = 1
	if (f[4] ~ /^SYS64:/) { r = f[4]; sub(/^SYS64:/, "", r); reg[f[2], r] = f[6]; regs[f[2]] = regs[f[2]] " " r }
	next
}
END {
	s = out "/summary.csv"
	print "bench,vm_ticks_per_op,nested_nv2_ticks_per_op,nested_over_vm,nested_exits_traced,traps_per_nested_exit,min,max,top_registers_per_exit" > s
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
