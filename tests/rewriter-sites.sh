#!/bin/sh
# Rewrite small AArch64 inputs assembled here, for every profile and mode,
# and compare what pvrewrite does at each site with tests/expect/*.txt.
# module: asm/alts.S alone, as a module carries it (.altinstructions with
# PREL32 relocations), expected to be handled as in a kernel.
#   rewriter-sites.sh PVREWRITE obj|module|exec|image WORKDIR
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
module)	input=$w/alts.o expects=$src/expect/alts.txt ;;
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
				if (w == "mem") w = (mode == "nvhe" && lab ~ /^hyp_/) ? "artifact-smc" : "trampoline"
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
		# Objects: link the output; every trampoline site must branch into
		# .text.pvnest, and that trampoline must branch back to site + 4.
		if [ "$kind" = obj ]; then
			ld.lld -e 0 --section-start=.text=0x100000 "$w/out-$p-$m" -o "$w/linked-$p-$m"
			llvm-objdump -d --no-show-raw-insn "$w/linked-$p-$m" > "$w/linked-$p-$m.dis"
			jq -r '.sites[] | select(.action == "trampoline") | .symbol' "$w/rep-$p-$m.json" |
				sed 's/+0x0$//;s/+0$//' > "$w/tramp-$p-$m.txt"
			[ -s "$w/tramp-$p-$m.txt" ] && awk '
				function hex(s,   i, v) { sub(/^0x/, "", s); v = 0
					for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
					return v }
				FNR == NR { want[$1] = 1; next }
				/^[0-9a-f]+ <.*>:$/ { name = $2; gsub(/[<>:]/, "", name); first = 1; next }
				NF >= 2 { a = $1; sub(/:$/, "", a); ins[hex(a)] = $2; arg[hex(a)] = hex($3)
					if (first && (name in want)) { site[name] = hex(a); tgt[name] = hex($3) }
					first = 0 }
				END {
					for (l in want) {
						if (!(l in site)) { print l ": site not found"; continue }
						t = tgt[l] + 16
						if (ins[site[l]] != "b" || ins[t] != "b" || arg[t] != site[l] + 4)
							printf "%s: trampoline at %x does not return to %x\n", l, tgt[l], site[l] + 4
					}
				}' "$w/tramp-$p-$m.txt" "$w/linked-$p-$m.dis" > "$w/linkcheck-$p-$m.txt" || true
			if [ -s "$w/linkcheck-$p-$m.txt" ] 2>/dev/null; then
				echo "$kind $p $m: linked trampolines wrong:"; cat "$w/linkcheck-$p-$m.txt"; fail=$((fail + 1))
			else
				checked=$((checked + $(wc -l < "$w/tramp-$p-$m.txt")))
			fi
		fi
		mi=$((mi + 1))
	done
	pi=$((pi + 1))
done
echo "$kind: $checked site expectations checked over 6 profile/mode pairs"
[ $fail -eq 0 ] || { echo "$fail profile/mode pair(s) failed"; exit 1; }
