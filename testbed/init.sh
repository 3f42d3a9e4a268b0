#!/bin/busybox sh
# /init of every testbed level (L0 and L1 run the same script). What this
# level does comes from the kernel command line:
#   pvnest.level=N         0 = host hypervisor, 1 = guest hypervisor
#   pvnest.config=NAME     vm | nested-nv2 (level 0 only)
#   pvnest.trace=1         level 0 records kvm events in tracefs
# Markers on the console ("PVNEST ...") let the driver follow the run.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /tmp && mount -t tmpfs tmp /tmp
arg() { sed -n "s/.*pvnest\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
level=$(arg level) config=$(arg config) trace=$(arg trace)
echo "PVNEST L$level UP kernel=$(uname -r) cpus=$(nproc)"
[ -c /dev/kvm ] || { echo "PVNEST ERROR L$level has no /dev/kvm"; poweroff -f; }

qemu() { /usr/bin/qemu-system-aarch64 -accel kvm -nographic -nodefaults -serial stdio -no-reboot "$@"; }

start_trace() {
	t=/sys/kernel/tracing
	mount -t tracefs tracefs $t 2>/dev/null
	echo 0 > $t/tracing_on
	echo 65536 > $t/buffer_size_kb
	echo > $t/trace
	for e in kvm_exit kvm_nested_eret kvm_inject_nested_exception kvm_sys_access kvm_hvc_arm64; do
		echo 1 > $t/events/kvm/$e/enable 2>/dev/null || echo "PVNEST WARN no tracepoint $e"
	done
	echo 1 > $t/tracing_on
}

stop_trace() {
	t=/sys/kernel/tracing
	echo 0 > $t/tracing_on
	# The trace goes to the driver through the second console (virtio).
	if [ -c /dev/hvc0 ]; then
		echo "PVNEST TRACE BEGIN" > /dev/hvc0
		cat $t/trace > /dev/hvc0
		echo "PVNEST TRACE END" > /dev/hvc0
	fi
	echo "PVNEST TRACE lines=$(wc -l < $t/trace)"
}

case "$level:$config" in
0:vm)
	echo "PVNEST RUN level=L1 what=microbench"
	qemu -M virt,gic-version=3 -cpu host -smp 2 -m 64M -kernel /microbench.elf
	;;
0:nested-nv2)
	[ "$trace" = 1 ] && start_trace
	echo "PVNEST RUN level=L1 what=linux"
	qemu -M virt,virtualization=on,gic-version=3 -cpu host -smp 2 -m 1024M \
		-kernel /l1/Image -initrd /l1/initrd.cpio \
		-append "console=ttyAMA0 rdinit=/init quiet pvnest.level=1"
	[ "$trace" = 1 ] && stop_trace
	;;
1:*)
	echo "PVNEST RUN level=L2 what=microbench"
	qemu -M virt,gic-version=3 -cpu host -smp 2 -m 64M -kernel /microbench.elf
	;;
*)
	echo "PVNEST ERROR unknown level/config '$level:$config'"
	;;
esac
echo "PVNEST L$level DONE"
sync
poweroff -f
