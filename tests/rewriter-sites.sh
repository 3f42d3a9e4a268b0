#!/bin/sh
# Rewrite small AArch64 inputs assembled here, for every profile and mode,
# and compare what pvrewrite does at each site with tests/expect/*.txt.
#   rewriter-sites.sh PVREWRITE obj|exec|image WORKDIR
set -eu
pv=$1 kind=$2 w=$3
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
as_() { clang --target=aarch64-linux-gnu -march=armv8.4-a -c "$src/asm/$1.S" -o "$w/$1.o"; }
as_ sites; as_ head; as_ alts
expects="$src/expect/sites.txt"
extra=""
case $kind in
obj)	input=$w/sites.o ;;
exec|image)
	ld.lld -T "$src/asm/kernel.lds" "$w/head.o" "$w/sites.o" "$w/alts.o" -o "$w/kernel.elf"
	expects="$expects $src/expect/alts.txt"
	input=$w/kernel.elf
	if [ "$kind" = image ]; then
		llvm-objcopy -O binary "$w/kernel.elf" "$w/kernel.Image"
		llvm-nm "$w/kernel.elf" > "$w/System.map"
		input=$w/kernel.Image
		extra="--system-map $w/System.map"
	fi ;;
*)	echo "unknown kind $kind" >&2; exit 2 ;;
esac

fail=0 checked=0
pi=0
for p in v8.3 neve nv2; do
	mi=0
	for m in vhe nvhe; do
		# shellcheck disable=SC2086
		"$pv" -l -p $p -m $m $extra "$input" > "$w/list-$p-$m.txt"
		col=$((2 + pi * 2 + mi))
		# Expected action per label; "mem" is a trampoline where the input has
		# trampoline space and the code can reach it, else an artifact hvc.
		r=$(awk -v col=$col -v kind=$kind -v mode=$m '
			FNR == NR || FILENAME ~ /expect/ {
				if ($0 ~ /^#/ || NF < 7) next
				want[$1] = $col; next
			}
			{
				split($2, so, "+"); if (so[2] != "0x0" && so[2] != "0") next
				lab = so[1]; act = $8; sub(/:$/, "", act)
				if (!(lab in want)) next
				w = want[lab]
				if (w == "mem") w = (kind == "obj" || (mode == "nvhe" && lab ~ /^hyp_/)) ? "artifact-smc" : "trampoline"
				seen[lab] = 1; n++
				if (act != w) { printf "%s: got %s, want %s\n", lab, act, w; bad++ }
			}
			END {
				for (l in want) if (!(l in seen)) { printf "%s: site not found\n", l; bad++ }
				printf "checked %d\n", n; exit bad > 0
			}' $expects "$w/list-$p-$m.txt") || { echo "$kind $p $m: FAIL"; echo "$r"; fail=$((fail + 1)); }
		checked=$((checked + $(echo "$r" | sed -n 's/^checked //p')))
		# A real rewrite must verify, write the output and a parseable report.
		# shellcheck disable=SC2086
		"$pv" -p $p -m $m $extra -o "$w/out-$p-$m" -r "$w/rep-$p-$m.json" "$input" > /dev/null
		jq -e '.sites | length > 0' "$w/rep-$p-$m.json" > /dev/null
		mi=$((mi + 1))
	done
	pi=$((pi + 1))
done
echo "$kind: $checked site expectations checked over 6 profile/mode pairs"
[ $fail -eq 0 ] || { echo "$fail profile/mode pair(s) failed"; exit 1; }
