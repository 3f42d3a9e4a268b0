#!/bin/sh
# Level driver: boot the emulated host hypervisor (L0) under QEMU TCG, let it
# start the guest hypervisor (L1) and the micro-benchmarks inside (L2), follow
# the consoles without human input, and keep logs and results. The stack is
# data: the configurations are testbed/configs.txt, the phases of a run
# (marker, timeout, what to collect) testbed/phases.txt, the collectors
# testbed/collect.sh. `run.sh --help` lists the options.
#   run.sh [OPTION]... CONFIG OUTDIR
# With --accel kvm (a real arm64 host with FEAT_NV2) the host itself is L0:
# the outer QEMU runs the L1 image with KVM.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tb=$top/testbed
# Every result of this run names the commit it began at.
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
# The options: name, argument (- for a flag), what it sets, help.
options='
--trace      -        trace=1      record L0'"'"'s KVM trace and check it against L0'"'"'s counters
--iters      N        iters        iterations per benchmark (or fuzzer calls)
--l0-kernel  KERNEL   l0kernel     which kernel boots as L0: pvnest (our series on Debian'"'"'s source, built or reused), stock (Debian'"'"'s, as L1 runs) or an Image file
--l0-append  ARGS     l0append     more L0 kernel parameters (e.g. pvnest.nv_acct=0)
--l2         L2       l2           bench (the bare-metal benchmarks, default) or linux (Debian'"'"'s kernel booting to a script that reports and powers off)
--accel      ACCEL    accel        tcg (default) or kvm (a real arm64 host with FEAT_NV2 is L0)
--apps       DRIVER   apps         the application suite: the target level serves on 10.77.0.2 (NIC on tap PVNEST_TAP, workload image PVNEST_APPS_IMAGE); when it is up the shell command DRIVER runs here
--print-cmd  -        print=1      print the outer QEMU command line and stop
'
usage() {
	echo "usage: run.sh [OPTION]... CONFIG OUTDIR"
	echo "$options" | awk 'NF { h = ""; for (i = 4; i <= NF; i++) h = h " " $i
		printf "  %-22s%s\n", $1 ($2 == "-" ? "" : " " $2), h }'
	printf "  %-22s %s\n" "-h, --help" "this text"
	echo "CONFIG (testbed/configs.txt): $(awk '!/^[ \t]*(#|$)/ { printf "%s ", $1 }' "$tb/configs.txt")"
	echo "  nested-pv-PROFILE for PROFILE in: $PV_PROFILES"
	echo "Environment: PVNEST_TIMEOUT_SCALE (multiplies every phase's timeout), PVNEST_PHASE_TIMEOUT"
	echo "(every phase this many seconds), PVNEST_PV_CPU (the CPU model in PV mode, e.g. neoverse-n1)."
}
. "${PVNEST_CONF:-$top/pvnest.conf}"
trace=0 accel=tcg print=0 iters="" l0kernel="" l0append="" l2=bench apps=""
while [ $# -gt 0 ]; do
	case $1 in -h|--help) usage; exit 0 ;; --) shift; break ;; -*) ;; *) break ;; esac
	arg="" var=""
	eval "$(echo "$options" | awk -v o="$1" '$1 == o { print "arg=" $2 " var=" $3 }')"
	[ -n "$var" ] || { echo "run.sh: unknown option $1" >&2; usage >&2; exit 2; }
	if [ "$arg" = - ]; then eval "$var"; else
		[ $# -ge 2 ] || { echo "run.sh: $1 needs $arg" >&2; exit 2; }
		eval "$var=\$2"; shift
	fi
	shift
done
[ $# -eq 2 ] || { usage >&2; exit 2; }
config=$1 out=$2
build=${PVNEST_BUILD:-$top/build}
scale=${PVNEST_TIMEOUT_SCALE:-1}

# The configuration's row: kind, bench, target, l0default, pv, mem.
row=$(awk -v config="$config" -v profiles="$PV_PROFILES" -f "$tb/config-row.awk" "$tb/configs.txt") || exit $?
eval "$row"
case $accel in tcg|kvm) ;; *) echo "run.sh: --accel must be tcg or kvm" >&2; exit 2 ;; esac
case $l2 in bench|linux) ;; *) echo "run.sh: --l2 is bench or linux" >&2; exit 2 ;; esac
mode=bench; [ -z "$apps" ] || mode=apps
[ $mode = apps ] || [ "$bench" != - ] ||
	{ echo "run.sh: $config is a configuration of the application suite (--apps)" >&2; exit 2; }
[ -n "$l0kernel" ] || l0kernel=$l0default
if [ $mode = apps ]; then
	[ "$target" != - ] || { echo "run.sh: --apps runs native, vm or nested-*" >&2; exit 2; }
	[ $accel = kvm ] && [ $kind = native ] && { echo "run.sh: with --accel kvm, native is this host itself: bench/apps.sh runs it without a VM" >&2; exit 2; }
	[ -f "${PVNEST_APPS_IMAGE:-}" ] || { echo "run.sh: --apps needs PVNEST_APPS_IMAGE, the workload image (workloads/rootfs/build-rootfs.sh)" >&2; exit 2; }
	[ $l2 = bench ] || { echo "run.sh: --apps and --l2 do not mix" >&2; exit 2; }
	l0append="${l0append:+$l0append }pvnest.apps=1 pvnest.target=${target#L}"
