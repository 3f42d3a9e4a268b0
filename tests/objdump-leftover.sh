#!/bin/sh
# What a rewritten Image still holds, by binutils' objdump over the code
# ranges its report marks as running at virtual EL2: no EL2/EL12/EL02
# system-register access, no EL2 TLBI/AT and no ERET may be left (each one
# would reach the real EL2, or UNDEF at EL1). Prints the counts of the
# classes objdump finds there, and every leftover line on failure.
#   objdump-leftover.sh OUTPUT REPORT WORKDIR
set -eu
out=$1 rep=$2 w=$3
mkdir -p "$w"
jq -r '.ranges[] | select(.vel2) | "\(.foff) \(.size)"' "$rep" | while read -r a s; do
	aarch64-linux-gnu-objdump -D -b binary -m aarch64 --start-address=$a --stop-address=$((a + s)) "$out" 2>/dev/null
done | awk '$3 ~ /^(mrs|msr|tlbi|at|eret|eretaa|eretab|hvc|smc)$/' |
	awk -v lines=1 -f "$(dirname "$0")/objdump-classify.awk" > "$w/leftover-all.txt"
grep -E '^(el2|el12|tlbi-el2|at-el2|eret) ' "$w/leftover-all.txt" > "$w/leftover.txt" || true
left=$(wc -l < "$w/leftover.txt")
echo "vEL2 ranges of $(basename "$out"): $left EL2/EL12/TLBI-EL2/AT-EL2/ERET left;" \
	"objdump sees" $(cut -d' ' -f1 "$w/leftover-all.txt" | sort | uniq -c | awk '{ printf "%s %s, ", $2, $1 }')
if [ "$left" -ne 0 ]; then
	head -n 20 "$w/leftover.txt"
	exit 1
fi
