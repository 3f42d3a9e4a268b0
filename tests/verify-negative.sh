#!/bin/sh
# The verifier refuses what was not planned: pvrewrite damages, after
# emitting (PVREWRITE_TEST_CORRUPT, test only), one trampoline word, one
# pv_page word or one site's register, keeping the mnemonic so that only the
# full encoding or the exact planned register tells. Each must fail
# verification with a non-zero exit and no output; the same run without the
# damage must pass. Relocatable object and kernel-shaped ELF.
#   verify-negative.sh PVREWRITE WORKDIR
set -eu
pv=$1 w=$2
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
as_() { clang --target=aarch64-linux-gnu -march=armv8.4-a -c "$src/asm/$1.S" -o "$w/$1.o"; }
as_ sites; as_ head; as_ alts
ld.lld -T "$src/asm/kernel.lds" "$w/head.o" "$w/sites.o" "$w/alts.o" -o "$w/kernel.elf"
fails=0 n=0
for input in sites.o kernel.elf; do
	n=$((n + 1))
	if ! "$pv" -p nv2 -o "$w/good" "$w/$input" > /dev/null 2> "$w/err"; then
		echo "FAIL $input: undamaged rewrite refused: $(cat "$w/err")"; fails=$((fails + 1))
	fi
	for c in tramp page register; do
		n=$((n + 1))
		case $c in
		tramp)		msg="trampoline word 2 is" ;;
		page)		msg="pv_page word 2 is" ;;
		register)	msg="expected an MRS/MSR of the planned register" ;;
		esac
		rm -f "$w/out"
		rc=0; PVREWRITE_TEST_CORRUPT=$c "$pv" -p nv2 -o "$w/out" "$w/$input" > /dev/null 2> "$w/err" || rc=$?
		if [ $rc -eq 0 ]; then
			echo "FAIL $input $c: damaged output accepted"; fails=$((fails + 1))
		elif ! grep -q "verify: site .*$msg" "$w/err" || ! grep -q "verification failed" "$w/err"; then
			echo "FAIL $input $c: exit $rc, message: $(cat "$w/err")"; fails=$((fails + 1))
		elif [ -e "$w/out" ]; then
			echo "FAIL $input $c: output written"; fails=$((fails + 1))
		fi
	done
done
echo "verify: $((n - fails)) of $n checks (2 clean rewrites pass, 6 damaged ones are refused)"
[ $fails -eq 0 ]
