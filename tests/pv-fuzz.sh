#!/bin/sh
# A hostile guest hypervisor against L0's PV nested mode: the PV-call fuzzer
# (workloads/pvfuzz) runs at virtual EL2 and issues CALLS random PV calls.
# L0 must inject an UNDEF at every call the ABI makes invalid and count each
# one (pv_invalid equals the fuzzer's prediction, no invalid call missed),
# count every call, and go on running: no kernel warning, clean shutdown.
#   pv-fuzz.sh TOP OUTDIR [CALLS] [SEED]
set -eu
top=$1 out=$2 n=${3:-5000} seed=${4:-}
fail() { echo "pv-fuzz: $*" >&2; exit 1; }
sh "$top/testbed/run.sh" --iters "$n" ${seed:+--l0-append pvnest.seed=$seed} pv-fuzz "$out" ||
	fail "the run failed (log: $out/console.log)"
line=$(grep -a "PVNEST FUZZ " "$out/console.log" | tr -d '\r' | tail -n 1)
[ -n "$line" ] || fail "no summary from the fuzzer"
get() { echo "$line" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
stat() { awk -F, -v w="$1" '$2 == "pvfuzz" && $3 == "all" && $4 == w { print $6 }' "$out/pvstat.csv"; }
calls=$(get calls) pred=$(get predicted_invalid) missed=$(get missed_undef) exc=$(get exceptions)
l0calls=$(stat pv-calls) l0inv=$(stat pv-invalid)
echo "pv-fuzz: $line"
echo "pv-fuzz: L0 counted $l0calls PV calls, $l0inv invalid"
[ "$calls" -ge "$n" ] || fail "only $calls of $n calls made (time limit?)"
[ "$pred" -gt 0 ] || fail "no invalid call tried"
[ "$missed" -eq 0 ] || fail "$missed invalid calls got no UNDEF (first: $(get first_missed))"
[ "${l0inv:-x}" = "$pred" ] || fail "L0 counted ${l0inv:-no} invalid calls, the ABI makes $pred invalid"
# Every call, and the PV ERET each exception handler returns with.
[ "${l0calls:-x}" = "$((calls + exc))" ] || fail "L0 counted ${l0calls:-no} PV calls, the fuzzer made $((calls + exc))"
! grep -aE "WARNING:|BUG:|Oops|Unable to handle|Kernel panic" "$out/console.log" ||
	fail "L0's kernel complained (above)"
echo "pv-fuzz: $calls calls ($pred invalid, each with its UNDEF and counted), L0 unharmed"
