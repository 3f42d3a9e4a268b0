#!/bin/sh
# Level driver: boot the emulated host hypervisor (L0) under QEMU TCG, let it
# start the guest hypervisor (L1) and the micro-benchmarks inside (L2), follow
# the consoles without human input, and keep logs and results.
#   run.sh [--trace] [--iters N] [--l0-kernel pvnest|stock|IMAGE] [--l2 bench|linux] [--accel tcg|kvm] [--print-cmd] CONFIG OUTDIR
#   run.sh --apps DRIVER CONFIG OUTDIR      (the application suite: bench/apps.sh)
# --l0-kernel: which kernel boots as L0: pvnest (default: our patch series on
# Debian's source, hypervisor/build-l0.sh, built or reused; it counts traps per
# nested exit itself), stock (Debian's binary kernel, as L1 runs), or an Image
# file. --l0-append: more L0 kernel parameters (e.g. pvnest.nv_acct=0).
# --l2 linux: L2 is Debian's kernel booting to a shell script that reports
# and powers off, instead of the bare-metal benchmarks (bench, the default).
# CONFIG: vm (benchmark as a direct guest of L0) | nested-nv2 (L1 = Debian's
# kernel with EL2 on architected FEAT_NV2, benchmark as L2) | nested-pv-PROFILE
# (L1 = the same kernel rewritten by pvrewrite for PROFILE; L0 in PV
# nested mode never enables the CPU's FEAT_NV) | pv-fuzz (the PV-call fuzzer
# as a hostile guest hypervisor of L0 in PV mode, --iters calls).
# --apps DRIVER: the application suite instead of the benchmarks. The outer
# QEMU gets a NIC on tap PVNEST_TAP (default pvtap0, which the caller made,
# in the network namespace it runs this in) and the workload image
# PVNEST_APPS_IMAGE as a throwaway snapshot; the target level (L0 for the
# extra configuration native, which boots Debian's kernel as L0 unless
# --l0-kernel says otherwise; L1 for vm; L2 for nested-*) serves on
# 10.77.0.2 (testbed/apps-level.sh). When it is up, the shell command DRIVER
# runs here; it drives the workloads and at the end tells the target to shut
# down. With --accel kvm (a real arm64 host with
# FEAT_NV2) the host itself is L0: the outer QEMU runs the L1 image with KVM.
# Each phase has a timeout (scaled by PVNEST_TIMEOUT_SCALE, or all set to
# PVNEST_PHASE_TIMEOUT seconds); a hang stops the
# run with the level and phase named, and what was measured so far is kept.
set -eu
trace=0 accel=tcg print=0 iters="" l0kernel="" l0append="" l2=bench apps=""
while [ $# -gt 0 ]; do
	case $1 in
	--trace) trace=1 ;;
	--accel) accel=$2; shift ;;
	--print-cmd) print=1 ;;
	--iters) iters=$2; shift ;;
	--l0-kernel) l0kernel=$2; shift ;;
	--l0-append) l0append=$2; shift ;;
	--l2) l2=$2; shift ;;
	--apps) apps=$2; shift ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
config=${1:?usage: run.sh [--trace] [--accel tcg|kvm] CONFIG OUTDIR}
out=${2:?usage: run.sh [--trace] [--accel tcg|kvm] CONFIG OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PVNEST_BUILD:-$top/build}
scale=${PVNEST_TIMEOUT_SCALE:-1}
. "${PVNEST_CONF:-$top/pvnest.conf}"
pv=""
case $config in
vm|nested-nv2) ;;
native) [ -n "$apps" ] || { echo "run.sh: native is a configuration of the application suite (--apps)" >&2; exit 2; } ;;
pv-fuzz) pv=fuzz ;;	# the PV-call fuzzer at vEL2 of L0 in PV mode
nested-pv-*)
	pv=${config#nested-pv-}
	case " $PV_PROFILES " in *" $pv "*) ;; *) echo "run.sh: unknown configuration '$config' (PV profiles: $PV_PROFILES)" >&2; exit 2 ;; esac ;;