fi
if [ $l2 = linux ]; then
	[ $kind = nested ] || { echo "run.sh: --l2 linux needs a nested configuration" >&2; exit 2; }
	l0append="${l0append:+$l0append }pvnest.l2=linux"
fi

qemu=qemu-system-aarch64
command -v $qemu >/dev/null || { echo "run.sh: $qemu not found: run: sh scripts/deps.sh testbed" >&2; exit 1; }
qv=$($qemu --version | sed -n 's/^QEMU emulator version \([0-9]*\)\.\([0-9]*\).*/\1.\2/p')
[ "${qv%%.*}" -ge 9 ] || { echo "run.sh: QEMU $qv is too old: FEAT_NV2 emulation needs >= 9 (sh scripts/deps.sh testbed)" >&2; exit 1; }
mb=$build/workloads/microbench.elf
[ -f "$mb" ] || { echo "run.sh: $mb missing: build first (make build)" >&2; exit 1; }
kernel=$(sh "$top/scripts/fetch-kernel.sh")
images=$(sh "$tb/build-images.sh" "$mb")
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
l1initrd=$(dirname "$images")/l1-${images##*/l0-}/initrd.cpio

# The outer QEMU, as an argument list. TCG emulates an arm64 machine with
# EL2 and FEAT_NV2 (-cpu max; lpa2=off keeps the IPA space at 48 bits, which
# keeps shadow stage-2 recycling cheap). PV mode: the same CPU, but L0
# (pvnest.pv=1) never sets HCR_EL2.NV* or VNCR_EL2, so the guest hypervisor
# sees v8.0 behaviour at EL1; PVNEST_PV_CPU picks another model, e.g.
# neoverse-n1 (ARMv8.2, no FEAT_NV). With KVM the host CPU is used.
if [ $accel = tcg ]; then
	cpu=max,lpa2=off; [ -z "$pv" ] || cpu=${PVNEST_PV_CPU:-$cpu}
	set -- -M virt,virtualization=on,gic-version=3 -cpu "$cpu" -accel tcg,thread=multi -smp 2 -m "$mem"
	# native needs none of L0's guest images: L1's initramfs is enough.
	initrd=$images/initrd.cpio; [ $kind = native ] && initrd=$l1initrd
	append="console=ttyAMA0 kvm-arm.mode=nested rdinit=/init pvnest.level=0 pvnest.config=$config pvnest.trace=$trace${iters:+ pvnest.iters=$iters}${pv:+ pvnest.pv=1}${l0append:+ $l0append}"
	boot=L0
elif [ $kind = direct ]; then
	set -- -M virt,gic-version=3 -cpu host -accel kvm -smp 2 -m "$([ $mode = apps ] && echo 1G || echo 256M)"
	initrd=$l1initrd
	append="console=ttyAMA0 rdinit=/init pvnest.level=1${iters:+ pvnest.iters=$iters}"
	boot=L1
else
	set -- -M virt,virtualization=on,gic-version=3 -cpu host -accel kvm -smp 2 -m 2G
	initrd=$l1initrd
	append="console=ttyAMA0 rdinit=/init pvnest.level=1${iters:+ pvnest.iters=$iters}"
	boot=L1
fi
[ $accel = tcg ] || [ $mode = bench ] || append="$append pvnest.config=$config pvnest.apps=1 pvnest.target=${target#L}"
set -- "$@" -nographic -nodefaults -serial stdio -no-reboot
[ $trace = 0 ] || set -- "$@" -device virtio-serial-pci -chardev "file,id=trace,path=$out/l0-trace.txt" \
	-device virtconsole,chardev=trace
if [ $mode = apps ]; then
	# TCG's virtio-net is user-space; a KVM host's kernel moves packets itself.
	vhost=off; [ $accel = kvm ] && [ -c /dev/vhost-net ] && vhost=on
	set -- "$@" -netdev "tap,id=n0,ifname=${PVNEST_TAP:-pvtap0},script=no,downscript=no,vhost=$vhost" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:10 \
		-drive "file=$PVNEST_APPS_IMAGE,format=raw,if=none,id=d0,snapshot=on" -device virtio-blk-pci,drive=d0
fi
if [ $accel = kvm ] && [ $kind = direct ] && [ $mode = bench ]; then
	set -- "$@" -kernel "$mb"	# the benchmark itself is the guest
	append=""
else
	set -- "$@" -kernel "$l0" -initrd "$initrd" -append "$append"
fi
# The command line as one string (printed, and kept in provenance).
cmd=$qemu
for a in "$@"; do case $a in *[[:space:]\"\'\\]*) cmd="$cmd '$(printf %s "$a" | sed "s/'/'\\\\''/g")'" ;; *) cmd="$cmd $a" ;; esac; done
if [ $print = 1 ]; then
	echo "$cmd"
	exit 0
fi

# The phases of this run: LEVEL PHASE MARKER TIMEOUT COLLECT per line.
pv_tag=no; [ -z "$pv" ] || pv_tag=yes
phases=$(awk -v tags="accel=$accel kind=$kind mode=$mode l2=$l2 target=$target pv=$pv_tag trace=$trace" \
	-v levels="BENCH=$bench TARGET=$target BOOT=$boot" -f "$tb/phases.awk" "$tb/phases.txt") || exit 1

mkdir -p "$out"
# Results of an earlier run in the same folder would mix with this one's.
rm -f "$out"/*.csv "$out"/*.txt "$out"/*.log "$out/provenance.json"
log=$out/console.log
start=$(date +%s)
$qemu "$@" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM

# Follow the phases; echo benchmark progress and results as they arrive.
shown=0 fail="" np=$(echo "$phases" | wc -l) i=0
while read -r lvl name marker limit what; do
	i=$((i + 1))
	marker=$(echo "$marker" | tr _ ' ') limit=$((limit * scale))
	[ -n "${PVNEST_PHASE_TIMEOUT:-}" ] && limit=$PVNEST_PHASE_TIMEOUT
	t0=$(date +%s)
	printf '[%4ds] %s %s (phase %d/%d, at most %d s) ...\n' $((t0 - start)) "$lvl" "$name" $i "$np" "$limit"
	if [ "$lvl" = host ]; then
		PVNEST_RUN_OUT=$out PVNEST_ACCEL=$accel sh -c "$apps" < /dev/null || { fail="the driver failed: $apps"; break; }
		continue
	fi
	while ! grep -q "$marker" "$log"; do
		n=$(grep -c 'PVNEST \(BEGIN\|RESULT\|SKIP\|ERROR\|WARN\)' "$log" || true)
		if [ "$n" -gt $shown ]; then
			grep 'PVNEST \(BEGIN\|RESULT\|SKIP\|ERROR\|WARN\)' "$log" | sed -n "$((shown + 1)),\$p" | sed 's/^/         /'
			shown=$n
		fi
		if ! kill -0 $pid 2>/dev/null; then
			fail="QEMU exited before $lvl reached '$marker' (phase: $lvl $name)"
			break 2
		fi
		if [ $(($(date +%s) - t0)) -ge "$limit" ]; then
			fail="timeout: $lvl did not reach '$marker' within ${limit}s (phase: $lvl $name)"
			break 2
		fi
		sleep 1
	done
done <<EOF
$phases
EOF
# A level that hangs never powers off: stop QEMU rather than wait for it.
[ -n "$fail" ] && { kill $pid 2>/dev/null || true; }
wait $pid 2>/dev/null || true
trap - EXIT INT TERM
end=$(date +%s)

awk -v dir="$out" -f "$tb/split-levels.awk" "$log"
[ $accel = kvm ] && mv "$out/l0.log" "$out/l1.log" 2>/dev/null || true
# Every phase's collectors run, also after a failed run: they keep what was
# measured and skip what is missing.
. "$tb/collect.sh"
for c in $(echo "$phases" | awk '$5 != "-" { gsub(/,/, " ", $5); print $5 }'); do "collect_$c"; done
if [ -z "$fail" ] && grep -q 'PVNEST ERROR' "$log"; then
	fail="a level reported: $(grep -m1 'PVNEST ERROR' "$log" | tr -d '\r' | sed 's/.*PVNEST ERROR //')"
fi
failure="failure:=null"; [ -z "$fail" ] || failure="failure=$fail"
sh "$top/scripts/provenance.sh" "$out/provenance.json" config="$config" accel="$accel" trace:=$trace \
	apps:=$([ $mode = apps ] && echo true || echo false) wall_seconds:=$((end - start)) \
	kernel="$(basename "$(dirname "$kernel")")" kernel_sha256="$(sha256sum "$kernel" | cut -d' ' -f1)" \
	l0_kernel="$l0name" l0_kernel_sha256="$(sha256sum "$l0" | cut -d' ' -f1)" \
	pins:="$(sh "$top/scripts/provenance-pins.sh" "$kernel" "$([ "$l0name" = pvnest ] && echo "$l0")")" \
	images="$(basename "$images")" command="$cmd" append="$append" checks:="{$checks}" "$failure"
cp "$images/manifest.txt" "$out/manifest.txt" 2>/dev/null || true
if [ -n "$fail" ]; then
	echo "run.sh: $config: $fail; log: $log (partial results kept in $out)" >&2
	exit 1
fi
printf '[%4ds] %s done: %s\n' $((end - start)) "$config" "$([ $mode = apps ] && echo "$out" || echo "$out/microbench.csv")"
