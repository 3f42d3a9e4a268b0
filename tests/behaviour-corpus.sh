#!/bin/sh
# The register database generator (mawk and gawk) and pvrewrite's profile
# parser must accept and reject exactly the behaviour lines of
# tests/behaviour-corpus/behaviours.txt.
#   behaviour-corpus.sh PVREWRITE PVHOOKS_DIR WORKDIR
set -eu
pv=$1 d=$2 w=$3
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
clang --target=aarch64-linux-gnu -march=armv8.4-a -c "$src/asm/sites.S" -o "$w/sites.o"
np=$(grep -c '^profile' "$d/sysregs.db") nh=$(grep -c '^host' "$d/sysregs.db")
# A register of our own at an encoding nothing else uses; the token is its
# first profile's column, the other profiles trap, the hosts add nothing.
rest=$(awk -v np="$np" -v nh="$nh" 'BEGIN { for (i = 1; i < np; i++) printf " trap"; for (i = 0; i < nh; i++) printf " -" }')
n=0 fails=0
while read -r want tok; do
	case $want in accept|reject) ;; *) continue ;; esac
	for awk in mawk gawk; do
		n=$((n + 1))
		{ cat "$d/sysregs.db"; echo "sysreg PVTEST_EL2 3.4.15.15.7 rw $tok$rest"; } > "$w/t.db"
		if $awk -v pvabi="$d/pvabi.h" -f "$d/gen-regdb.awk" "$w/t.db" > "$w/t.h" 2> "$w/err"; then got=accept
		elif grep -q "t.db:[0-9]*: " "$w/err"; then got=reject
		else got="error: $(cat "$w/err")"
		fi
		[ "$got" = "$want" ] || { echo "FAIL gen-regdb.awk ($awk) '$tok': $got, want $want"; fails=$((fails + 1)); }
	done
	n=$((n + 1))
	printf 'base nv2\nset HCR_EL2 %s\n' "$tok" > "$w/t.profile"
	if "$pv" -l -p "$w/t.profile" "$w/sites.o" > /dev/null 2> "$w/err"; then got=accept
	elif grep -q "t.profile:2: " "$w/err"; then got=reject
	else got="error: $(cat "$w/err")"
	fi
	[ "$got" = "$want" ] || { echo "FAIL pvrewrite -p '$tok': $got, want $want"; fails=$((fails + 1)); }
done < "$src/behaviour-corpus/behaviours.txt"
[ "$n" -ge 100 ] || { echo "only $n checks: corpus not read?"; exit 1; }
echo "behaviour corpus: $((n - fails)) of $n verdicts as expected (mawk, gawk and pvrewrite -p agree)"
[ $fails -eq 0 ]
