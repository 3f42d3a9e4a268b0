#!/bin/sh
# A hostile guest hypervisor against L0's PV nested mode (workloads/pvhostile,
# testbed config pv-hostile): its scenarios (TPIDR proxy at registration,
# SET_PAGE on bad memory, calls from vEL1 and from an L2, NV bits on a host
# without NV, native ERETs to EL0, page aliasing between vCPUs, PSCI
# CPU_OFF/ON with a page registered) must each pass, L0 must count exactly
# the invalid calls the payload predicts (pv_invalid), and L0 must survive the
# campaign and the victims without a warning, oops or KASAN/lockdep report.
#   pv-hostile.sh [--l0-kernel IMAGE] [--append ARGS] [--csv FILE] TOP OUTDIR CPU SMP ITERS [SEED]
# CPU is the emulated host CPU (max: FEAT_NV2; neoverse-n1: no FEAT_NV), SMP
# the payload's vCPUs. --csv appends the figures of the run to FILE.
set -eu
l0k="" app="" csv=""
while [ $# -gt 0 ]; do
	case $1 in
	--l0-kernel) l0k=$2; shift 2 ;;
	--append) app=$2; shift 2 ;;
	--csv) csv=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 5 ] || { echo "usage: pv-hostile.sh [--l0-kernel IMAGE] [--append ARGS] [--csv FILE] TOP OUTDIR CPU SMP ITERS [SEED]" >&2; exit 2; }
top=$1 out=$2 cpu=$3 smp=$4 n=$5 seed=${6:-}
fail() { echo "pv-hostile ($cpu, smp $smp${seed:+, seed $seed}): $*" >&2; exit 1; }
t0=$(date +%s)
PVNEST_PV_CPU=$cpu sh "$top/testbed/run.sh" ${l0k:+--l0-kernel "$l0k"} --iters "$n" \
	--l0-append "pvnest.smp=$smp${seed:+ pvnest.seed=$seed}${app:+ $app}" pv-hostile "$out" ||
	fail "the run failed (log: $out/console.log)"
log=$out/console.log
! grep -aE "WARNING:|BUG:|Oops|Unable to handle|Kernel panic|Internal error|KASAN|possible circular|inconsistent lock|sleeping function" "$log" ||
	fail "L0's kernel complained (above)"
line=$(grep -a "PVNEST HOSTILE seed=" "$log" | tr -d '\r' | tail -n 1)
[ -n "$line" ] || fail "no summary from the payload"
get() { echo "$line" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
! grep -a "PVNEST HOSTILE [a-z0-9-]* FAIL" "$log" || fail "scenarios failed (above)"
want="proxy-kept proxy-is-el2 page-magic proxy-write proxy-moved page-unaligned page-flash-ro page-mmio page-outside-ram
page-by-smc vel1-back vel1-undefs vel1-vbar vel1-currentel vel1-page nv-l2-entered nv-bits-res0 l2-pvcall
eret-el0-tge0 eret-el0-host"
[ "$smp" -ge 2 ] && want="$want alias-vcpu1 page-of-off-vcpu psci-reset tge-storm"
[ "$smp" -ge 3 ] && want="$want page-race"
[ "$smp" -ge 17 ] && want="$want alias-vcpu16"
nsc=0
for w in $want; do
	grep -aq "PVNEST HOSTILE $w ok " "$log" || fail "scenario $w did not report ok"
	nsc=$((nsc + 1))
done
stat() { awk -F, -v w="$1" '$2 == "pvhostile" && $3 == "all" && $4 == w { print $6 }' "$out/pvstat.csv"; }
pred=$(get predicted_invalid) calls=$(get campaign_calls) l0inv=$(stat pv-invalid) l0calls=$(stat pv-calls)
[ "$(get failed)" = 0 ] || fail "the payload counted $(get failed) failures"
[ "${l0inv:-x}" = "$pred" ] || fail "L0 counted ${l0inv:-no} invalid calls, the payload predicts $pred"
victims=$(grep -a "PVNEST HOSTILE victims=" "$log" | tr -d '\r' | sed -n 's/.*victims=\([0-9]*\).*/\1/p')
[ -n "$victims" ] || fail "L0 did not live through the victims"
secs=$(($(date +%s) - t0))
echo "pv-hostile ($cpu, smp $smp, seed $(get seed)): $nsc scenarios ok, $calls campaign steps, L0: $l0calls PV calls," \
	"$l0inv invalid = predicted; $victims victims, L0 unharmed ($secs s)"
[ -z "$csv" ] || echo "$cpu,$smp,$(get seed),$nsc,$calls,$l0calls,$l0inv,$pred,$victims,$secs" >> "$csv"
