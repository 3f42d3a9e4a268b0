#!/bin/sh
# What does the nested-exit accounting cost? The micro-benchmarks as L2 on
# pvnest's L0 with the accounting on and off (pvnest.nv_acct=0), untraced,
# alternating on/off REPS times in one session; per benchmark the median,
# min and max ticks per operation of each, and the ratio of the medians.
#   l0-accounting-cost.sh OUTDIR [ITERS] [REPS]
# REPS=0 only summarizes OUTDIR/runs.csv again.
set -eu
out=${1:?usage: l0-accounting-cost.sh OUTDIR [ITERS] [REPS]} iters=${2:-1000} reps=${3:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
# One L0 Image for every run, resolved once.
[ "$reps" -gt 0 ] && l0=$(sh "$top/hypervisor/build-l0.sh") && echo "config,rep,bench,ticks_per_op" > "$out/runs.csv"
r=1
while [ $r -le "$reps" ]; do
	for mode in on off; do
		echo "== rep $r/$reps: accounting $mode"
		append=""; [ $mode = off ] && append=pvnest.nv_acct=0
		sh "$top/testbed/run.sh" --iters "$iters" --l0-kernel "$l0" ${append:+--l0-append $append} nested-nv2 "$out/$mode-$r"
		if [ $mode = off ] && grep -q 'exits hvc' "$out/off-$r/nested_traps-hvc.txt" 2>/dev/null; then
			echo "l0-accounting-cost: the accounting was not off"; exit 1
		fi
		awk -F, -v m=$mode -v r=$r 'NR > 1 { print m "," r "," $2 "," $6 }' "$out/$mode-$r/microbench.csv" >> "$out/runs.csv"
	done
	r=$((r + 1))
done
# Median (lower middle for even counts), min, max per (bench, mode).
sort -t, -k3,3 -k1,1 -k4,4g "$out/runs.csv" | awk -F, '
	$1 == "config" { next }
	{ k = $3 "," $1; v[k, ++n[k]] = $4; if (!($3 in seen)) { seen[$3] = 1; order[++nb] = $3 } }
	function med(k) { return v[k, int((n[k] + 1) / 2)] }
	END { print "bench,median_on,min_on,max_on,median_off,min_off,max_off,on_over_off,runs_each"
	      for (i = 1; i <= nb; i++) { b = order[i]; on = b ",on"; off = b ",off"
		printf "%s,%s,%s,%s,%s,%s,%s,%.3f,%d\n", b, med(on), v[on, 1], v[on, n[on]], med(off), v[off, 1],
			v[off, n[off]], (med(off) > 0 ? med(on) / med(off) : 0), n[on] } }' > "$out/cost.csv"
column -s, -t < "$out/cost.csv" 2>/dev/null || cat "$out/cost.csv"
