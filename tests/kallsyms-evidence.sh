#!/bin/sh
# The layout comes from evidence (docs/rewriter.md, "Inputs"): on the pinned
# Debian kernel (scripts/fetch-kernel.sh, cached), damage one byte and
# expect either a clear refusal or the very output and report of the
# undamaged Image -- never a plausible but different rewrite.
#   * single bytes of the kallsyms token table (XOR 0x01, 0x20, 0x04 at
#     spread offsets): refused ("kallsyms disagrees with the image", or no
#     table found), or the same output; at least one must be refused by the
#     name-order check
#   * the first word of __hyp_stub_vectors: refused
#   * the banner with bytes that are not UTF-8: the report is valid UTF-8
#   kallsyms-evidence.sh PVREWRITE PROJECT_DIR WORKDIR
set -eu
pv=$1 top=$2 w=$3
rm -rf "$w" && mkdir -p "$w"
img=$(sh "$top/scripts/fetch-kernel.sh")
"$pv" -v -p nv2 -m vhe -o "$w/ref" -r "$w/ref.json" "$img" > "$w/ref.txt" 2> "$w/ref.err"
jq -c .sites "$w/ref.json" > "$w/ref.sites"
tok=$(sed -n 's/.*kallsyms: .*token table at \(0x[0-9a-f]*\).*/\1/p' "$w/ref.err")
[ -n "$tok" ] || { echo "no token table offset in pvrewrite -v"; exit 1; }
cp "$img" "$w/bad"
byte() { od -An -tu1 -j "$1" -N1 "$2" | tr -d ' '; }
# put FILE OFFSET VALUE: one byte, in place
put() { printf "$(printf '\\%03o' "$3")" | dd of="$2" bs=1 seek="$1" conv=notrunc status=none; }
fails=0 refused=0 same=0 order=0
for k in 8 40 136 216 312 568 1080; do
	for x in 1 32 4; do
		off=$((tok + k)) orig=$(byte $((tok + k)) "$w/bad")
		put "$off" "$w/bad" $((orig ^ x))
		if "$pv" -p nv2 -m vhe -o "$w/out" -r "$w/out.json" "$w/bad" > /dev/null 2> "$w/err"; then
			put "$off" "$w/out" "$orig"
			if cmp -s "$w/out" "$w/ref" && jq -c .sites "$w/out.json" | cmp -s - "$w/ref.sites"; then
				same=$((same + 1))
			else
				echo "FAIL token byte +$k ^$x: accepted with a different output or report"; fails=$((fails + 1))
			fi
		elif grep -Eq 'kallsyms disagrees with the image|no usable kallsyms table' "$w/err"; then
			refused=$((refused + 1))
			grep -q 'seqs_of_names' "$w/err" && order=$((order + 1))
		else
			echo "FAIL token byte +$k ^$x: $(cat "$w/err")"; fails=$((fails + 1))
		fi
		put "$off" "$w/bad" "$orig"
	done
done
echo "token table, one byte damaged: $refused refused ($order by the name order), $same same output"
[ $order -gt 0 ] || { echo "FAIL: no damage was caught by the name order"; fails=$((fails + 1)); }
# The hyp stub's first vector: no longer a branch.
hs=$(jq -r '.ranges[] | select(.name == "hyp-stub") | .foff' "$w/ref.json")
dd if=/dev/zero of="$w/bad" bs=1 seek="$hs" count=4 conv=notrunc status=none
if "$pv" -p nv2 -m vhe -o "$w/out" "$w/bad" > /dev/null 2> "$w/err" ||
	! grep -q 'disagrees with the image: __hyp_stub_vectors entry 0' "$w/err"; then
	echo "FAIL hyp stub damaged: $(cat "$w/err")"; fails=$((fails + 1))
fi
cp "$img" "$w/bad"
# A banner that is not UTF-8 (and a quote, a backslash, a control byte).
ban=$(grep -abo 'Linux version ' "$w/bad" | head -n1 | cut -d: -f1)
printf '\377\303\050\001"\\\342\202' | dd of="$w/bad" bs=1 seek=$((ban + 14)) conv=notrunc status=none
"$pv" -p nv2 -m vhe -o "$w/out" -r "$w/out.json" "$w/bad" > /dev/null
iconv -f UTF-8 -t UTF-8 "$w/out.json" > /dev/null || { echo "FAIL: report is not UTF-8"; fails=$((fails + 1)); }
jq -e '.kernel_version | startswith("Linux version \u00ff\u00c3(\u0001\"\\")' "$w/out.json" > /dev/null ||
	{ echo "FAIL: kernel_version: $(jq .kernel_version "$w/out.json")"; fails=$((fails + 1)); }
rm -f "$w/bad" "$w/out" "$w/ref"
[ $fails -eq 0 ]
