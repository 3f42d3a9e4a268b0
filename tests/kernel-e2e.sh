#!/bin/sh
# End to end on the real Debian arm64 kernel Image (pvnest.conf): rewrite it
# for every profile and mode (any unhandled site fails the rewrite), and
# compare pvrewrite's per-class site counts with an independent count by
# binutils' objdump (linear disassembly, registers named by binutils).
#   kernel-e2e.sh PVREWRITE PROJECT_DIR WORKDIR
set -eu
pv=$1 top=$2 w=$3
rm -rf "$w" && mkdir -p "$w"
img=$(sh "$top/scripts/fetch-kernel.sh")
for p in v8.3 neve nv2; do
	for m in vhe nvhe; do
		"$pv" -p $p -m $m -o "$w/Image-$p-$m" -r "$w/rep-$p-$m.json" "$img" > "$w/sum-$p-$m.txt"
		jq -e '[.sites[] | select(.action == "unhandled" or .action == "callback-alternative")] | length == 0' \
			"$w/rep-$p-$m.json" > /dev/null
		cmp -s "$img" "$w/Image-$p-$m" && { echo "$p $m: output identical to input"; exit 1; }
		[ "$(wc -c < "$img")" -eq "$(wc -c < "$w/Image-$p-$m")" ]
		echo "$p/$m: $(jq -r '[.counts[] | to_entries[] | select(.key != "native" and .key != "el1-context" and .key != "passthrough") | .value] | add' "$w/rep-$p-$m.json") sites rewritten, 0 unhandled"
	done
done

# Independent count over the same code ranges.
rep=$w/rep-nv2-vhe.json
: > "$w/objdump.txt"
jq -r '.ranges[] | "\(.foff) \(.size)"' "$rep" | while read -r a s; do
	aarch64-linux-gnu-objdump -D -b binary -m aarch64 --start-address=$a --stop-address=$((a + s)) "$img" 2>/dev/null |
		awk '$3 ~ /^(mrs|msr|tlbi|at|eret|eretaa|eretab|hvc|smc)$/' >> "$w/objdump.txt"
done
awk '
function reg(r) { r = tolower(r); sub(/,$/, "", r); return r }
{
	m = $3; c = ""
	if (m ~ /^eret/) c = "eret"
	else if (m == "hvc" || m == "smc") c = m
	else if (m == "tlbi") c = ($4 ~ /e2|^alle1|vmalls12e1|ipas2/) ? "tlbi-el2" : "tlbi-el1"
	else if (m == "at") c = ($4 ~ /s1e2|s12e/) ? "at-el2" : "at-el1"
	else {
		r = (m == "mrs") ? reg($5) : reg($4)
		if (r == "currentel") c = "currentel"
		else if (r ~ /_el12$|_el02$|^s[23]_5_/) c = "el12"
		else if (r ~ /_el2$|^s[23]_4_|^sp_el1$|^spsr_(irq|abt|und|fiq)$/) c = "el2"
	}
	if (c != "") n[c]++
}
END { for (c in n) print c, n[c] }' "$w/objdump.txt" | sort > "$w/objdump-counts.txt"
jq -r '.counts | to_entries[] | "\(.key) \([.value[]] | add)"' "$rep" | grep -v '^el1 ' | sort > "$w/pvrewrite-counts.txt"
if ! diff "$w/objdump-counts.txt" "$w/pvrewrite-counts.txt"; then
	echo "per-class counts differ (< objdump, > pvrewrite)"
	exit 1
fi
echo "per-class counts agree with objdump:" $(tr '\n' ' ' < "$w/objdump-counts.txt")
