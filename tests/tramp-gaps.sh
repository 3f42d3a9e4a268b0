#!/bin/sh
# Trampolines go on into the zero padding before page-aligned sections once
# the space at _etext is full. A kernel-shaped ELF (tests/asm/kernel.lds)
# with 1,100 memory-redirected sites and one instruction of hyp text: the
# padding between the sites' code and __hyp_idmap_text_start is a gap. The
# rewrite must use it (verified word by word as always), keep the guard
# words at both of its ends, and change nothing else there.
#   tramp-gaps.sh PVREWRITE WORKDIR
set -eu
pv=$1 w=$2
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
# No other .text: the sites' code ends it, the gap follows.
sh "$src/asm/many-sites.sh" 1100 "$w" --hyp
"$pv" -p nv2 -o "$w/out.elf" -r "$w/rep.json" "$w/kernel.elf" > "$w/sum.txt" 2> "$w/err.txt"
set -- $(jq -r '.trampolines | "\(.slack_bytes) \(.gaps) \(.gap_bytes) \(.used_bytes) \(.missed)"' "$w/rep.json")
slack=$1 gaps=$2 gapb=$3 used=$4 missed=$5
[ "$gaps" -ge 1 ] && [ "$used" -gt "$slack" ] ||
	{ echo "FAIL: no gap used: $slack bytes at _etext, $gaps gap(s) of $gapb bytes, $used used"; exit 1; }
# The gap: from the end of the sites' code to __hyp_idmap_text_start, as
# file offsets (through the report's .text range: address and offset).
# Addresses by their low 32 bits: sh arithmetic is signed 64-bit.
lo() { echo "0x$(echo "$1" | sed 's/^0x//' | tail -c 9)"; }
b=$(lo "$(llvm-nm "$w/kernel.elf" | awk '$3 == "__hyp_idmap_text_start" { print $1 }')")
st=$(lo "$(llvm-nm "$w/kernel.elf" | awk '$3 == "_stext" { print $1 }')")
set -- $(jq -r '.ranges[0] | "\(.addr) \(.foff)"' "$w/rep.json")
ta=$(lo "$1")
foff_b=$(($2 + b - ta)) end_code=$(($2 + st - ta + 4 * 1101))
# Bytes that changed between the end of the code and the section start.
cmp -l "$w/kernel.elf" "$w/out.elf" | awk -v a="$end_code" -v b="$foff_b" '
	$1 - 1 >= a && $1 - 1 < b { n++; if ($1 - 1 < a + 64 || $1 - 1 >= b - 16) g++ }
	END { printf "%d %d\n", n, g }' > "$w/changed"
read -r n g < "$w/changed"
[ "$n" -gt 0 ] && [ "$g" -eq 0 ] || { echo "FAIL: gap bytes changed: $n, in the guards: $g"; exit 1; }
echo "$slack bytes at _etext, $gaps gap(s) of $gapb bytes: $used bytes of trampolines, $missed site(s) without one;" \
	"$n bytes written in the gap, none in its guards"
