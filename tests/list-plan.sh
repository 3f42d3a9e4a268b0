#!/bin/sh
# --list plans and emits like the real run (into memory only): its summary,
# trampoline space included, is the run's, also when the space runs out.
#   list-plan.sh PVREWRITE WORKDIR
set -eu
pv=$1 w=$2
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
clang --target=aarch64-linux-gnu -march=armv8.4-a -c "$src/asm/alts.S" -o "$w/alts.o"
# kernel.lds leaves 8 KiB of trampoline space: 600 trampolines (20 bytes
# each) do not fit.
sh "$src/asm/many-sites.sh" 600 "$w" "$w/alts.o"
fails=0
for p in neve nv2; do
	"$pv" -l -p $p "$w/kernel.elf" > "$w/list-$p.txt" 2> "$w/list-$p.err"
	"$pv" -p $p -o "$w/out-$p" -r "$w/rep-$p.json" "$w/kernel.elf" > "$w/run-$p.txt" 2> "$w/run-$p.err"
	# The summary starts at the input's line; the list of sites precedes it.
	sed -n "\\|^$w/kernel.elf: |,\$p" "$w/list-$p.txt" > "$w/list-sum-$p.txt"
	sed -n "\\|^$w/kernel.elf: |,\$p" "$w/run-$p.txt" | grep -v '^module signature' > "$w/run-sum-$p.txt"
	if ! cmp -s "$w/list-sum-$p.txt" "$w/run-sum-$p.txt"; then
		echo "FAIL $p: --list summary differs from the run's:"; diff "$w/list-sum-$p.txt" "$w/run-sum-$p.txt" || :
		fails=$((fails + 1))
	fi
	# Its counts are the report's, and the space ran out and is said.
	listed=$(grep -c ' trampoline *$' "$w/list-$p.txt" || :)
	made=$(grep -o '"action": "trampoline"' "$w/rep-$p.json" | wc -l)
	used=$(sed -n 's/.*"used_bytes": \([0-9]*\).*/\1/p' "$w/rep-$p.json")
	missed=$(sed -n 's/.*"missed": \([0-9]*\).*/\1/p' "$w/rep-$p.json")
	if [ "$listed" != "$made" ] || ! grep -q "^trampoline space: $used of " "$w/list-sum-$p.txt" ||
	   [ "$used" = 0 ] || [ "$missed" = 0 ] || ! grep -q "^no trampoline for $missed site" "$w/list-sum-$p.txt" ||
	   ! grep -q "$missed site(s) got no trampoline" "$w/list-$p.err" "$w/run-$p.err"; then
		echo "FAIL $p: listed $listed trampolines, made $made; used $used bytes, $missed missed"
		fails=$((fails + 1))
	fi
	echo "$p: $made trampolines, $used bytes, $missed without one"
done
[ $fails -eq 0 ]
