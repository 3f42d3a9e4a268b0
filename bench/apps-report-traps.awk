#!/usr/bin/awk -f
# report.md's traps-per-nested-exit tables from apps-traps-summary.csv
# (apps-summarize.awk): the total per workload and configuration, then per
# configuration the three causes and trap classes with the most traps per
# exit, the fast path and the PV artifacts.
#   awk -F, -f apps-report-traps.awk apps-traps-summary.csv
NR == 1 { next }
{ k = $1 SUBSEP $2
  if (!($2 in cs)) { cs[$2] = 1; co[++nc] = $2 }; if (!($1 in ws)) { ws[$1] = 1; wo[++nw] = $1 }
  if ($4 == "total") { n[k] = $3; m[k] = $6; lo[k] = $7; hi[k] = $8 }
  else if ($4 == "fast-path") fp[k] = $6
  else if ($4 == "artifacts") ar[k] = $6
  else { nm[k, $4, ++cnt[k, $4]] = $5; v[k, $4, cnt[k, $4]] = $6 } }
function top(k, kd,    i, j, b, bv, used, s, p) {
	for (p = 0; p < 3; p++) {
		b = 0; bv = 0
		for (i = 1; i <= cnt[k, kd]; i++) if (!(i in used) && v[k, kd, i] + 0 > bv) { bv = v[k, kd, i] + 0; b = i }
		if (!b) break
		used[b] = 1; s = s (s == "" ? "" : ", ") nm[k, kd, b] " " sprintf("%.1f", bv)
	}
	return s
}
END {
	s = "| workload |"; t = "|---|"; for (j = 1; j <= nc; j++) { s = s " " co[j] " |"; t = t "---|" }
	print s; print t
	for (i = 1; i <= nw; i++) {
		s = "| " wo[i] " |"
		for (j = 1; j <= nc; j++) { k = wo[i] SUBSEP co[j]; s = s " " (n[k] + 0 == 0 ? "*missing*" : sprintf("%.1f [%.1f–%.1f]", m[k], lo[k], hi[k])) " |" }
		print s
	}
	print ""
	print "| workload | config | reps | traps/exit | top causes (traps/exit) | top trap classes | fast path/exit | artifacts/exit |"
	print "|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nw; i++) for (j = 1; j <= nc; j++) {
		k = wo[i] SUBSEP co[j]
		if (n[k] + 0 == 0) { printf "| %s | %s | 0 | *missing* | | | | |\n", wo[i], co[j]; continue }
		printf "| %s | %s | %d | %.1f | %s | %s | %.1f | %.1f |\n", wo[i], co[j], n[k], m[k], top(k, "cause"), top(k, "class"), fp[k], ar[k]
	}
}
