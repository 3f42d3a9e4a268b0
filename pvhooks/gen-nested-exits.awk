#!/usr/bin/awk -f
# nested-exits.txt + exit-classes.txt -> nested-exits.h (the L0 kernel's
# accounting and pvstat). Errors are FILE:LINE. Usage:
#   awk -f gen-nested-exits.awk nested-exits.txt exit-classes.txt > nested-exits.h
BEGIN { n = 0; nl = 0 }
function err(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
FNR == 1 { file++ }
/^#/ || NF == 0 { next }
file == 1 && $1 == "cause" {
	if (NF != 3 || $2 !~ /^[a-z][a-z0-9-]*$/ || $3 !~ /^(sync|irq|async)$/) err("want: cause NAME sync|irq|async")
	if ($2 in idx) err("cause " $2 " twice")
	if (n == 0 && $3 != "sync") err("the first cause must be sync (it takes the unnamed classes)")
	if ($3 != "sync" && ($3 in kindidx)) err("a second " $3 " cause")
	idx[$2] = n; name[n] = $2; kind[n] = $3; n++
	if ($3 != "sync") kindidx[$3] = n - 1
	next
}
file == 1 && $1 == "limit" {
	if (NF != 3 || $2 !~ /^[A-Z]+$/ || $3 !~ /^[1-9][0-9]*$/) err("want: limit NAME N")
	lim[$2] = $3; lims[nl++] = $2
	next
}
file == 1 { err("unknown line (cause or limit)") }
file == 2 {
	if (NF != 3) err("want: ec name cause")
	if ($3 == "-" || $1 !~ /^0x[0-9a-f][0-9a-f]$/) next
	if (!($3 in idx)) err("cause " $3 " is not in nested-exits.txt")
	ec = $1
	if (ec == "0x40") { if (kind[idx[$3]] != "irq") err("class 0x40 (IRQ exits) must name the irq cause"); next }
	if (kind[idx[$3]] != "sync") err("a synchronous class names the " kind[idx[$3]] " cause " $3)
	byec[ec] = idx[$3]
}
END {
	if (bad) exit 1
	if (!("irq" in kindidx) || !("async" in kindidx)) { print "nested-exits.txt: needs an irq and an async cause" > "/dev/stderr"; exit 1 }
	if (!("HIST" in lim) || !("ECS" in lim)) { print "nested-exits.txt: needs limit HIST and limit ECS" > "/dev/stderr"; exit 1 }
	print "/* Generated from pvhooks/nested-exits.txt and exit-classes.txt by gen-nested-exits.awk. Do not edit. */"
	print "#ifndef PVNEST_NESTED_EXITS_H\n#define PVNEST_NESTED_EXITS_H"
	printf "#define PV_NX_CAUSES %d\n", n
	for (i = 0; i < nl; i++) printf "#define PV_NX_%s %s\n", lims[i], lim[lims[i]]
	printf "#define PV_NX_CAUSE_OTHER %d\n#define PV_NX_CAUSE_IRQ %d\n#define PV_NX_CAUSE_ASYNC %d\n", 0, kindidx["irq"], kindidx["async"]
	printf "#define PV_NX_CAUSE_NAMES"
	for (i = 0; i < n; i++) printf " \"%s\",", name[i]
	printf "\n/* Synchronous exits by ESR_ELx.EC; zero (PV_NX_CAUSE_OTHER) for the rest. */\n#define PV_NX_CAUSE_BY_EC"
	for (e in byec) printf " [%s] = %d,", e, byec[e]
	print "\n#endif"
}
