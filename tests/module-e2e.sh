#!/bin/sh
# End to end on the real Debian arm64 modules the testbed's guest hypervisors
# load (scripts/fetch-modules.sh): rewrite each for every profile and check
# what Linux's module loader will make of the result.
#  - .altinstructions is read: as many alternatives as the section has entries.
#  - A module the rewrite changed has lost its signature (Linux refuses a
#    module whose signature does not verify, required or not) and is exactly
#    the unsigned module: as long as the input minus the signature block.
#  - A module left alone is byte-identical, signature and all.
#  - No trampoline inside an alternative replacement (the loader copies the
#    replacement elsewhere), and the per-CPU reads of TPIDR_EL1 that the
#    loader patches to TPIDR_EL2 on VHE stay native under every profile.
#   module-e2e.sh PVREWRITE PROJECT_DIR WORKDIR
set -eu
pv=$1 top=$2 w=$3
rm -rf "$w" && mkdir -p "$w"
mods=$(sh "$top/scripts/fetch-modules.sh")
marker='~Module signature appended~'
fails=0 changed=0 kept=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
# Size of the module without its signature block (0 when unsigned).
unsigned_size() {
	sz=$(wc -c < "$1")
	[ "$(tail -c 28 "$1" | head -c 27)" = "$marker" ] || { echo 0; return; }
	# struct module_signature before the marker: sig_len, big-endian, last 4 bytes.
	len=$(tail -c 32 "$1" | head -c 4 | od -An -t x1 | tr -d ' \n')
	echo $((sz - 28 - 12 - 0x$len))
}
while read -r m; do
	in=$mods/$m.ko
	nalt=$(readelf -S -W "$in" | sed -n 's/.*\] \.altinstructions  *PROGBITS  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
	nalt=$((0x${nalt:-0} / 12))
	usz=$(unsigned_size "$in")
	for p in v8.3 neve nv2; do
		out=$w/$m-$p.ko rep=$w/$m-$p.json
		"$pv" -p $p -m vhe -o "$out" -r "$rep" "$in" > "$w/$m-$p.log" 2>&1 || { fail "$m $p: rewrite failed"; continue; }
		[ "$(jq .alternatives "$rep")" -eq "$nalt" ] || fail "$m $p: $(jq .alternatives "$rep") alternatives, the section has $nalt"
		if cmp -s "$in" "$out"; then
			kept=$((kept + 1))
			[ "$(jq -r '[.sites[] | select(.action != "native" and .action != "el1-context" and .action != "passthrough")] | length' "$rep")" -eq 0 ] ||
				fail "$m $p: sites rewritten but the output is the input"
		else
			changed=$((changed + 1))
			[ "$usz" -gt 0 ] || fail "$m $p: test input unsigned (expected Debian's signed modules)"
			[ "$(wc -c < "$out")" -eq "$usz" ] || fail "$m $p: output $(wc -c < "$out") bytes, unsigned module $usz"
			[ "$(jq -r .module_signature "$rep")" = dropped ] || fail "$m $p: report says signature $(jq -r .module_signature "$rep")"
			readelf -h "$out" > /dev/null 2>&1 || fail "$m $p: output is not ELF"
		fi
		n=$(jq '[.sites[] | select(.alternative_replacement and .action == "trampoline")] | length' "$rep")
		[ "$n" -eq 0 ] || fail "$m $p: $n trampoline(s) inside alternative replacements"
		n=$(jq '[.sites[] | select(.reg == "TPIDR_EL1" and .action != "native")] | length' "$rep")
		[ "$n" -eq 0 ] || fail "$m $p: $n per-CPU TPIDR_EL1 read(s) rewritten"
	done
done < "$mods/load.order"
echo "$(wc -l < "$mods/load.order") modules x 3 profiles: $changed rewritten (signature dropped), $kept unchanged (signature kept), $fails failure(s)"
[ $changed -gt 0 ] && [ $fails -eq 0 ]
