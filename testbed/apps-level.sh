# The application suite at one testbed level (sourced by /init when
# pvnest.apps=1). The level pvnest.target names (0 native, 1 vm, 2 nested)
# mounts the workload image, takes 10.77.0.2 and serves the harness's agent;
# each level above it bridges its NIC with a tap for the next level's
# virtio-net (vhost-net where the kernel has it) and hands its disk down.
# The host (10.77.0.1) reaches the target through every bridge; level N's
# own agent listens on 10.77.0.1N (level 0's reads the nested-exit counters).
NET=10.77.0
target=$(arg target)

# Debian's kernel (L1, L2, native L0) needs its modules; pvnest's L0 has
# them built in.
# A guest hypervisor rewritten for profile P loads the modules rewritten
# for P (build-images.sh): theirs run at its EL1 as its kernel does.
apps_modules() {
	d=/modules
	case $level:$config in 1:nested-pv-*) d=/modules.${config#nested-pv-} ;; esac
	[ "$(cat $d/version 2>/dev/null)" = "$(uname -r)" ] || return 0
	while read -r m; do
		insmod "$d/$m.ko" 2>/dev/null || grep -q "^$m " /proc/modules ||
			echo "PVNEST WARN L$level: insmod $d/$m.ko failed"
	done < $d/load.order
}

apps_agent() {
	ip link set lo up
	nc -ll -p 7777 -e /agent.sh &
}

apps_target() {
	mkdir -p /mnt
	mount -t ext4 /dev/vda /mnt || { echo "PVNEST ERROR L$level cannot mount the workload image (/dev/vda)"; return 1; }
	mount -t proc proc /mnt/proc && mount -t sysfs sys /mnt/sys && mount -t devtmpfs dev /mnt/dev &&
		mkdir -p /mnt/dev/pts && mount -t devpts devpts /mnt/dev/pts && mount -t tmpfs tmp /mnt/tmp
	# serve.sh with the workload table it reads (build-images.sh: /apps/).
	mkdir -p /mnt/pvnest && cp /apps/* /mnt/pvnest/
	ip addr add $NET.2/24 dev eth0 && ip link set eth0 up ||
		{ echo "PVNEST ERROR L$level has no network (eth0)"; return 1; }
	apps_agent
	echo "PVNEST APPS UP level=L$level ip=$NET.2 mem_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) cpus=$(nproc)"
	while [ ! -f /tmp/pvnest-shutdown ]; do sleep 1; done
	sync
}

# Above the target: bridge eth0 and tap0, start the next level with both.
apps_next() {
	brctl addbr br0 && brctl addif br0 eth0 && tunctl -t tap0 >/dev/null && brctl addif br0 tap0 ||
		{ echo "PVNEST ERROR L$level cannot bridge eth0 and tap0 for the next level"; return 1; }
	ip link set eth0 up && ip link set tap0 up && ip link set br0 up && ip addr add $NET.1$level/24 dev br0
	apps_agent
	vhost=off; [ -c /dev/vhost-net ] && vhost=on
	nic="-netdev tap,id=n0,ifname=tap0,script=no,downscript=no,vhost=$vhost -device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:1$((level + 1)),romfile="
	disk="-drive file=/dev/vda,format=raw,if=none,id=d0,cache=none -device virtio-blk-pci,drive=d0"
	next="pvnest.level=$((level + 1)) pvnest.config=$config pvnest.apps=1 pvnest.target=$target"
	el2="" mem=1024M kern=/l1/Image initrd=/l1/initrd.cpio
	if [ "$level" = 0 ]; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
		# A nested target: L1 is a guest hypervisor (EL2), with room for L2.
		case $config in nested-*) el2=",virtualization=on" mem=2048M ;; esac
		case $config in nested-pv-*) kern=/l1/Image.${config#nested-pv-} ;; esac
	else
		kern=/l2/Image initrd=/l2/initrd.cpio
	fi
	echo "PVNEST RUN level=L$((level + 1)) what=apps kernel=$kern vhost=$vhost"
	# shellcheck disable=SC2086
	qemu -M virt$el2,gic-version=3 -cpu host,kvm-no-adjvtime=on -smp 2 -m $mem -kernel $kern -initrd $initrd \
		$nic $disk -append "console=ttyAMA0 rdinit=/init quiet $next" & pin_vcpus $!
	wait $!
}
