#!/bin/sh
# The micro-benchmark suite on the emulated testbed, with pvnest's L0 kernel:
# the benchmarks as a direct guest of L0 (vm), as L2 under a stock L1 on
# architected NV2 (nested-nv2) and under the L1 rewritten for each profile in
# L0's PV mode (nested-pv-*); traps per nested exit from L0's own counters
# (pvstat). Prints the table, draws the figures. PVNEST_CONFIGS="vm ..."
# picks the configurations.
#   microbench.sh [--summarize] [--quick [CONFIG]] OUTDIR
# --quick: one run (nested-nv2, or CONFIG) with few iterations (the smoke test).
# --summarize: no runs; the table and figures again from the runs in OUTDIR.
set -eu
quick=0 qconfig=nested-nv2 runs=1
if [ "${1:-}" = --summarize ]; then runs=0; shift; fi
if [ "${1:-}" = --quick ]; then
	quick=1; shift
	case ${1:-} in nested-*) qconfig=$1; shift ;; esac
fi
out=${1:?usage: microbench.sh [--quick [CONFIG]] OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
. "${PVNEST_CONF:-$top/pvnest.conf}"
# Every result of this run names the commit it began at.
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
mkdir -p "$out"
t0=$(date +%s)
if [ $quick = 1 ]; then
	r=$out/$qconfig
	echo "== $qconfig (smoke: 20 iterations)"
	sh "$top/testbed/run.sh" --iters 20 "$qconfig" "$r"
	# The hypercalls must show up as 20 nested exits with traps in L0's
	# counters, and the benchmark must have run as L2 and reported a time.
	awk -F, '$2 == "hvc" && $3 == "HVC64" && $4 == "nested-exits" && $6 == 20 { n = 1 }
		$2 == "hvc" && $3 == "HVC64" && $4 == "traps" && $7 >= 1 { t = 1 } END { exit !(n && t) }' \
		"$r/pvstat.csv" || { echo "microbench: L0 does not count 20 nested hypercalls with traps"; exit 1; }
	awk -F, '$2 == "hvc" && $3 == 20 && $4 > 0 { ok = 1 } END { exit !ok }' "$r/microbench.csv" ||
		{ echo "microbench: no hypercall result from L2"; exit 1; }
	! grep -q ',no$' "$r/statsfd_vs_debugfs.csv" || { echo "microbench: stats fd != debugfs"; exit 1; }
	grep -q "PVNEST L1 UP" "$r/console.log" && grep -q "PVNEST BENCH UP" "$r/console.log"
	case $qconfig in nested-pv-*)
		# PV mode: the rewritten L1's calls were decoded, none was invalid.
		awk -F, '$2 == "hvc" && $4 == "pv-calls" && $6 > 0 { c = 1 } $2 == "hvc" && $4 == "pv-invalid" && $6 == 0 { v = 1 }
			END { exit !(c && v) }' "$r/pvstat.csv" || { echo "microbench: PV calls missing or invalid"; exit 1; } ;;
	esac
	echo "smoke: three levels booted ($qconfig), L2 hypercall: $(awk -F, '$2 == "hvc" {print $6}' "$r/microbench.csv") ticks/op," \
		"$(awk -F, '$2 == "hvc" && $3 == "HVC64" && $4 == "traps" {print $7}' "$r/pvstat.csv") traps per nested hypercall (L0 counters)"
	exit 0
fi
# The configurations, in the order of the table and the figures: a VM, L2
# on architected NV2, and L2 under the L1 kernel rewritten for each profile
# on L0's PV mode (a host whose NV the L0 does not use).
configs=${PVNEST_CONFIGS:-"vm nested-nv2 $(for p in $PV_PROFILES; do printf 'nested-pv-%s ' "$p"; done)"}
n=$(echo $configs | wc -w) i=0 failed=""
for c in $configs; do
	i=$((i + 1))
	if [ $runs = 0 ]; then	# --summarize: the runs already in OUTDIR
		[ -f "$out/$c/microbench.csv" ] || failed="$failed $c"
		continue
	fi
	echo "== [$i/$n] $c ($(($(date +%s) - t0)) s so far)"
	sh "$top/testbed/run.sh" "$c" "$out/$c" || failed="$failed $c"
done
ok=""
for c in $configs; do case " $failed " in *" $c "*) ;; *) ok="$ok $c" ;; esac; done
mbs="" pvs="" prov=""
for c in $ok; do
	mbs="$mbs $out/$c/microbench.csv"
	[ -f "$out/$c/pvstat.csv" ] && pvs="$pvs $out/$c/pvstat.csv"
	prov="$prov $out/$c/provenance.json"
done
# shellcheck disable=SC2086
awk -v out="$out" -f "$top/testbed/summarize.awk" $mbs $pvs
# The same table as JSON, with each configuration's provenance.
# shellcheck disable=SC2086
jq -R -s --argjson prov "$(jq -s 'map({(.config): .}) | add' $prov)" -f "$top/testbed/summary.jq" \
	"$out/summary.csv" > "$out/summary.json"
(cd "$out" && gnuplot -e "data='traps-by-class.dat'; out='traps-per-exit'" "$top/plots/traps-per-exit.gp" &&
	gnuplot -e "data='overhead.dat'; out='overhead'" "$top/plots/overhead.gp")
echo
echo "Micro-benchmarks (CNTVCT ticks per operation; TCG: times of the emulated machine)"
column -s, -t < "$out/summary.csv" 2>/dev/null || cat "$out/summary.csv"
echo
echo "figures: $out/{traps-per-exit,overhead}.{pdf,png,svg}; whole suite: $(($(date +%s) - t0)) s"
if [ -n "$failed" ]; then
	echo "microbench: failed:$failed (partial results and logs under $out)" >&2
	exit 1
fi
