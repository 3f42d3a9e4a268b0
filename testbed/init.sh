#!/bin/busybox sh
# /init of every testbed level (L0 and L1 run the same script). What this
# level does comes from the kernel command line:
#   pvnest.level=N         0 = host hypervisor, 1 = guest hypervisor
#   pvnest.config=NAME     vm | nested-nv2 | nested-pv-PROFILE | pv-fuzz | pv-hostile | pv-values | nv2-values (level 0 only)
#   pvnest.seed=N          pv-fuzz, pv-hostile, *-values: the payload's seed (default: from the counter; *-values: 1)
#   pvnest.smp=N           pv-hostile: its vCPUs (default 2)
#   pvnest.skip=MASK       pv-hostile: scenarios to leave out (bit N = scenario N)
#   pvnest.l2=linux        L2 is Debian's kernel (level 2 of this script), not the benchmarks
#   pvnest.trace=1         level 0 records kvm events in tracefs
#   pvnest.apps=1          the application suite (apps-level.sh): pvnest.target=N
#                          is the level that serves the workloads
# Markers on the console ("PVNEST ...") let the driver follow the run.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /tmp && mount -t tmpfs tmp /tmp
arg() { sed -n "s/.*pvnest\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
level=$(arg level) config=$(arg config) trace=$(arg trace) iters=$(arg iters) l2=$(arg l2) apps=$(arg apps)
echo "PVNEST L$level UP kernel=$(uname -r) cpus=$(nproc) kvm=$(dmesg | sed -n 's/.*kvm \[1\]: \(.*mode\) initialized.*/\1/p' | head -n1)"
# pvnest.l2=linux: L2 is a Linux guest (Debian's kernel and this script at
# level 2) instead of the bare-metal benchmarks; it reports and powers off.
if [ "$level" = 2 ] && [ "$apps" != 1 ]; then
	echo "PVNEST BENCH UP (L2 Linux)"
	echo "PVNEST L2 LINUX kernel=$(uname -r) cpus=$(nproc) uptime_s=$(cut -d' ' -f1 /proc/uptime)" \
		"md5 of 4 MB of /dev/zero: $(head -c 4194304 /dev/zero | md5sum | cut -d' ' -f1)"
	echo "PVNEST BENCH DONE"
	sleep 1		# let the console drain before the machine goes
	poweroff -f
fi
[ -c /dev/kvm ] || [ "$apps" = 1 ] || { echo "PVNEST ERROR L$level has no /dev/kvm"; poweroff -f; }

# Every inner QEMU has a QMP socket: L0 pauses its guest and reads KVM's
# binary stats through it (qmpcmd). kvm-no-adjvtime: a pause must not move
# the guest's virtual counter (QEMU's default hides pauses from the guest,
# which leaves a guest hypervisor's timers late by the pause).
Q=/tmp/qmp.sock
qemu() { /usr/bin/qemu-system-aarch64 -accel kvm -nographic -nodefaults -serial stdio -no-reboot \
	-qmp unix:$Q,server=on,wait=off "$@"; }
qmp() { qmpcmd $Q "$@" > /dev/null || echo "PVNEST WARN qmp $* failed"; }
# The nested-exit counters of pvnest's L0 kernel, from KVM's binary stats fd.
STATS='{"execute": "query-stats", "arguments": {"target": "vcpu", "providers": [{"provider": "kvm", "names": ["nested_exits", "nested_traps", "nested_l2_exits_l0", "nested_traps_hist"]}]}}'
# The micro-benchmarks, with the iteration count where they look for it.
bench() { qemu -M virt,gic-version=3 -cpu host,kvm-no-adjvtime=on -smp 2 -m 64M -kernel /microbench.elf \
	${iters:+-device loader,addr=0x40300000,data=$iters,data-len=4} & pin_vcpus $!; wait $!; }
# vCPU n of the guest on this level's CPU n: a vCPU thread that migrates in
# the middle of a nested exit would start it on one L0 vCPU and end it on
# another, and the accounting (per L0 vCPU) would lose it.
pin_vcpus() {	# PID (of the shell that runs QEMU: its vCPU threads are the only ones here)
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		n=0
		for t in /proc/[0-9]*/task/*; do
			c=$(cat $t/comm 2>/dev/null) || continue
			case $c in "CPU "*"/KVM") ;; *) continue ;; esac
			i=${c#CPU }
			i=${i%/KVM}
			taskset -p "$(printf %x $((1 << i)))" "${t##*/}" >/dev/null 2>&1 && n=$((n + 1))
		done
		[ $n -ge 2 ] && return
		sleep 1
	done
	echo "PVNEST WARN could not pin the vCPU threads (QEMU started by $1)"
}

