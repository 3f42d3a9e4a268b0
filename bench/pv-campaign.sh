#!/bin/sh
# The hostile-guest campaign against L0's PV nested mode: tests/pv-hostile.sh
# (scenarios, random campaign, victims) for every host CPU x vCPU count x
# round, on the debug variant of pvnest's L0 (KASAN, lockdep:
# hypervisor/l0-debug.config) booted with panic_on_warn=1, so any warning a
# guest provokes stops L0 and fails its run. Each round has its own seed.
#   pv-campaign.sh [--rounds R] [--iters N] [--cpus "CPU..."] [--smp "N..."] OUTDIR
# Defaults: 3 rounds, 1000 campaign steps, CPUs max (FEAT_NV2) and
# neoverse-n1 (no FEAT_NV), 2 and 17 vCPUs. OUTDIR gets campaign.csv (one row
# per run), runs/ (each run's logs) and provenance.json. Exit 1 if a run failed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
rounds=3 iters=1000 cpus="max neoverse-n1" smps="2 17"
while [ $# -gt 1 ]; do
	case $1 in
	--rounds) rounds=$2 ;;
	--iters) iters=$2 ;;
	--cpus) cpus=$2 ;;
	--smp) smps=$2 ;;
	*) echo "pv-campaign: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done
[ $# -eq 1 ] || { echo "usage: pv-campaign.sh [--rounds R] [--iters N] [--cpus \"CPU...\"] [--smp \"N...\"] OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out/runs"
l0=$(PVNEST_L0_VARIANT=debug sh "$top/hypervisor/build-l0.sh")
csv=$out/campaign.csv
echo "cpu,smp,seed,scenarios_ok,campaign_steps,l0_pv_calls,l0_pv_invalid,predicted_invalid,victims,seconds" > "$csv"
total=0
for c in $cpus; do for s in $smps; do total=$((total + rounds)); done; done
k=0 failed=0 t0=$(date +%s)
for c in $cpus; do
	for s in $smps; do
		r=1
		while [ $r -le "$rounds" ]; do
			k=$((k + 1))
			seed=$((r * 1000 + s))
			el=$(($(date +%s) - t0))
			left=""; [ $k -gt 1 ] && left=", ~$((el * (total - k + 1) / (k - 1) / 60)) min left"
			echo "pv-campaign: [$k/$total] cpu $c, smp $s, round $r, seed $seed (${el} s$left)" >&2
			sh "$top/tests/pv-hostile.sh" --l0-kernel "$l0" --append panic_on_warn=1 --csv "$csv" \
				"$top" "$out/runs/$c-smp$s-r$r" "$c" "$s" "$iters" "$seed" || failed=$((failed + 1))
			r=$((r + 1))
		done
	done
done
runs=$(($(wc -l < "$csv") - 1))
sum() { awk -F, -v c="$1" 'NR > 1 { s += $c } END { print s + 0 }' "$csv"; }
echo "pv-campaign: $runs of $total runs passed ($failed failed): $(sum 4) scenarios, $(sum 5) campaign steps," \
	"$(sum 6) PV calls ($(sum 7) invalid, as predicted), $(sum 9) victims, in $(($(date +%s) - t0)) s"
sh "$top/scripts/provenance.sh" "$out/provenance.json" bench=pv-campaign rounds:="$rounds" iters:="$iters" \
	cpus="$cpus" smp="$smps" runs:="$total" passed:="$runs" failed:="$failed" \
	l0_image_sha256="$(sha256sum "$l0" | cut -d' ' -f1)" l0_variant=debug l0_append=panic_on_warn=1 \
	checks="per run (tests/pv-hostile.sh): every scenario ok, L0 pv_invalid = predicted, victims survived, no WARNING/BUG/Oops/KASAN/lockdep line on L0's console"
[ "$failed" = 0 ]
