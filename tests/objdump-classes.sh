#!/bin/sh
# Count sensitive instructions per class with binutils' objdump (linear
# disassembly, registers named by binutils, not by pvrewrite's database) over
# the code ranges of a pvrewrite report, and compare with the report.
#   objdump-classes.sh binary|elf INPUT REPORT WORKDIR
set -eu
kind=$1 img=$2 rep=$3 w=$4
: > "$w/objdump.txt"
if [ "$kind" = binary ]; then
	jq -r '.ranges[] | "\(.foff) \(.size)"' "$rep"
else
	jq -r '.ranges[] | "\(.addr) \(.size)"' "$rep"
fi | while read -r a s; do
	if [ "$kind" = binary ]; then
		aarch64-linux-gnu-objdump -D -b binary -m aarch64 --start-address=$a --stop-address=$((a + s)) "$img"
	else
		aarch64-linux-gnu-objdump -d --start-address=$a --stop-address=$((a + s)) "$img"
	fi 2>/dev/null |
		awk '$3 ~ /^(mrs|msr|tlbi|at|eret|eretaa|eretab|hvc|smc)$/' >> "$w/objdump.txt"
done
awk -f "$(dirname "$0")/objdump-classify.awk" "$w/objdump.txt" | sort > "$w/objdump-counts.txt"
# The report's sites in those ranges (not the post-check's words outside them).
jq -r '[.sites[] | select(.range != "(outside every code range)")] | group_by(.class)[] | "\(.[0].class) \(length)"' \
	"$rep" | grep -v '^el1 ' | sort > "$w/pvrewrite-counts.txt"
if ! diff "$w/objdump-counts.txt" "$w/pvrewrite-counts.txt"; then
	echo "per-class counts differ (< objdump, > pvrewrite)"
	exit 1
fi
echo "per-class counts agree with objdump:" $(tr '\n' ' ' < "$w/objdump-counts.txt")
