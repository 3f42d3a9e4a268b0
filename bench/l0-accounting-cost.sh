#!/bin/sh
# What does the nested-exit accounting cost? The micro-benchmarks as L2 on
# pvnest's L0 with the accounting on and off (pvnest.nv_acct=0), untraced,
# in one run; ticks per operation and the on/off ratio per benchmark.
#   l0-accounting-cost.sh OUTDIR [ITERS]
set -eu
out=${1:?usage: l0-accounting-cost.sh OUTDIR [ITERS]} iters=${2:-1000}
top=$(cd "$(dirname "$0")/.." && pwd)
l0=$(sh "$top/hypervisor/build-l0.sh")
mkdir -p "$out"
echo "== accounting on"
sh "$top/testbed/run.sh" --iters "$iters" --l0-kernel "$l0" nested-nv2 "$out/on"
echo "== accounting off (pvnest.nv_acct=0)"
sh "$top/testbed/run.sh" --iters "$iters" --l0-kernel "$l0" --l0-append pvnest.nv_acct=0 nested-nv2 "$out/off"
grep -q 'PVNEST NV bench=' "$out/off/console.log" && grep -q 'exits hvc' "$out/off/nested_traps-hvc.txt" &&
	{ echo "accounting was not off"; exit 1; }
awk -F, 'FNR == 1 { next } FILENAME ~ /\/on\// { on[$2] = $6; next } { off[$2] = $6; order[++n] = $2 }
	END { print "bench,ticks_per_op_on,ticks_per_op_off,on_over_off"
	      for (i = 1; i <= n; i++) { b = order[i]; printf "%s,%s,%s,%.3f\n", b, on[b], off[b], (off[b] > 0 ? on[b] / off[b] : 0) } }' \
	"$out/on/microbench.csv" "$out/off/microbench.csv" > "$out/cost.csv"
cat "$out/cost.csv"