T=/sys/kernel/tracing
# A second source: KVM's own exit counter (debugfs, summed over the VM's vCPUs).
kvm_exits() { cat /sys/kernel/debug/kvm/*-*/exits 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
start_trace() {
	mount -t tracefs tracefs $T 2>/dev/null
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	echo 0 > $T/tracing_on
	echo 32768 > $T/buffer_size_kb
	echo > $T/trace
	for e in kvm_exit kvm_nested_eret kvm_inject_nested_exception kvm_sys_access; do
		echo 1 > $T/events/kvm/$e/enable 2>/dev/null || echo "PVNEST WARN no tracepoint $e"
	done
	# pvnest's L0 kernel: its once-per-nested-exit tracepoint, checked against the rest.
	[ -d $T/events/kvm/kvm_nested_exit_done ] && echo 1 > $T/events/kvm/kvm_nested_exit_done/enable
}

# Level 0 follows the innermost benchmark through its console output (which
# passes through this level's QEMU) and brackets each benchmark in the trace:
# the benchmark waits before and after its loop so the markers land outside.
# The guest's vCPUs are paused (QMP stop) while a window edge is set, so
# the trace and KVM's counters see exactly the same exits.
# A bare-metal payload waits at each window edge for a byte on its console
# (window() in workloads/common/baremetal.h): ack writes it into the fifo
# ack_console made QEMU's console input.
ack() { [ -z "$acked" ] || printf A >&3; }
ack_console() {
	mkfifo /tmp/console.in
	exec 3<> /tmp/console.in	# open for writing too, so QEMU never reads EOF
	acked=1
}
follow() {
	while IFS= read -r line; do
		echo "$line"
		case "$line" in
		*"PVNEST BEGIN "*)
			qmp '{"execute": "stop"}'
			[ "$trace" = 1 ] && echo 1 > $T/tracing_on
			x0=$(kvm_exits)
			[ "$trace" = 1 ] && echo "pvnest ${line#*PVNEST }" > $T/trace_marker
			# pvnest's L0 kernel counts traps per nested exit itself.
			for f in /sys/kernel/debug/kvm/*/nested_exit_traps; do [ -f "$f" ] && echo 0 > "$f"; done
			qmp '{"execute": "cont"}'
			ack ;;
		*"kvm run failed"*)	# QEMU stops the guest and waits: end it
			echo "PVNEST ERROR L$level's QEMU: $line"
			qmp '{"execute": "quit"}' ;;
		*"PVNEST END "*)
			qmp '{"execute": "stop"}'
			x1=$(kvm_exits)
			b=$(echo "${line#*bench=}" | tr -d '\r')
			for f in /sys/kernel/debug/kvm/*/nested_exit_traps; do
				[ -f "$f" ] && sed "s/^/PVNEST NV bench=$b /" "$f" &&
					qmpcmd $Q "$STATS" | sed "s/^/PVNEST KS bench=$b /"
			done
			if [ "$trace" = 1 ]; then
				echo "pvnest ${line#*PVNEST } debugfs_exits=$((x1 - x0))" > $T/trace_marker
				echo 0 > $T/tracing_on
			fi
			qmp '{"execute": "cont"}'
			ack ;;
		esac
	done
}

dump_trace() {
	echo 0 > $T/tracing_on
	if [ -c /dev/hvc0 ]; then
		cat $T/trace > /dev/hvc0
		echo "PVNEST TRACE lines=$(wc -l < $T/trace) overrun=$(grep -h overrun $T/per_cpu/cpu*/stats | awk '{s += $2} END {print s}')"
	else
		echo "PVNEST WARN no /dev/hvc0 for the trace"
	fi
}

if [ "$apps" = 1 ]; then
	. /apps-level.sh
	apps_modules
	if [ "$level" = "$target" ]; then apps_target; else apps_next; fi
	echo "PVNEST L$level DONE"
	sync
	poweroff -f
fi

case "$level:$config" in
0:vm)
	echo "PVNEST RUN level=L1 what=microbench"
	bench
	;;
