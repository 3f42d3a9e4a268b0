#!/bin/sh
# The micro-benchmark suite on the emulated testbed: the benchmarks as a
# direct guest of L0 (vm) and as L2 under a stock L1 on architected NV2
# (nested-nv2), timed without tracing; then nested-nv2 again with L0's trace
# for the traps per nested exit. Prints the table, writes the figure.
#   microbench.sh [--quick] OUTDIR
# --quick: one untraced nested-nv2 run with few iterations (the smoke test).
set -eu
quick=0
[ "${1:-}" = --quick ] && { quick=1; shift; }
out=${1:?usage: microbench.sh [--quick] OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
t0=$(date +%s)
if [ $quick = 1 ]; then
	echo "== nested-nv2 (smoke: 20 iterations, traced)"
	sh "$top/testbed/run.sh" --trace --iters 20 nested-nv2 "$out/nested-nv2"
	# The trace and KVM's debugfs counter must see the same exits, and the
	# hypercalls must show up as nested exits with traps.
	awk -F, 'NR > 1 && ($5 != 0 || $4 == "") { bad = 1; print "exit counts differ:", $0 } END { exit bad || NR < 2 }' \
		"$out/nested-nv2/exits_crosscheck.csv" || { echo "microbench: trace/debugfs cross-check failed"; exit 1; }
	awk -F, '$2 == "hvc" && $3 == "HVC64" && $4 > 0 && $6 >= 1 { ok = 1 } END { exit !ok }' "$out/nested-nv2/traps.csv" ||
		{ echo "microbench: no traps per nested hypercall in the trace"; exit 1; }
	# The hypercall benchmark must have run as L2 and reported a time.
	awk -F, '$2 == "hvc" && $3 == 20 && $4 > 0 { ok = 1 } END { exit !ok }' "$out/nested-nv2/microbench.csv" ||
		{ echo "microbench: no hypercall result from L2"; exit 1; }
	grep -q "PVNEST L1 UP" "$out/nested-nv2/console.log" && grep -q "PVNEST BENCH UP" "$out/nested-nv2/console.log"
	echo "smoke: three levels booted, L2 hypercall: $(awk -F, '$2 == "hvc" {print $6}' "$out/nested-nv2/microbench.csv") ticks/op," \
		"$(awk -F, '$2 == "hvc" && $3 == "HVC64" {print $6}' "$out/nested-nv2/traps.csv") traps per nested hypercall; trace = debugfs"
	exit 0
fi
echo "== [1/3] vm: benchmarks as a direct guest of L0"
sh "$top/testbed/run.sh" vm "$out/vm"
echo "== [2/3] nested-nv2: benchmarks as L2, timed"
sh "$top/testbed/run.sh" nested-nv2 "$out/nested-nv2"
echo "== [3/3] nested-nv2: traps per nested exit from L0's trace"
sh "$top/testbed/run.sh" --trace --iters 200 nested-nv2 "$out/nested-nv2-trace"
awk -v out="$out" -f "$top/testbed/summarize.awk" "$out/vm/microbench.csv" "$out/nested-nv2/microbench.csv" \
	"$out/nested-nv2-trace/traps.csv" "$out/nested-nv2-trace/traps_by_cause.csv"
# The same table as JSON, with each configuration's provenance.
jq -R -s --slurpfile vm "$out/vm/provenance.json" --slurpfile nv2 "$out/nested-nv2/provenance.json" \
	--slurpfile tr "$out/nested-nv2-trace/provenance.json" '
	split("\n") | map(select(length > 0) | split(",")) | .[0] as $h | .[1:] |
	{ results: map([$h, .] | transpose | map({(.[0]): .[1]}) | add),
	  provenance: { vm: $vm[0], "nested-nv2": $nv2[0], "nested-nv2-trace": $tr[0] } }' \
	"$out/summary.csv" > "$out/summary.json"
(cd "$out" && gnuplot -e "data='traps-by-class.dat'; out='traps-per-exit'" "$top/plots/traps-per-exit.gp")
echo
echo "Micro-benchmarks (CNTVCT ticks per operation; TCG: times of the emulated machine)"
column -s, -t < "$out/summary.csv" 2>/dev/null || cat "$out/summary.csv"
echo
echo "figure: $out/traps-per-exit.{pdf,png,svg}; whole suite: $(($(date +%s) - t0)) s"
