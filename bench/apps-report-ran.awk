#!/usr/bin/awk -f
# report.md's "What ran" from apps.csv: the configurations, one row per
# workload (sizes, headline metric, repetitions per configuration) and the
# wall time of the workloads, by configuration.
#   awk -F, -f apps-report-ran.awk apps.csv   (bench/apps-report.sh)
NR > 1 && $1 != "" {
	if (!($1 in cs)) { cs[$1] = 1; co[++nc] = $1 }
	if (!($2 in ws)) { ws[$2] = 1; wo[++nw] = $2; m[$2] = $5; u[$2] = $7; b[$2] = $8 }
	if (index(" " sz[$2] " ", " " $3 " ") == 0) sz[$2] = sz[$2] (sz[$2] == "" ? "" : " ") $3
	k = $1 SUBSEP $2 SUBSEP $4
	if (!(k in seen)) { seen[k] = 1; reps[$1, $2]++; if ($9 + 0 > 0) { wall[$1] += $9; tot += $9 } }
}
function hms(s) { return sprintf("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60) }
END {
	s = ""; for (j = 1; j <= nc; j++) s = s (j > 1 ? ", " : "") "`" co[j] "`"
	print "Configurations: " s "."
	print ""
	print "| workload | size | headline metric | unit | better | reps per configuration |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= nw; i++) {
		w = wo[i]; s = ""
		for (j = 1; j <= nc; j++) s = s (j > 1 ? ", " : "") co[j] " " (reps[co[j], w] ? reps[co[j], w] : "missing")
		printf "| %s | %s | %s | %s | %s | %s |\n", w, sz[w], m[w], u[w], b[w], s
	}
	print ""
	s = ""; for (j = 1; j <= nc; j++) s = s (j > 1 ? ", " : "") co[j] " " hms(wall[co[j]])
	printf "Wall time of the workloads (sum of `wall_s` over repetitions): %s (%d s); by configuration: %s.\n", hms(tot), tot, s
}
