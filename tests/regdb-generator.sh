#!/bin/sh
# The generator: mawk and gawk give the same table; malformed database lines
# stop it with FILE:LINE and a non-zero exit, and no table is produced.
#   regdb-generator.sh PVHOOKS_DIR WORKDIR
set -eu
d=$1 w=$2
rm -rf "$w" && mkdir -p "$w"
fails=0
for awk in mawk gawk; do
	command -v $awk >/dev/null || { echo "$awk missing"; exit 1; }
	$awk -f "$d/gen-regdb.awk" "$d/sysregs.db" > "$w/$awk.h"
done
cmp "$w/mawk.h" "$w/gawk.h" || { echo "mawk and gawk disagree"; exit 1; }
grep -q '^#define PV_NR_REGS [0-9]' "$w/mawk.h"
head_db() { sed -n '/^profile/p;/^host/p' "$d/sysregs.db"; }
bad() {	# bad LABEL EXPECTED-MESSAGE LINE...
	label=$1 msg=$2; shift 2
	{ head_db; printf '%s\n' "$@"; } > "$w/bad.db"
	if awk -v pvabi="$d/pvabi.h" -f "$d/gen-regdb.awk" "$w/bad.db" > "$w/bad.h" 2> "$w/err"; then
		echo "FAIL $label: generator accepted it"; fails=$((fails + 1))
	elif ! grep -q "bad.db:[0-9]*: .*$msg" "$w/err"; then
		echo "FAIL $label: message was: $(cat "$w/err")"; fails=$((fails + 1))
	fi
}
bad fields	"expected 8 fields"		"sysreg X_EL2 3.4.1.1.0 rw trap trap"
bad behaviour	"unknown behaviour"		"sysreg X_EL2 3.4.1.1.0 rw trap bogus trap -"
bad offset	"not 8-aligned"			"sysreg X_EL2 3.4.1.1.0 rw trap mem:0x7 trap -"
bad encoding	"encoding must be"		"sysreg X_EL2 3.4.1.1 rw trap trap trap -"
bad range	"out of range"			"sysreg X_EL2 3.9.1.1.0 rw trap trap trap -"
bad dup		"duplicate name"		"sysreg X_EL2 3.4.1.1.0 rw trap trap trap -" "sysreg X_EL2 3.4.1.1.1 rw trap trap trap -"
bad dupenc	"already used by"		"sysreg X_EL2 3.4.1.1.0 rw trap trap trap -" "sysreg Y_EL2 3.4.1.1.0 rw trap trap trap -"
bad el1		"names no register"		"sysreg X_EL2 3.4.1.1.0 rw trap el1:NOPE trap -"
bad kind	"unknown kind"			"banana X_EL2 3.4.1.1.0 rw trap trap trap -"
bad op0		"with op0"			"tlbi X 3.4.8.7.0 w trap trap trap -"
echo "generator: mawk = gawk; $((10 - fails)) of 10 malformed databases rejected with their line"
[ $fails -eq 0 ]
