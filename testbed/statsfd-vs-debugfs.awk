#!/usr/bin/awk -f
# Two sources of the same counts per benchmark window: nested exits and
# traps summed over vCPUs from KVM's binary stats fd (kvmstats.csv) and
# from pvnest's debugfs counters (pvstat.csv, cause "all"). The last column
# says whether they agree.
#   awk -F, -f statsfd-vs-debugfs.awk kvmstats.csv pvstat.csv
FNR == 1 { next }
FILENAME ~ /kvmstats/ {
	if ($4 == "nested_exits") sx[$2] += $5
	if ($4 == "nested_traps") st[$2] += $5
	b[$2] = 1; next
}
$3 == "all" && $4 == "nested-exits" { dx[$2] = $6; b[$2] = 1 }
$3 == "all" && $4 == "traps" { dt[$2] = $6 }
END {
	print "bench,statsfd_nested_exits,debugfs_nested_exits,statsfd_traps,debugfs_traps,agree"
	for (k in b)
		print k "," sx[k] + 0 "," dx[k] + 0 "," st[k] + 0 "," dt[k] + 0 "," \
			((sx[k] + 0 == dx[k] + 0 && st[k] + 0 == dt[k] + 0) ? "yes" : "no")
}
