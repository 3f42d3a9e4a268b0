#!/bin/sh
# The application suite's server/load pairs without the emulated stack:
# workloads/apps/serve.sh runs in a chroot into a copy of the workload root
# filesystem (arm64, under qemu-aarch64 through binfmt_misc) in a "guest"
# network namespace at 10.77.0.2, bench/loadgen.sh on the x86 side in a
# "host" namespace at 10.77.0.1, joined by a veth pair. For each workload
# at size smoke: start (must print READY and return: a server holding the
# caller's output open would hang it), load (or serve.sh run for hackbench
# and kernbench), a well-formed first RESULT line with a positive value,
# stop (the server's port must be free after).
# Needs root.
#   apps-pairs.sh PROJECT_DIR WORKDIR [WORKLOADS]   (default: every one of
#                                                    workloads/apps/workloads.txt)
set -eu
top=$(cd "$1" && pwd) w=$2
shift 2
wl() { sh "$top/workloads/apps/workload.sh" "$@"; }
all=$(wl --names | tr "\n" " ") && [ -n "$all" ] || { echo "FAIL: cannot read the workload table"; exit 1; }
list=$(echo "${*:-$all}" | tr , ' ')
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (loop mount, chroot, network namespaces)"
start=$(date +%s)

sh "$top/scripts/deps-bench.sh" || fail "cannot install the load tools (scripts/deps-bench.sh)"
img=$(sh "$top/workloads/rootfs/build-rootfs.sh") || fail "build-rootfs.sh failed"
bf=/proc/sys/fs/binfmt_misc/qemu-aarch64
grep -qs '^enabled' "$bf" || update-binfmts --enable qemu-aarch64 > /dev/null 2>&1 || true
grep -qs '^enabled' "$bf" || fail "qemu-aarch64 is not registered in binfmt_misc (see workloads/rootfs/build-rootfs.sh)"

root=$w/root
gns=pvapps-g$$ hns=pvapps-h$$
cleanup() {
	set +e
	# Whatever still runs in the chroot was started by this test.
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -KILL "${p#/proc/}" 2>/dev/null
	done
	sleep 1
	for m in dev/pts dev proc sys tmp; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
	done
	mountpoint -q "$root" 2>/dev/null && umount "$root"
	ip netns del "$gns" 2>/dev/null
	ip netns del "$hns" 2>/dev/null
	rm -f "$w/rootfs.ext4"
}
rm -rf "$w" && mkdir -p "$w" "$root"
w=$(cd "$w" && pwd -P) root=$w/root
trap 'cleanup' EXIT
trap 'exit 1' INT TERM HUP

# A sparse copy (the cached image stays untouched), loop-mounted; the
# mounts the lead's guest init makes.
cp --sparse=always "$img" "$w/rootfs.ext4"
mount -o loop "$w/rootfs.ext4" "$root" || fail "cannot loop-mount $w/rootfs.ext4"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount -t devtmpfs devtmpfs "$root/dev"
mkdir -p "$root/dev/pts" && mount -t devpts devpts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/tmp"
# serve.sh and the workload table it reads, as the testbed's levels copy them.
mkdir -p "$root/pvnest"
cp "$top/workloads/apps/serve.sh" "$top/workloads/apps/workload.sh" "$top/workloads/apps/workload.awk" \
	"$top/workloads/apps/workloads.txt" "$root/pvnest/"

ip netns add "$gns"
ip netns add "$hns"
ip link add "pva$$h" netns "$hns" type veth peer name "pva$$g" netns "$gns"
ip -n "$hns" addr add 10.77.0.1/24 dev "pva$$h"
ip -n "$gns" addr add 10.77.0.2/24 dev "pva$$g"
ip -n "$hns" link set lo up
ip -n "$gns" link set lo up
ip -n "$hns" link set "pva$$h" up
ip -n "$gns" link set "pva$$g" up

# serve.sh as the guest agent would run it: a bare environment. Under
# qemu-user, QEMU_CPU avoids DC CVAP (see build-rootfs.sh) and the address
# space limit keeps an emulated mariadbd from growing to the whole memory
# (it reached 23 GB and the OOM killer without it).
guest() {
	# shellcheck disable=SC3045  # -c and -v: dash, bash and busybox sh have them
	(ulimit -c 0; ulimit -v 8388608
	 exec timeout -k 10 1200 nsenter --net="/run/netns/$gns" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		QEMU_CPU=cortex-a72 chroot "$root" /bin/sh /pvnest/serve.sh "$@")
}
host() { timeout -k 10 600 nsenter --net="/run/netns/$hns" sh "$top/bench/loadgen.sh" "$@"; }
# Every RESULT line well-formed, the first one about W with a value > 0.
check() {	# W FILE
	grep -q '^RESULT ' "$2" || { echo "no RESULT line"; return 1; }
	bad=$(grep '^RESULT ' "$2" | grep -Ev "^RESULT workload=$1 metric=[a-z0-9-]+ value=[0-9]+(\.[0-9]+)? unit=[^ ]+ better=(higher|lower)\$" || true)
	[ -z "$bad" ] || { echo "malformed: $bad"; return 1; }
	v=$(grep -m1 '^RESULT ' "$2" | sed 's/.* value=\([^ ]*\) .*/\1/')
	awk -v v="$v" 'BEGIN { exit !(v > 0) }' || { echo "headline value $v is not positive"; return 1; }
}

pass=0 nfail=0
for wl in $list; do
	t0=$(date +%s)
	out=$w/$wl.out
	: > "$out"
	why=""
	case " $all " in
	*" $wl "*)
		# start/stop also for the in-guest ones (kernbench prepares its tree).
		# Both outputs in the pipe: a server holding either open would hang
		# this until the timeout, as it would hang the agent's connection.
		r=$(guest start "$wl" smoke 2>&1) || true
		echo "$r" >> "$out"
		if [ "$(echo "$r" | tail -n 1)" != "READY $wl" ]; then
			why="serve.sh start printed '$(echo "$r" | tail -n 1)'"
		else
			if [ "$(wl "$wl" load)" = guest ]; then
				guest run "$wl" smoke >> "$out" 2>&1 || why="serve.sh run failed"
			else
				host "$wl" smoke 10.77.0.2 >> "$out" 2>&1 || why="loadgen.sh failed"
			fi
		fi
		r=$(guest stop "$wl" 2>&1) || true
		echo "$r" >> "$out"
		[ "$(echo "$r" | tail -n 1)" = "STOPPED $wl" ] ||
			why="${why:+$why; }serve.sh stop printed '$(echo "$r" | tail -n 1)'"
		p=$(wl "$wl" port)
		[ -z "$p" ] || [ -z "$(nsenter --net="/run/netns/$gns" ss -Hltn "sport = :$p")" ] ||
			why="${why:+$why; }port $p still open after stop"
		;;
	*) why="unknown workload" ;;
	esac
	[ -n "$why" ] || why=$(check "$wl" "$out") || true
	secs=$(($(date +%s) - t0))
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok $wl (${secs} s): $(grep -m1 '^RESULT ' "$out" | sed 's/^RESULT workload=[^ ]* //')"
	else
		nfail=$((nfail + 1))
		echo "FAIL $wl (${secs} s): $why"
		tail -n 15 "$out" | sed 's/^/  | /'
		log=$root/tmp/serve-$wl.log
		[ ! -s "$log" ] || { cp "$log" "$w/"; tail -n 5 "$log" | sed 's/^/  log| /'; }
	fi
done
echo "apps pairs at smoke under qemu-user: $(($(date +%s) - start)) s"
echo "$pass passed, $nfail failed"
[ "$nfail" -eq 0 ]