*) echo "run.sh: unknown configuration '$config'" >&2; exit 2 ;;
esac
case $accel in tcg|kvm) ;; *) echo "run.sh: --accel must be tcg or kvm" >&2; exit 2 ;; esac
# native: the workloads run on the emulated machine's own kernel, Debian's
# (the same as the guests'), not on pvnest's host-only L0.
[ -z "$l0kernel" ] && { l0kernel=pvnest; [ $config = native ] && l0kernel=stock; }
target=""
if [ -n "$apps" ]; then
	[ $accel = kvm ] && [ $config = native ] && { echo "run.sh: with --accel kvm, native is this host itself: bench/apps.sh runs it without a VM" >&2; exit 2; }
	[ -f "${PVNEST_APPS_IMAGE:-}" ] || { echo "run.sh: --apps needs PVNEST_APPS_IMAGE, the workload image (workloads/rootfs/build-rootfs.sh)" >&2; exit 2; }
	[ $l2 = bench ] || { echo "run.sh: --apps and --l2 do not mix" >&2; exit 2; }
	case $config in native) target=0 ;; vm) target=1 ;; nested-*) target=2 ;;
	*) echo "run.sh: --apps runs native, vm or nested-*" >&2; exit 2 ;; esac
	l0append="${l0append:+$l0append }pvnest.apps=1 pvnest.target=$target"
fi
case $l2:$config in bench:*) ;; linux:nested-*) l0append="${l0append:+$l0append }pvnest.l2=linux" ;;
*) echo "run.sh: --l2 is bench or linux, and linux needs a nested configuration" >&2; exit 2 ;; esac

qemu=qemu-system-aarch64
command -v $qemu >/dev/null || { echo "run.sh: $qemu not found: run: sh scripts/deps.sh testbed" >&2; exit 1; }
qv=$($qemu --version | sed -n 's/^QEMU emulator version \([0-9]*\)\.\([0-9]*\).*/\1.\2/p')
[ "${qv%%.*}" -ge 9 ] || { echo "run.sh: QEMU $qv is too old: FEAT_NV2 emulation needs >= 9 (sh scripts/deps.sh testbed)" >&2; exit 1; }
mb=$build/workloads/microbench.elf
[ -f "$mb" ] || { echo "run.sh: $mb missing: build first (make build)" >&2; exit 1; }
kernel=$(sh "$top/scripts/fetch-kernel.sh")
images=$(sh "$top/testbed/build-images.sh" "$mb")
case $l0kernel in
stock) l0=$kernel l0name=stock ;;
pvnest) if [ $accel = kvm ]; then l0=$kernel; else l0=$(sh "$top/hypervisor/build-l0.sh"); fi; l0name=pvnest ;;
*)	[ -f "$l0kernel" ] || { echo "run.sh: --l0-kernel $l0kernel: no such file" >&2; exit 1; }
	l0=$l0kernel l0name=pvnest ;;
esac
[ -n "$pv" ] && [ "$l0name" != pvnest ] && { echo "run.sh: $config needs pvnest's L0 (PV nested mode)" >&2; exit 2; }
[ -n "$pv" ] && [ $accel = kvm ] && { echo "run.sh: $config with KVM needs a host kernel with pvnest's patches booted with pvnest.pv=1; not supported by this driver yet" >&2; exit 2; }
# With KVM the host's own kernel is L0 and the outer QEMU boots L1's kernel.
if [ $accel = kvm ]; then l0=$kernel l0name="host $(uname -r)"; fi

