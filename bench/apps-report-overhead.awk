#!/usr/bin/awk -f
# report.md's normalized-overhead tables from apps-overhead.csv
# (apps-summarize.awk): overhead mean [min–max] per workload and
# configuration, then the headline metric itself; *missing* where no result.
#   awk -F, -v base=CONFIG -f apps-report-overhead.awk apps-overhead.csv
NR == 1 { next }
{ if (!($2 in cs)) { cs[$2] = 1; co[++nc] = $2 }; if (!($1 in ws)) { ws[$1] = 1; wo[++nw] = $1; met[$1] = $3 " (" $4 ")" }
  k = $1 SUBSEP $2; n[k] = $5; mean[k] = $6; lo[k] = $7; hi[k] = $8; o[k] = $9; ol[k] = $10; oh[k] = $11 }
function cell(k) {
	if (n[k] == 0) return "*missing*"
	if (o[k] == "") return "*no " base " result*"
	return sprintf("%.2f [%.2f–%.2f]", o[k], ol[k], oh[k])
}
END {
	s = "| workload |"; t = "|---|"; for (j = 1; j <= nc; j++) { s = s " " co[j] " |"; t = t "---|" }
	print s; print t
	for (i = 1; i <= nw; i++) { s = "| " wo[i] " |"; for (j = 1; j <= nc; j++) s = s " " cell(wo[i] SUBSEP co[j]) " |"; print s }
	print ""
	print "The headline metric itself, mean [min–max] (n repetitions):"
	print ""
	s = "| workload | metric (unit) |"; t = "|---|---|"; for (j = 1; j <= nc; j++) { s = s " " co[j] " |"; t = t "---|" }
	print s; print t
	for (i = 1; i <= nw; i++) {
		s = "| " wo[i] " | " met[wo[i]] " |"
		for (j = 1; j <= nc; j++) { k = wo[i] SUBSEP co[j]; s = s " " (n[k] == 0 ? "*missing*" : mean[k] " [" lo[k] "–" hi[k] "] (n=" n[k] ")") " |" }
		print s
	}
}
