#!/usr/bin/awk -f
# One configuration's row of testbed/configs.txt, as sh assignments
# (kind=... bench=... target=... l0=... pv=... mem=...); PROFILE in the pv
# column becomes the profile named by the configuration.
#   awk -v config=nested-pv-nv2 -v profiles="$PV_PROFILES" -f config-row.awk configs.txt
# Exit 2 with a message for a configuration the table does not have; a
# malformed row is an error naming FILE:LINE.
function die(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
/^[ \t]*(#|$)/ { next }
{
	if (NF != 7) die("want: config kind bench target l0 pv mem")
	if ($2 !~ /^(native|direct|nested)$/) die("kind '" $2 "' is not native, direct or nested")
	if ($3 !~ /^(L1|L2|-)$/ || $4 !~ /^(L0|L1|L2|-)$/) die("bench/target must be a level or -")
	if ($5 !~ /^(pvnest|stock)$/) die("l0 '" $5 "' is not pvnest or stock")
	if ($7 !~ /^[0-9]+[MG]$/) die("mem '" $7 "' is not a size like 6G")
	if (found) next
	pat = $1; pv = $6
	if (pat ~ /\*$/) {
		pfx = substr(pat, 1, length(pat) - 1)
		if (substr(config, 1, length(pfx)) != pfx) next
		prof = substr(config, length(pfx) + 1)
		if (index(" " profiles " ", " " prof " ") == 0 || prof == "") {
			printf "run.sh: unknown configuration '%s' (PV profiles: %s)\n", config, profiles > "/dev/stderr"
			bad = 2; exit 2
		}
		if (pv == "PROFILE") pv = prof
	} else if (pat != config) next
	if (pv == "-") pv = ""
	printf "kind=%s bench=%s target=%s l0default=%s pv=%s mem=%s\n", $2, $3, $4, $5, pv, $7
	found = 1
}
END { if (!bad && !found) { printf "run.sh: unknown configuration '%s'\n", config > "/dev/stderr"; exit 2 } }
