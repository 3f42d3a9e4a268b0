#!/usr/bin/awk -f
# Summarize an application-suite run (bench/apps.sh) into data files:
#   apps-overhead.csv  one row per (workload, config): the headline metric's
#                      n, mean, min, max over reps and the normalized overhead
#                      over the baseline config with the per-rep min..max
#   apps-overhead.dat  gnuplot: one row per workload, per non-baseline config
#                      the columns mean, min, max of the overhead (NaN: missing)
#   apps-traps-summary.csv  one row per (workload, nested config, kind, name): traps
#                      per nested exit, mean/min/max over reps; kind is total,
#                      cause (nested-exit cause), class (trap class), fast-path,
#                      artifacts (PV emulation artifacts, not traps)
#   apps-traps.dat     gnuplot: traps per nested exit split by nested-exit cause,
#   apps-traps-class.dat  ... and by trap class; one row per (workload, config)
# Overhead (1.0 = none, higher = worse): baseline_mean/value for metrics where
# higher is better, value/baseline_mean where lower is. The headline metric of
# a workload is the first metric the file has for it.
#   awk -v out=DIR [-v baseline=CONFIG] -f apps-summarize.awk apps.csv [apps-traps.csv]
# baseline defaults to native, else vm, else the first config.
BEGIN { FS = ","; if (out == "") out = "." }
# Tell the files apart by their header, not their name (fixtures, copies).
FNR == 1 { kind = $0 ~ /,cause,/ ? "tr" : "app"; next }
/^[ \t]*$/ { next }
function num(s) { return s ~ /^[ \t]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t]*$/ }
# apps.csv: config,workload,size,rep,metric,value,unit,better,wall_s
kind == "app" {
	c = $1; w = $2; r = $4
	if (!(c in cseen)) { cseen[c] = 1; corder[++nc] = c }
	if (!(w in wseen)) { wseen[w] = 1; worder[++nw] = w; metric[w] = $5; unit[w] = $7; better[w] = $8; size[w] = $3 }
	else if (size[w] != $3 && index(" " sizes_extra[w] " ", " " $3 " ") == 0) sizes_extra[w] = sizes_extra[w] " " $3
	if ($5 != metric[w] || !num($6)) next	# other metrics; a failed rep's non-number is missing, not 0
	k = w SUBSEP c
	if (!((k, r) in val)) rep[k, ++n[k]] = r
	val[k, r] = $6 + 0
	next
}
# apps-traps.csv: config,workload,size,rep,cause,what,name,count,per_nested_exit
kind == "tr" {
	c = $1; w = $2; r = $4; k = w SUBSEP c SUBSEP r
	if (!(c in tcseen)) { tcseen[c] = 1; tcorder[++ntc] = c }
	if (!(w in twseen)) { twseen[w] = 1; tworder[++ntw] = w }
	if (!(k in tkey)) { tkey[k] = 1; trep[w, c, ++tn[w, c]] = r }
	if ($5 == "all") {
		if ($6 == "nested-exits") allx[k] = $8
		else if ($6 == "traps") allt[k] = $8
		next
	}
	if ($6 == "nested-exits") sx[k] += $8
	else if ($6 == "traps") { st[k] += $8; bycause[k, $5] += $8; note("cause", $5) }
	else if ($6 == "fast-path") fast[k] += $8
	else if ($6 == "artifacts") art[k] += $8
	else if ($6 == "class") { byclass[k, $7] += $8; note("class", $7) }
	next
}
function note(kd, name) { if (!((kd, name) in nseen)) { nseen[kd, name] = 1; names[kd, ++nnames[kd]] = name } }
function fmt(x,    s) {	# plain decimals, no trailing zeros (spreadsheets, diffs)
	s = sprintf("%.4f", x); sub(/0+$/, "", s); sub(/\.$/, "", s); return s
}
function over(w, x) { return better[w] == "lower" ? x / bmean[w] : bmean[w] / x }
function short(c) { sub(/^nested-/, "", c); return c }
END {
	if (baseline == "") baseline = ("native" in cseen) ? "native" : ("vm" in cseen) ? "vm" : corder[1]
	else if (!(baseline in cseen)) { print "apps-summarize: baseline config " baseline " not in apps.csv" > "/dev/stderr"; exit 2 }
	# Mean, min, max of the headline metric per (workload, config).
	for (i = 1; i <= nw; i++) for (j = 1; j <= nc; j++) {
		w = worder[i]; c = corder[j]; k = w SUBSEP c; s = 0
		for (q = 1; q <= n[k]; q++) {
			v = val[k, rep[k, q]]; s += v
			if (q == 1 || v < lo[k]) lo[k] = v
			if (q == 1 || v > hi[k]) hi[k] = v
		}
		if (n[k]) mean[k] = s / n[k]
	}
	for (i = 1; i <= nw; i++) { w = worder[i]; k = w SUBSEP baseline; if (n[k] && mean[k] > 0) bmean[w] = mean[k] }
	f = out "/apps-overhead.csv"
	print "workload,config,metric,unit,n,mean,min,max,overhead,overhead_min,overhead_max" > f
	d = out "/apps-overhead.dat"
	printf "# normalized overhead over %s, headline metric per workload (1 = none; lower is better)\n", baseline > d
	print "# per config: mean overhead, then min and max of the per-rep overheads; NaN = missing" > d
	for (i = 1; i <= nw; i++) printf "# %s: %s (%s, %s is better), size %s\n", worder[i], metric[worder[i]], unit[worder[i]], better[worder[i]], size[worder[i]] sizes_extra[worder[i]] > d
	hdr = "workload"; for (j = 1; j <= nc; j++) if (corder[j] != baseline) hdr = hdr "\t" corder[j] "\t" corder[j] "_min\t" corder[j] "_max"
	print hdr > d
	for (i = 1; i <= nw; i++) {
		w = worder[i]; line = w
		for (j = 1; j <= nc; j++) {
			c = corder[j]; k = w SUBSEP c; o = omin = omax = ""
			# Overheads need a number at both ends (a zero would divide by 0).
			if (n[k] && (w in bmean) && mean[k] > 0 && lo[k] > 0) {
				o = over(w, mean[k]); a = over(w, lo[k]); b = over(w, hi[k])
				omin = a < b ? a : b; omax = a < b ? b : a
			}
			printf "%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s\n", w, c, metric[w], unit[w], n[k],
				n[k] ? fmt(mean[k]) : "", n[k] ? fmt(lo[k]) : "", n[k] ? fmt(hi[k]) : "",
				o == "" ? "" : sprintf("%.3f", o), o == "" ? "" : sprintf("%.3f", omin), o == "" ? "" : sprintf("%.3f", omax) > f
			if (c != baseline)
				line = line (o == "" ? "\tNaN\tNaN\tNaN" : sprintf("\t%.3f\t%.3f\t%.3f", o, omin, omax))
		}
		print line > d
	}
	if (!ntc) exit 0
	# Nested configs and workloads in apps.csv order, so one without
	# counters shows as missing; then any only the counters have.
	for (j = 1; j <= nc; j++) if (corder[j] ~ /^nested-/ || (corder[j] in tcseen)) tc[++mc] = corder[j]
	for (j = 1; j <= ntc; j++) if (!(tcorder[j] in cseen)) tc[++mc] = tcorder[j]
	for (i = 1; i <= nw; i++) tw[++mw] = worder[i]
	for (i = 1; i <= ntw; i++) if (!(tworder[i] in wseen)) tw[++mw] = tworder[i]
	ntc = mc; ntw = mw; for (j = 1; j <= mc; j++) tcorder[j] = tc[j]; for (i = 1; i <= mw; i++) tworder[i] = tw[i]
	# Traps per nested exit per rep: all traps over all nested exits (the
	# "all" rows; summed over causes if a file lacks them).
	t = out "/apps-traps-summary.csv"	# apps-traps.csv is the input
	print "workload,config,n,kind,name,per_nested_exit,min,max" > t
	for (i = 1; i <= ntw; i++) for (j = 1; j <= ntc; j++) {
		w = tworder[i]; c = tcorder[j]; m = 0
		for (q = 1; q <= tn[w, c]; q++) {
			k = w SUBSEP c SUBSEP trep[w, c, q]
			x = (k in allx) ? allx[k] : sx[k]; tt = (k in allt) ? allt[k] : st[k]
			if (!(x > 0)) continue	# no nested exit in the window: per exit is undefined
			m++; add(w, c, "total", "all", m, tt / x); add(w, c, "fast-path", "", m, fast[k] / x); add(w, c, "artifacts", "", m, art[k] / x)
			for (e = 1; e <= nnames["cause"]; e++) add(w, c, "cause", names["cause", e], m, bycause[k, names["cause", e]] / x)
			for (e = 1; e <= nnames["class"]; e++) add(w, c, "class", names["class", e], m, byclass[k, names["class", e]] / x)
		}
		tm[w, c] = m
		if (!m) { printf "%s,%s,0,total,all,,,\n", w, c > t; continue }
		emit(t, w, c, "total", "all"); emit(t, w, c, "fast-path", ""); emit(t, w, c, "artifacts", "")
		for (e = 1; e <= nnames["cause"]; e++) if (agg["sum", w, c, "cause", names["cause", e]] > 0) emit(t, w, c, "cause", names["cause", e])
		for (e = 1; e <= nnames["class"]; e++) if (agg["sum", w, c, "class", names["class", e]] > 0) emit(t, w, c, "class", names["class", e])
	}
	stacked(out "/apps-traps.dat", "cause", "nested-exit cause")
	stacked(out "/apps-traps-class.dat", "class", "trap class")
}
function add(w, c, kd, name, m, v,    g) {
	g = w SUBSEP c SUBSEP kd SUBSEP name
	agg["sum", g] += v
	if (m == 1 || v < agg["lo", g]) agg["lo", g] = v
	if (m == 1 || v > agg["hi", g]) agg["hi", g] = v
}
function emit(t, w, c, kd, name,    g) {
	g = w SUBSEP c SUBSEP kd SUBSEP name
	printf "%s,%s,%d,%s,%s,%.3f,%.3f,%.3f\n", w, c, tm[w, c], kd, name, agg["sum", g] / tm[w, c], agg["lo", g], agg["hi", g] > t
}
# Stacked data: the TOP names with the most traps per exit over the whole
# run as columns, biggest first (the bottom of the stack), the rest as
# "other"; one block per workload (gnuplot index; its own header row) so
# the figure can label each group with its workload.
function stacked(d, kd, label,    TOP, e, i, j, p, tot, ord, nn, best, bv, used, ncol, line, w, c, rest, v) {
	TOP = 6
	nn = nnames[kd]
	for (e = 1; e <= nn; e++) for (i = 1; i <= ntw; i++) for (j = 1; j <= ntc; j++) {
		w = tworder[i]; c = tcorder[j]
		if (tm[w, c]) tot[names[kd, e]] += agg["sum", w, c, kd, names[kd, e]] / tm[w, c]
	}
	for (p = 1; p <= nn && p <= TOP; p++) {
		best = ""; bv = -1
		for (e = 1; e <= nn; e++) if (!(names[kd, e] in used) && tot[names[kd, e]] > bv) { bv = tot[names[kd, e]]; best = names[kd, e] }
		used[best] = 1; ord[p] = best
	}
	ncol = p - 1
	printf "# L0 traps per nested exit by %s (mean over reps; a row sums to the total%s)\n", label,
		kd == "class" ? ", up to traps of exits still open at the window's end" : "" > d
	hdr = "workload/config"; for (p = 1; p <= ncol; p++) hdr = hdr "\t" ord[p]
	if (nn > ncol) hdr = hdr "\tother"
	for (i = 1; i <= ntw; i++) {
		w = tworder[i]
		if (i > 1) printf "\n\n" > d
		print hdr > d
		for (j = 1; j <= ntc; j++) {
			c = tcorder[j]
			if (!tm[w, c]) { line = w "/" short(c) "(missing)"; for (p = 1; p <= ncol + (nn > ncol); p++) line = line "\tNaN"; print line > d; continue }
			line = w "/" short(c); rest = 0
			for (p = 1; p <= ncol; p++) line = line "\t" sprintf("%.3f", agg["sum", w, c, kd, ord[p]] / tm[w, c])
			for (e = 1; e <= nn; e++) if (!(names[kd, e] in used)) rest += agg["sum", w, c, kd, names[kd, e]] / tm[w, c]
			if (nn > ncol) line = line "\t" sprintf("%.3f", rest)
			print line > d
		}
	}
}
