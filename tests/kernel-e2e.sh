#!/bin/sh
# End to end on the real Debian arm64 kernel Image (pvnest.conf): rewrite it
# for every profile and mode (any unhandled site fails the rewrite), and
# compare pvrewrite's per-class site counts with an independent count by
# binutils' objdump (linear disassembly, registers named by binutils); in
# every output, objdump must find no EL2 access, EL2 TLBI/AT or ERET left in
# the ranges that run at virtual EL2 (objdump-leftover.sh).
# PIN (scripts/fetch-kernel.sh's: kernel, the default, or kernel61, Debian
# 12's 6.1, whose kallsyms has no _text) picks the kernel. Either way _stext
# is 64 KiB (SEGMENT_ALIGN) into the Image, and the hyp stub is a range.
# 6.1's kallsyms has only text symbols: the code of .rodata.text (entry
# trampoline, hibernate, kexec) has no bounds there, the post-check finds its
# EL2 instructions and the rewrite stops unless --allow-unhandled, which
# lists exactly those (a System.map, from the 800 MB -dbg package, is the
# full fix; not fetched here).
#   kernel-e2e.sh PVREWRITE PROJECT_DIR WORKDIR [PIN]
set -eu
pv=$1 top=$2 w=$3 pin=${4:-kernel}
rm -rf "$w" && mkdir -p "$w"
img=$(sh "$top/scripts/fetch-kernel.sh" "$pin")
# Cut short by a page, the Image is refused as truncated (its PE header
# says where the file ends), not for a symptom such as a missing table.
head -c $(($(wc -c < "$img") - 4096)) "$img" > "$w/truncated"
if "$pv" -o "$w/truncated.out" "$w/truncated" > /dev/null 2> "$w/truncated.err" ||
   ! grep -q 'truncated arm64 Image: its PE header says' "$w/truncated.err"; then
	echo "a truncated Image was not refused as truncated:"; cat "$w/truncated.err"; exit 1
fi
rm -f "$w/truncated"
allow= loose=0
if [ "$pin" = kernel61 ]; then
	if "$pv" -o "$w/refused" "$img" > /dev/null 2> "$w/refused.err"; then
		echo "6.1 without --allow-unhandled: rewritten although kallsyms bounds only .text/.init.text"; exit 1
	fi
	grep -q 'outside every code range' "$w/refused.err" || { cat "$w/refused.err"; exit 1; }
	[ ! -e "$w/refused" ] || { echo "a refused run left its output"; exit 1; }
	allow=--allow-unhandled loose=4
	echo "6.1 kallsyms only: refused ($(grep -c 'outside every code range' "$w/refused.err") EL2-class words outside the code ranges)"
fi
for p in v8.3 neve nv2; do
	for m in vhe nvhe; do
		"$pv" -p $p -m $m $allow -o "$w/Image-$p-$m" -r "$w/rep-$p-$m.json" "$img" > "$w/sum-$p-$m.txt" 2> "$w/err-$p-$m.txt"
		# Unhandled: only the post-check's words outside every range, as many as measured.
		jq -e --argjson n $loose '([.sites[] | select(.action == "unhandled" or .action == "callback-alternative")] |
			length == $n and all(.range == "(outside every code range)")) and .postcheck.outside_code == $n and
			.postcheck.not_as_planned == 0' "$w/rep-$p-$m.json" > /dev/null ||
			{ echo "$p $m: unhandled sites other than $loose outside the code ranges"; jq -c .postcheck "$w/rep-$p-$m.json"; exit 1; }
		jq -e '(.ranges[0] | .name == ".text" and .foff == 65536) and ([.ranges[] | select(.name == "hyp-stub" and .vel2)] | length == 1)' \
			"$w/rep-$p-$m.json" > /dev/null || { echo "$p $m: .text not at 64 KiB, or no hyp stub"; jq -c .ranges "$w/rep-$p-$m.json"; exit 1; }
		cmp -s "$img" "$w/Image-$p-$m" && { echo "$p $m: output identical to input"; exit 1; }
		[ "$(wc -c < "$img")" -eq "$(wc -c < "$w/Image-$p-$m")" ]
		sh "$(dirname "$0")/objdump-leftover.sh" "$w/Image-$p-$m" "$w/rep-$p-$m.json" "$w/left-$p-$m"
		echo "$p/$m: $(jq -r '[.counts[] | to_entries[] | select(.key != "native" and .key != "el1-context" and .key != "passthrough") | .value] | add' "$w/rep-$p-$m.json") sites rewritten, $loose unhandled; $(grep '^post-check' "$w/sum-$p-$m.txt")"
	done
done

# Independent count over the same code ranges.
sh "$(dirname "$0")/objdump-classes.sh" binary "$img" "$w/rep-nv2-vhe.json" "$w"
