#!/bin/sh
# The micro-benchmark suite on the emulated testbed, with pvnest's L0 kernel:
# the benchmarks as a direct guest of L0 (vm) and as L2 under a stock L1 on
# architected NV2 (nested-nv2); traps per nested exit from L0's own counters
# (pvstat). Prints the table, writes the figure.
#   microbench.sh [--quick] OUTDIR
# --quick: one nested-nv2 run with few iterations (the smoke test).
set -eu
quick=0
[ "${1:-}" = --quick ] && { quick=1; shift; }
out=${1:?usage: microbench.sh [--quick] OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
t0=$(date +%s)
if [ $quick = 1 ]; then
	echo "== nested-nv2 (smoke: 20 iterations)"
	sh "$top/testbed/run.sh" --iters 20 nested-nv2 "$out/nested-nv2"
	# The hypercalls must show up as 20 nested exits with traps in L0's
	# counters, and the benchmark must have run as L2 and reported a time.
	awk -F, '$2 == "hvc" && $3 == "HVC64" && $4 == "nested-exits" && $6 == 20 { n = 1 }
		$2 == "hvc" && $3 == "HVC64" && $4 == "traps" && $7 >= 1 { t = 1 } END { exit !(n && t) }' \
		"$out/nested-nv2/pvstat.csv" || { echo "microbench: L0 does not count 20 nested hypercalls with traps"; exit 1; }
	awk -F, '$2 == "hvc" && $3 == 20 && $4 > 0 { ok = 1 } END { exit !ok }' "$out/nested-nv2/microbench.csv" ||
		{ echo "microbench: no hypercall result from L2"; exit 1; }
	! grep -q ',no$' "$out/nested-nv2/statsfd_vs_debugfs.csv" || { echo "microbench: stats fd != debugfs"; exit 1; }
	grep -q "PVNEST L1 UP" "$out/nested-nv2/console.log" && grep -q "PVNEST BENCH UP" "$out/nested-nv2/console.log"
	echo "smoke: three levels booted, L2 hypercall: $(awk -F, '$2 == "hvc" {print $6}' "$out/nested-nv2/microbench.csv") ticks/op," \
		"$(awk -F, '$2 == "hvc" && $3 == "HVC64" && $4 == "traps" {print $7}' "$out/nested-nv2/pvstat.csv") traps per nested hypercall (L0 counters)"
	exit 0
fi
echo "== [1/2] vm: benchmarks as a direct guest of L0"
sh "$top/testbed/run.sh" vm "$out/vm"
echo "== [2/2] nested-nv2: benchmarks as L2; traps per nested exit from L0's counters"
sh "$top/testbed/run.sh" nested-nv2 "$out/nested-nv2"
awk -v out="$out" -f "$top/testbed/summarize.awk" "$out/vm/microbench.csv" "$out/nested-nv2/microbench.csv" \
	"$out/nested-nv2/pvstat.csv"
# The same table as JSON, with each configuration's provenance.
jq -R -s --slurpfile vm "$out/vm/provenance.json" --slurpfile nv2 "$out/nested-nv2/provenance.json" '
	split("\n") | map(select(length > 0) | split(",")) | .[0] as $h | .[1:] |
	{ results: map([$h, .] | transpose | map({(.[0]): .[1]}) | add),
	  provenance: { vm: $vm[0], "nested-nv2": $nv2[0] } }' \
	"$out/summary.csv" > "$out/summary.json"
(cd "$out" && gnuplot -e "data='traps-by-class.dat'; out='traps-per-exit'" "$top/plots/traps-per-exit.gp")
echo
echo "Micro-benchmarks (CNTVCT ticks per operation; TCG: times of the emulated machine)"
column -s, -t < "$out/summary.csv" 2>/dev/null || cat "$out/summary.csv"
echo
echo "figure: $out/traps-per-exit.{pdf,png,svg}; whole suite: $(($(date +%s) - t0)) s"