0:pv-fuzz|0:pv-hostile|0:pv-values|0:nv2-values)
	# A hostile guest hypervisor at virtual EL2 of this level in PV mode:
	# the PV-call fuzzer, or the scenarios and campaign of pvhostile on
	# pvnest.smp vCPUs; follow() reads L0's PV counters around its calls.
	# pvvalues runs in PV mode (pv-values) and on NV2 (nv2-values).
	payload=pvfuzz smp=1
	[ $config = pv-hostile ] && payload=pvhostile smp=$(arg smp) && smp=${smp:-2}
	case $config in *-values) payload=pvvalues ;; esac
	echo "PVNEST RUN level=L1 what=$payload smp=$smp"
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	seed=$(arg seed) skip=$(arg skip)
	# pvnest.debug=1: every 15 s, the payload's vCPU registers (where it hangs).
	[ "$(arg debug)" = 1 ] && ( sleep 5; while sleep 15; do
		qmpcmd $Q '{"execute": "human-monitor-command", "arguments": {"command-line": "info registers -a"}}' |
			sed 's/\\r//g; s/\\n/\n/g' | sed "s/^/PVNEST DEBUG /"
	done ) &
	ack_console
	qemu -M virt,virtualization=on,gic-version=3 -cpu host,kvm-no-adjvtime=on -smp $smp -m 64M -kernel /$payload.elf \
		${iters:+-device loader,addr=0x40300000,data=$iters,data-len=4} \
		${seed:+-device loader,addr=0x40300004,data=$seed,data-len=4} \
		-device loader,addr=0x40300008,data=$smp,data-len=4 \
		${skip:+-device loader,addr=0x4030000c,data=$skip,data-len=4} < /tmp/console.in 2>&1 | follow
	;;
0:nested-nv2|0:nested-pv-*)
	# nested-pv-PROFILE: L1 is the kernel rewritten for PROFILE (PV mode).
	l1k=/l1/Image
	case $config in nested-pv-*) l1k=/l1/Image.${config#nested-pv-} ;; esac
	[ -f "$l1k" ] || { echo "PVNEST ERROR no L1 kernel $l1k"; poweroff -f; }
	# PV mode: L1's boot messages too (a rewritten kernel is worth watching).
	l1quiet=quiet
	case $config in nested-pv-*) l1quiet="earlycon=pl011,0x09000000" ;; esac
	echo "PVNEST RUN level=L1 what=linux kernel=$l1k"
	# pvnest.debug=1: every 15 s, L1's vCPU registers and L0's PV counters
	# (and with pvnest.trace=1 the trace's last events, traced from the start).
	if [ "$(arg debug)" = 1 ]; then
		( sleep 5; while sleep 15; do
			[ "$trace" = 1 ] && grep -v "kvm_exit: IRQ" $T/trace | grep "nested\|HVC64\|SMC64\|ERET\|IABT\|DABT\|fault\|sys_access" | tail -n 80 | sed 's/^/PVNEST DEBUG /'
			qmpcmd $Q '{"execute": "human-monitor-command", "arguments": {"command-line": "info registers -a"}}' |
				sed 's/\\r//g; s/\\n/\n/g' | sed 's/^/PVNEST DEBUG /'
			cat /sys/kernel/debug/kvm/*/nested_exit_traps 2>/dev/null | grep -v hist | sed 's/^/PVNEST DEBUG /'
		done ) &
	fi
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	if [ "$trace" = 1 ] || uname -r | grep -q pvnest; then
		[ "$trace" = 1 ] && start_trace
		if [ "$trace" = 1 ] && [ "$(arg debug)" = 1 ]; then
			echo 1 > $T/events/kvm/kvm_guest_fault/enable
			echo 1 > $T/tracing_on
		fi
		qemu -M virt,virtualization=on,gic-version=3 -cpu host,kvm-no-adjvtime=on -smp 2 -m 1024M \
			-kernel $l1k -initrd /l1/initrd.cpio \
			-append "console=ttyAMA0 rdinit=/init $l1quiet pvnest.level=1 ${iters:+pvnest.iters=$iters} ${l2:+pvnest.l2=$l2}" | follow
		[ "$trace" = 1 ] && dump_trace
	else
		qemu -M virt,virtualization=on,gic-version=3 -cpu host,kvm-no-adjvtime=on -smp 2 -m 1024M \
			-kernel $l1k -initrd /l1/initrd.cpio \
			-append "console=ttyAMA0 rdinit=/init $l1quiet pvnest.level=1 ${iters:+pvnest.iters=$iters} ${l2:+pvnest.l2=$l2}"
	fi
	;;
1:*)
	if [ "$l2" = linux ]; then
		echo "PVNEST RUN level=L2 what=linux"
		qemu -M virt,gic-version=3 -cpu host,kvm-no-adjvtime=on -smp 1 -m 256M -kernel /l2/Image \
			-initrd /l2/initrd.cpio -append "console=ttyAMA0 rdinit=/init quiet pvnest.level=2"
	else
		echo "PVNEST RUN level=L2 what=microbench"
		bench
	fi
	;;
*)
	echo "PVNEST ERROR unknown level/config '$level:$config'"
	;;
esac
echo "PVNEST L$level DONE"
sync
poweroff -f
