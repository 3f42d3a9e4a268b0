#!/usr/bin/awk -f
# The phases of one run, from testbed/phases.txt: every row whose
# conditions hold, in table order, as "LEVEL PHASE MARKER TIMEOUT COLLECT"
# with the configuration's levels filled in and _ in markers made spaces.
#   awk -v tags="accel=tcg kind=nested ..." -v levels="BENCH=L2 TARGET=L2 BOOT=L0" \
#       -f phases.awk phases.txt
# A malformed row or an unknown condition is an error naming FILE:LINE.
function die(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
BEGIN {
	n = split(tags, t, " ")
	for (i = 1; i <= n; i++) { split(t[i], kv, "="); tag[kv[1]] = kv[2] }
	n = split(levels, t, " ")
	for (i = 1; i <= n; i++) { split(t[i], kv, "="); lvl[kv[1]] = kv[2] }
	lvl["L0"] = "L0"; lvl["L1"] = "L1"; lvl["L2"] = "L2"; lvl["host"] = "host"
}
/^[ \t]*(#|$)/ { next }
{
	if (NF < 6) die("want: phase level marker timeout collect when...")
	if (!($2 in lvl)) die("unknown level '" $2 "'")
	if ($4 !~ /^[0-9]+$/) die("timeout '" $4 "' is not a number of seconds")
	if (($2 == "host") != ($3 == "-")) die("the host's driver and only it has no marker")
	ok = 1
	for (i = 6; i <= NF; i++) {
		if ($i == "-" && NF == 6) break
		if (split($i, kv, "=") != 2) die("condition '" $i "' is not NAME=VALUE")
		if (!(kv[1] in tag)) die("unknown condition '" kv[1] "'")
		if (index("|" kv[2] "|", "|" tag[kv[1]] "|") == 0) ok = 0
	}
	if (!ok) next
	l = lvl[$2]
	if (l == "" || l == "-") die("phase '" $1 "' at " $2 ", which this configuration does not have")
	m = $3; gsub(/%L/, l, m)
	print l, $1, m, $4, $5
	found++
}
END { if (!bad && !found) { print "phases.awk: no phase for these conditions: " tags > "/dev/stderr"; exit 1 } }
