#!/bin/sh
# The application suite: each workload (netperf TCP_RR/STREAM/MAERTS, Apache,
# Nginx, Memcached, MySQL, hackbench, kernbench) in each configuration of the
# emulated testbed (native = on L0 itself, vm = in L1, nested-* = in L2), the
# load generators on this host reaching the guest over virtio-net through a
# bridge at every level, inside a network namespace made here.
#   apps.sh [--configs "native vm ..."] [--workloads "..."] [--size smoke|small|full]
#           [--reps N] [--accel tcg|kvm] [--no-report] OUTDIR
# --accel kvm: on an arm64 host with KVM, which is then L0 (docs/apps.md).
# Resumable: a rerun with the same OUTDIR skips what is done (one CSV per
# configuration, workload and repetition under OUTDIR/CONFIG/items) and boots
# a configuration only if something of it is missing. Results: OUTDIR/apps.csv,
# OUTDIR/apps-traps.csv (traps per nested exit over each workload, from L0's
# counters), provenance.json, and report.md with the figures (bench/apps-report.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
. "${PVNEST_CONF:-$top/pvnest.conf}"
# Every workload of the table unless pvnest.conf names some.
known=$(sh "$top/workloads/apps/workload.sh" --names | tr '\n' ' ') && [ -n "$known" ] ||
	{ echo "apps.sh: cannot read workloads/apps/workloads.txt" >&2; exit 1; }
known=${known% }
configs=$APPS_CONFIGS workloads=${APPS_WORKLOADS:-$known} size=small reps=$APPS_REPS report=1 accel=tcg
while [ $# -gt 0 ]; do
	case $1 in
	--configs) configs=$2; shift ;;
	--workloads) workloads=$2; shift ;;
	--size) size=$2; shift ;;
	--reps) reps=$2; shift ;;
	--accel) accel=$2; shift ;;
	--no-report) report=0 ;;
	-*) echo "apps.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
out=${1:?usage: apps.sh [--configs LIST] [--workloads LIST] [--size smoke|small|full] [--reps N] OUTDIR}
case $size in smoke | small | full) ;; *) echo "apps.sh: --size is smoke, small or full" >&2; exit 2 ;; esac
case $reps in '' | *[!0-9]* | 0) echo "apps.sh: --reps needs a positive number" >&2; exit 2 ;; esac
for w in $workloads; do
	case " $known " in *" $w "*) ;; *) echo "apps.sh: unknown workload $w (known: $known; workloads/apps/workloads.txt)" >&2; exit 2 ;; esac
done
[ "$(id -u)" -eq 0 ] || { echo "apps.sh: needs root (network namespace, tap device)" >&2; exit 1; }
command -v ip >/dev/null || { echo "apps.sh: needs iproute2 (ip)" >&2; exit 1; }
sh "$top/scripts/deps-bench.sh"
img=$(sh "$top/workloads/rootfs/build-rootfs.sh")
mkdir -p "$out"
out=$(cd "$out" && pwd)
t_suite=$(date +%s)
echo "[apps] configurations: $configs; workloads: $workloads; size $size, $reps repetitions; $out"

# All result rows, in the order of the configurations and workloads asked for.
collect() {
	echo "config,workload,size,rep,metric,value,unit,better,wall_s" > "$out/apps.csv.tmp"
	echo "config,workload,size,rep,cause,what,name,count,per_nested_exit" > "$out/apps-traps.csv.tmp"
	for cc in $configs; do
		r=1
		while [ $r -le "$reps" ]; do
			for ww in $workloads; do
				f=$out/$cc/items/$ww-rep$r
				[ -f "$f.csv" ] && cat "$f.csv" >> "$out/apps.csv.tmp"
				[ -f "$f.traps.csv" ] && cat "$f.traps.csv" >> "$out/apps-traps.csv.tmp"
			done
			r=$((r + 1))
		done
	done
	mv "$out/apps.csv.tmp" "$out/apps.csv"
	mv "$out/apps-traps.csv.tmp" "$out/apps-traps.csv"
}
missing() {	# CONFIG -> how many items are not done
	m=0 r=1
	while [ $r -le "$reps" ]; do
		for ww in $workloads; do [ -f "$out/$1/items/$ww-rep$r.csv" ] || m=$((m + 1)); done
		r=$((r + 1))
	done
	echo $m
}

ns=""
cleanup() { [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null; ns=""; }
trap 'cleanup' EXIT
trap 'cleanup; exit 130' INT TERM
i=0 nconf=$(echo $configs | wc -w)
for c in $configs; do
	i=$((i + 1))
	m=$(missing "$c")
	if [ "$m" = 0 ]; then echo "[apps] $c ($i/$nconf): done earlier"; continue; fi
	boot=1
	while [ -d "$out/$c/boot-$boot" ]; do boot=$((boot + 1)); done
	echo "[apps] $c ($i/$nconf): $m items to run, boot $boot, suite elapsed $((($(date +%s) - t_suite) / 60)) min"
	# The host end of the guest network: a tap in a namespace of our own,
	# where the emulated machine and the load generators run.
	ns=pvnest-apps-$$
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" tuntap add dev pvtap0 mode tap
	ip -n "$ns" addr add 10.77.0.1/24 dev pvtap0
	ip -n "$ns" link set pvtap0 up
	t0=$(date +%s)
	rc=0
	ip netns exec "$ns" env PVNEST_APPS_IMAGE="$img" PVNEST_TAP=pvtap0 \
		sh "$top/testbed/run.sh" --accel $accel --apps "sh '$top/bench/apps-drive.sh' $c $size $reps '$out/$c/items' $workloads" \
		"$c" "$out/$c/boot-$boot" || rc=$?
	echo "$c boot-$boot $(($(date +%s) - t0)) rc=$rc" >> "$out/wall.txt"
	cleanup
	collect
	[ $rc = 0 ] || echo "[apps] $c: the run failed (rc $rc): $out/$c/boot-$boot/console.log; what finished is kept"
done
collect
t_end=$(date +%s)
kernel=$(sh "$top/scripts/fetch-kernel.sh")
sh "$top/scripts/provenance.sh" "$out/provenance.json" suite=apps accel="$accel" size="$size" reps:=$reps \
	configs="$configs" workloads="$workloads" wall_seconds_this_invocation:=$((t_end - t_suite)) \
	wall_seconds_per_boot="$(awk '{ printf "%s%s %s=%s", s, $1, $2, $3; s = ";" }' "$out/wall.txt" 2>/dev/null)" \
	workload_image="$(basename "$img")" workload_table_sha256="$(sha256sum < "$top/workloads/apps/workloads.txt" | cut -d' ' -f1)" \
	workload_image_sha256="$(sed -n "s/^sha256 \([0-9a-f]*\) .*/\1/p" "$(dirname "$img")/manifest.txt" | head -n1)" \
	kernel="$(cut -d' ' -f1,2 "$(dirname "$kernel")/source.txt")" pins:="$(sh "$top/scripts/provenance-pins.sh" "$kernel")"
cp "$(dirname "$img")/manifest.txt" "$out/workload-image-manifest.txt"
n_ok=$(tail -n +2 "$out/apps.csv" | cut -d, -f1,2,4 | sort -u | wc -l)
n_fail=$(ls "$out"/*/items/*.failed 2>/dev/null | wc -l)
echo "[apps] done in $(((t_end - t_suite) / 60)) min: $n_ok workload runs with results, $n_fail failed; $out/apps.csv"
if [ $report = 1 ] && [ -f "$top/bench/apps-report.sh" ]; then
	sh "$top/bench/apps-report.sh" "$out"
fi
[ "$n_fail" = 0 ]
