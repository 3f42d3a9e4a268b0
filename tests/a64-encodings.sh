#!/bin/sh
# The instruction helpers of rewriter/a64.h against LLVM's assembler: each
# helper's word must be what llvm-mc encodes for the same instruction.
#   a64-encodings.sh A64_DUMP
set -eu
dump=$1
n=0 bad=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$dump" > "$tmp/rows"
while IFS='	' read -r word asm; do
	n=$((n + 1))
	enc=$(echo "$asm" | llvm-mc -triple=aarch64 -show-encoding 2>&1 |
		sed -n 's/.*encoding: \[0x\(..\),0x\(..\),0x\(..\),0x\(..\)\].*/\4\3\2\1/p')
	if [ "$enc" != "$word" ]; then
		echo "MISMATCH $asm: a64.h $word, llvm-mc ${enc:-(none)}"
		bad=$((bad + 1))
	fi
done < "$tmp/rows"
[ "$n" -ge 20 ] || { echo "only $n helpers dumped"; exit 1; }
echo "a64.h: $((n - bad)) of $n helper encodings equal llvm-mc's"
[ "$bad" -eq 0 ]
