#!/bin/sh
# A kernel-shaped ELF (kernel.lds, head.S) whose .text is N `mrs xR, hcr_el2`
# sites (each memory-redirected under neve/nv2: one trampoline each) and a
# ret, to fill the trampoline space. --hyp adds one instruction of
# .hyp.text, so that the padding after the sites is a gap before a
# page-aligned section instead of part of the _etext tail. OBJ... are linked
# after the sites. Writes WORKDIR/kernel.elf.
#   many-sites.sh N WORKDIR [--hyp] [OBJ...]
set -eu
n=$1 w=$2; shift 2
hyp=0; [ "${1:-}" = --hyp ] && { hyp=1; shift; }
src=$(cd "$(dirname "$0")" && pwd)
cc="clang --target=aarch64-linux-gnu -march=armv8.4-a -c"
$cc "$src/head.S" -o "$w/head.o"
awk -v n="$n" -v hyp=$hyp 'BEGIN {
	print "\t.text\n\t.globl _stext\n_stext:"
	for (i = 0; i < n; i++) print "\tmrs x" i % 15 ", hcr_el2"
	print "\tret"
	if (hyp) print "\t.section .hyp.text,\"ax\"\n\tret"
}' > "$w/many.S"
$cc "$w/many.S" -o "$w/many.o"
ld.lld -T "$src/kernel.lds" "$w/head.o" "$w/many.o" "$@" -o "$w/kernel.elf"