# The outer QEMU: TCG emulates an arm64 machine with EL2 and FEAT_NV2 (-cpu
# max; lpa2=off keeps the IPA space at 48 bits, which keeps shadow stage-2
# recycling cheap); with KVM the host CPU is used and the host kernel is L0.
# The application suite's target has 1 GB at every level (native: L0).
mem=6G; [ $config = native ] && mem=1G
if [ $accel = tcg ]; then
	machine="-M virt,virtualization=on,gic-version=3 -cpu max,lpa2=off -accel tcg,thread=multi -smp 2 -m $mem"
	# PV mode: the same CPU, but L0 (pvnest.pv=1) never sets HCR_EL2.NV*
	# or VNCR_EL2, so the guest hypervisor sees v8.0 behaviour at EL1
	# (EL2 accesses UNDEF, nothing is redirected). PVNEST_PV_CPU picks
	# another model, e.g. neoverse-n1 (ARMv8.2, no FEAT_NV).
	[ -n "$pv" ] && machine="-M virt,virtualization=on,gic-version=3 -cpu ${PVNEST_PV_CPU:-max,lpa2=off} -accel tcg,thread=multi -smp 2 -m $mem"
	initrd=$images/initrd.cpio
	# native needs none of L0's guest images: L1's initramfs is enough.
	[ $config = native ] && initrd=$(dirname "$images")/l1-${images##*/l0-}/initrd.cpio
	append="console=ttyAMA0 kvm-arm.mode=nested rdinit=/init pvnest.level=0 pvnest.config=$config pvnest.trace=$trace${iters:+ pvnest.iters=$iters}${pv:+ pvnest.pv=1}${l0append:+ $l0append}"
	boot_level=L0
else
	machine="-M virt,virtualization=on,gic-version=3 -cpu host -accel kvm -smp 2 -m 2G"
	[ $config = vm ] && machine="-M virt,gic-version=3 -cpu host -accel kvm -smp 2 -m $([ -n "$apps" ] && echo 1G || echo 256M)"
	initrd=$(dirname "$images")/l1-${images##*/l0-}/initrd.cpio
	append="console=ttyAMA0 rdinit=/init pvnest.level=1${iters:+ pvnest.iters=$iters}"
	[ -n "$apps" ] && append="$append pvnest.config=$config pvnest.apps=1 pvnest.target=$target"
	boot_level=L1
fi
extra=""
[ $trace = 1 ] && extra="-device virtio-serial-pci -chardev file,id=trace,path=$out/l0-trace.txt -device virtconsole,chardev=trace"
# (TCG's virtio-net is user-space; a KVM host's kernel moves packets itself.)
vhost=off; [ $accel = kvm ] && [ -c /dev/vhost-net ] && vhost=on
[ -n "$apps" ] && extra="$extra -netdev tap,id=n0,ifname=${PVNEST_TAP:-pvtap0},script=no,downscript=no,vhost=$vhost"\
" -device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:10"\
" -drive file=$PVNEST_APPS_IMAGE,format=raw,if=none,id=d0,snapshot=on -device virtio-blk-pci,drive=d0"
cmd="$qemu $machine -nographic -nodefaults -serial stdio -no-reboot $extra -kernel $l0 -initrd $initrd"
if [ $accel = kvm ] && [ $config = vm ] && [ -z "$apps" ]; then
	cmd="$qemu $machine -nographic -nodefaults -serial stdio -no-reboot -kernel $mb"
	append=""
fi
if [ $print = 1 ]; then
	echo "$cmd${append:+ -append \"$append\"}"
	exit 0
fi

mkdir -p "$out"
# Results of an earlier run in the same folder would mix with this one's.
rm -f "$out"/*.csv "$out"/*.txt "$out"/*.log "$out/provenance.json"
log=$out/console.log
start=$(date +%s)
# shellcheck disable=SC2086
if [ -n "$append" ]; then $cmd -append "$append" > "$log" 2>&1 & else $cmd > "$log" 2>&1 & fi
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM

# Phases: marker to wait for, level that must print it, timeout (s, TCG).
if [ $accel = tcg ]; then
	phases="L0:boot:PVNEST_L0_UP:180"
	case $config in native|vm|pv-fuzz) ;; *) phases="$phases L1:boot:PVNEST_L1_UP:420" ;; esac
else
	phases="L1:boot:PVNEST_L1_UP:120"
fi
bench_level=L2; case $config in vm|pv-fuzz) bench_level=L1 ;; esac
# An L2 Linux guest boots for minutes where the benchmarks start at once.
start_limit=240; [ $l2 = linux ] && start_limit=1200
if [ -n "$apps" ]; then
	# The target boots (an L2 Linux for minutes), then the driver runs.
	# A PV guest hypervisor that traps its per-CPU accesses (v8.3) took
	# 932 s to start L2 with the workload image (TCG, nothing else running).
	up=600; [ $target = 2 ] && up=1200; [ -n "$pv" ] && [ $target = 2 ] && up=2400
	phases="$phases L$target:start:PVNEST_APPS_UP:$up host:driver:-:0"
else
	phases="$phases $bench_level:start:PVNEST_BENCH_UP:$start_limit $bench_level:benchmarks:PVNEST_BENCH_DONE:1200"
fi
phases="$phases $boot_level:shutdown:PVNEST_${boot_level}_DONE:$((trace ? 900 : 240))"
shown=0
fail=""
for ph in $phases; do
	lvl=${ph%%:*} rest=${ph#*:}; name=${rest%%:*} rest=${rest#*:}
	marker=$(echo "${rest%%:*}" | tr _ ' ') limit=$((${rest#*:} * scale))
	[ -n "${PVNEST_PHASE_TIMEOUT:-}" ] && limit=$PVNEST_PHASE_TIMEOUT
	t0=$(date +%s)
	printf '[%4ds] %s %s ...\n' $(($(date +%s) - start)) "$lvl" "$name"
	if [ "$name" = driver ]; then
		PVNEST_RUN_OUT=$out PVNEST_ACCEL=$accel sh -c "$apps" || { fail="the driver failed: $apps"; break; }
		continue
	fi
	while ! grep -q "$marker" "$log"; do
		# Echo benchmark progress and results as they arrive.
		n=$(grep -c 'PVNEST \(BEGIN\|RESULT\|SKIP\|ERROR\|WARN\)' "$log" || true)
		if [ "$n" -gt $shown ]; then
			grep 'PVNEST \(BEGIN\|RESULT\|SKIP\|ERROR\|WARN\)' "$log" | sed -n "$((shown + 1)),\$p" | sed 's/^/         /'
			shown=$n
		fi
		if ! kill -0 $pid 2>/dev/null; then
			fail="QEMU exited before $lvl reached '$marker' (phase: $lvl $name)"
			break 2
		fi
		if [ $(($(date +%s) - t0)) -ge $limit ]; then
			fail="timeout: $lvl did not reach '$marker' within ${limit}s (phase: $lvl $name)"
			break 2
		fi
		sleep 1
	done
done
# A level that hangs never powers off: stop QEMU rather than wait for it.
[ -n "$fail" ] && { kill $pid 2>/dev/null || true; }
wait $pid 2>/dev/null || true
trap - EXIT INT TERM
end=$(date +%s)

# Per-level logs, split at the markers where each level hands over.
awk -v d="$out" '
	/PVNEST RUN level=L1/ { f = 1 } /PVNEST RUN level=L2/ { f = 2 }
	{ print > (d "/l" f ".log") }' f=0 "$log"
[ $accel = kvm ] && mv "$out/l0.log" "$out/l1.log" 2>/dev/null || true

# Cross-checks between two sources of the same counts: each one that ran is
# recorded in provenance as passed or failed, and a failed one fails the run.
checks=""
check() {	# NAME MESSAGE: NAME.csv's last column says yes/no per row
	if [ "$(wc -l < "$out/$1.csv")" -lt 2 ]; then
		checks="$checks${checks:+, }\"$1\": \"no rows\""
	elif grep -q ',no$' "$out/$1.csv"; then
		echo "run.sh: $2:" >&2
		grep ',no$' "$out/$1.csv" >&2
		checks="$checks${checks:+, }\"$1\": \"failed\""
		[ -n "$fail" ] || fail="check $1 failed: $2 ($out/$1.csv)"
	else
		checks="$checks${checks:+, }\"$1\": \"passed\""
	fi
}
# Results: one CSV row per benchmark, and provenance (the application
# suite's driver keeps its own results).
csv=$out/microbench.csv
[ -n "$apps" ] && csv=/dev/null
echo "config,bench,iters,ticks,freq_hz,ticks_per_op,ns_per_op" > "$csv"
grep 'PVNEST RESULT' "$log" | tr -d '\r' | sed 's/.*PVNEST RESULT //' | awk -v c=$config '
	{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	  printf "%s,%s,%d,%d,%d,%.1f,%.1f\n", c, v["bench"], v["iters"], v["ticks"], v["freq"],
		v["ticks"] / v["iters"], v["ticks"] / v["iters"] * 1e9 / v["freq"] }' >> "$csv"
# pvnest's L0 kernel: its own counters per benchmark window, through pvstat.
if grep -q 'PVNEST NV bench=' "$log"; then
	pvstat=$build/hypervisor/pvstat
	for b in $(grep -a 'PVNEST NV bench=' "$log" | tr -d '\r' | sed 's/.*PVNEST NV bench=\([^ ]*\).*/\1/' | sort -u); do
		grep -a "PVNEST NV bench=$b " "$log" | tr -d '\r' | sed "s/.*PVNEST NV bench=$b //" > "$out/nested_traps-$b.txt"
		"$pvstat" --csv "$out/nested_traps-$b.txt" | sed "1d;s/^/$config,$b,/" >> "$out/pvstat.csv.tmp"
	done
	{ echo "config,bench,cause,what,name,count,per_nested_exit"; cat "$out/pvstat.csv.tmp"; } > "$out/pvstat.csv"
	rm -f "$out/pvstat.csv.tmp"
fi
# The same counters through KVM's binary stats fd (QEMU's query-stats in L0):
# per window, nested exits and traps summed over vCPUs must equal debugfs's.
if grep -q 'PVNEST KS bench=' "$log"; then
	{ echo "config,bench,vcpu,stat,value"
	  grep -a 'PVNEST KS bench=' "$log" | tr -d '\r' | sed 's/.*PVNEST KS bench=//' | while read -r b json; do
		echo "$json" | jq -r --arg c $config --arg b "$b" '.return[] | (.["qom-path"]) as $v | .stats[] |
			if (.value | type) == "array" then (.name as $n | .value | to_entries[] | select(.value > 0) |
				[$c, $b, $v, "\($n)[\(.key)]", .value])
			else [$c, $b, $v, .name, .value] end | @csv' | tr -d '"'
	  done; } > "$out/kvmstats.csv"
	awk -F, 'FNR == 1 { next }
		FILENAME ~ /kvmstats/ { if ($4 == "nested_exits") sx[$2] += $5; if ($4 == "nested_traps") st[$2] += $5; b[$2] = 1; next }
		$3 == "all" && $4 == "nested-exits" { dx[$2] = $6; b[$2] = 1 }
		$3 == "all" && $4 == "traps" { dt[$2] = $6 }
		END { print "bench,statsfd_nested_exits,debugfs_nested_exits,statsfd_traps,debugfs_traps,agree"
		      for (k in b) print k "," sx[k] + 0 "," dx[k] + 0 "," st[k] + 0 "," dt[k] + 0 "," \
			((sx[k] + 0 == dx[k] + 0 && st[k] + 0 == dt[k] + 0) ? "yes" : "no") }' \
		"$out/kvmstats.csv" "$out/pvstat.csv" | sort > "$out/statsfd_vs_debugfs.csv"
	check statsfd_vs_debugfs "KVM's stats fd and the debugfs counters disagree"
fi
if [ $trace = 1 ] && [ -s "$out/l0-trace.txt" ]; then
	awk -v classes="$top/pvhooks/exit-classes.txt" -v config=$config -v out="$out" \
		-f "$top/pvhooks/exit-classes.awk" -f "$top/testbed/trace-stats.awk" "$out/l0-trace.txt"
	check tracepoint_check "the kvm_nested_exit_done tracepoint disagrees with the trace analysis"
fi
# Both sources for the same windows: the kernel's counters must equal the trace
# (less the traps L0 handled in its hyp fast path, which trace_kvm_exit misses).
if [ -f "$out/pvstat.csv" ] && [ -f "$out/traps.csv" ]; then
	awk -F, '
		FNR == 1 { next }
		FILENAME ~ /pvstat/ { c = $3; if (c == "all") next
			if ($4 == "nested-exits") kx[$2, c] = $6; else if ($4 == "traps") kt[$2, c] += $6
			else if ($4 == "fast-path") kt[$2, c] -= $6	# the trace sees slow-path exits only
			else if ($4 == "artifacts") kt[$2, c] += $6	# PV artifacts: exits, not traps, but traced
			keys[$2, c] = 1; next }
		{ tx[$2, $3] = $4; tt[$2, $3] = $5; keys[$2, $3] = 1 }
		END {
			print "bench,cause,counter_nested_exits,trace_nested_exits,counter_traps,trace_traps,agree"
			for (k in keys) { split(k, p, SUBSEP)
				ok = (kx[k] + 0 == tx[k] + 0 && kt[k] + 0 == tt[k] + 0) ? "yes" : "no"
				print p[1] "," p[2] "," kx[k] + 0 "," tx[k] + 0 "," kt[k] + 0 "," tt[k] + 0 "," ok }
		}' "$out/pvstat.csv" "$out/traps.csv" | sort > "$out/counters_vs_trace.csv"
	check counters_vs_trace "the L0 counters and the trace disagree"
fi
if [ -z "$fail" ] && grep -q 'PVNEST ERROR' "$log"; then
	fail="a level reported: $(grep -m1 'PVNEST ERROR' "$log" | tr -d '\r' | sed 's/.*PVNEST ERROR //')"
fi
failure="failure:=null"; [ -z "$fail" ] || failure="failure=$fail"
sh "$top/scripts/provenance.sh" "$out/provenance.json" config="$config" accel="$accel" trace:=$trace \
	apps:=$([ -n "$apps" ] && echo true || echo false) wall_seconds:=$((end - start)) \
	kernel="$(basename "$(dirname "$kernel")")" kernel_sha256="$(sha256sum "$kernel" | cut -d' ' -f1)" \
	l0_kernel="$l0name" l0_kernel_sha256="$(sha256sum "$l0" | cut -d' ' -f1)" \
	pins:="$(sh "$top/scripts/provenance-pins.sh" "$kernel" "$([ "$l0name" = pvnest ] && echo "$l0")")" \
	images="$(basename "$images")" command="$cmd" append="$append" checks:="{$checks}" "$failure"
cp "$images/manifest.txt" "$out/manifest.txt" 2>/dev/null || true
if [ -n "$fail" ]; then
	echo "run.sh: $config: $fail; log: $log (partial results kept in $out)" >&2
	exit 1
fi
printf '[%4ds] %s done: %s\n' $((end - start)) "$config" "$([ -n "$apps" ] && echo "$out" || echo "$csv")"
