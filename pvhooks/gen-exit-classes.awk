#!/usr/bin/awk -f
# exit-classes.txt -> exit-classes.h (C table for pvstat). Rejects malformed rows.
BEGIN { print "/* Generated from pvhooks/exit-classes.txt by gen-exit-classes.awk. Do not edit. */"
	print "static const struct pv_exit_class { int ec; const char *name, *cause; } pv_exit_classes[] = {" }
/^#/ || NF == 0 { next }
NF != 3 || ($1 != "-" && $1 !~ /^0x[0-9a-f][0-9a-f]$/) || $2 !~ /^[A-Za-z0-9_]+$/ {
	printf "%s:%d: malformed exit class row\n", FILENAME, FNR > "/dev/stderr"; bad = 1; exit 1 }
{ printf "\t{ %s, \"%s\", %s },\n", $1 == "-" ? "-1" : $1, $2, $3 == "-" ? "NULL" : "\"" $3 "\"" }
END { if (bad) exit 1; print "};" }
