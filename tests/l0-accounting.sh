#!/bin/sh
# pvnest's own L0 (hypervisor/build-l0.sh: Debian's 7.2 source + our patch
# series) boots as the testbed's host hypervisor, and its in-kernel counters
# agree with L0's tracefs over the same benchmark windows: N hypercalls of
# L2 are N nested exits, and every (benchmark, cause) has the same number of
# nested exits and traps in both sources. The same counters read through
# KVM's binary stats fd (kvmstats) and the kvm_nested_exit_done tracepoint
# agree too.
#   l0-accounting.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2
rm -rf "$w"
n=20
sh "$top/testbed/run.sh" --trace --iters $n nested-nv2 "$w"
grep -q '"l0_kernel": "pvnest"' "$w/provenance.json" || { echo "provenance does not record our L0"; exit 1; }
# The release L0 reports is the one of the source it was built from (the
# pinned linux-source, or its successor: build-l0.sh's manifest says which).
manifest=$(dirname "$(sh "$top/hypervisor/build-l0.sh")")/manifest.txt
rel=$(sed -n 's/^source [^ ]* \([^-]*\)-.*/\1/p' "$manifest")
[ -n "$rel" ] || { echo "no source version in $manifest"; exit 1; }
grep -aq "kernel=$rel-pvnest" "$w/console.log" || { echo "L0 is not pvnest's kernel $rel-pvnest"; exit 1; }
awk -F, -v n=$n '$1 == "hvc" && $2 == "HVC64" && $3 == n { ok = 1 } END { exit !ok }' "$w/counters_vs_trace.csv" ||
	{ echo "the counters do not report $n nested hypercalls:"; cat "$w/counters_vs_trace.csv"; exit 1; }
if grep -q ',no$' "$w/counters_vs_trace.csv"; then
	echo "counters and trace disagree:"; cat "$w/counters_vs_trace.csv"; exit 1
fi
for f in statsfd_vs_debugfs tracepoint_check; do
	[ "$(wc -l < "$w/$f.csv")" -ge 2 ] || { echo "$f.csv is empty"; exit 1; }
	! grep -q ',no$' "$w/$f.csv" || { echo "$f disagrees:"; cat "$w/$f.csv"; exit 1; }
done
# (The stats fd has totals over every cause: the hvc window also holds the
# timer interrupts L1 handles, so it is compared with debugfs, not with n.)
rows=$(($(wc -l < "$w/counters_vs_trace.csv") - 1))
echo "L0 counters = tracefs for all $rows (benchmark, cause) pairs; $n hypercalls = $n nested exits," \
	"$(awk -F, '$1 == "hvc" && $2 == "HVC64" {printf "%.2f", $5 / $3}' "$w/counters_vs_trace.csv") traps each;" \
	"stats fd = debugfs and tracepoint = trace in $(($(wc -l < "$w/statsfd_vs_debugfs.csv") - 1)) windows"
