#!/bin/sh
# Build the testbed's guest images, cached under $PVNEST_CACHE/testbed:
#   sysroot/   arm64 Debian packages (QEMU for the inner levels, busybox)
#              fetched with scripts/aptfetch.sh's private apt configuration
#   l1/initrd.cpio  busybox + QEMU + the bare-metal payloads + qmpcmd (guest hypervisor),
#                   and an L2 Linux guest (the kernel, busybox, /init)
#   every level: the application suite's level script, agent, the workload
#                server script with the workload table it reads (/apps/) and
#                the kernel modules they need (apps mode)
#   l0/initrd.cpio  the same + the L1 kernel and initrd     (host hypervisor)
#   manifest.txt    package versions and SHA256 of everything that went in
# Prints the cache directory.
#   build-images.sh MICROBENCH_ELF   (the payloads that run at virtual EL2,
#                                    $payloads, sit beside it)
set -eu
mb=$1
payloads="pvfuzz pvhostile pvvalues"
for p in $payloads; do
	[ -f "$(dirname "$mb")/$p.elf" ] || { echo "build-images: $(dirname "$mb")/$p.elf missing: build first (make build)" >&2; exit 1; }
done
payload_files=$(for p in $payloads; do echo "$(dirname "$mb")/$p.elf"; done)
top=$(cd "$(dirname "$0")/.." && pwd)
. "${PVNEST_CONF:-$top/pvnest.conf}"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
out=$cache/testbed
kernel=$(sh "$top/scripts/fetch-kernel.sh")
modules=$(sh "$top/scripts/fetch-modules.sh")
# serve.sh and what it reads (the workload table and its accessor): they
# travel together, into /apps/ and then the image's /pvnest/.
apps="serve.sh workload.sh workload.awk workloads.txt"
mkdir -p "$out"
# One assembly at a time: the scratch roots below are shared by every key.
exec 9> "$out/.lock"
flock 9
log() { echo "build-images: $*" >&2; }

# 1. arm64 packages and their dependency closure (private apt, download only).
debs=$(sh "$top/scripts/aptfetch.sh" --closure "$TESTBED_SUITE" $TESTBED_PACKAGES)
stamp=$(for d in $debs; do basename "$d"; done | sort | sha256sum | cut -c1-16)
sysroot=$out/sysroot-$stamp
if [ ! -d "$sysroot" ]; then
	log "extracting $(echo "$debs" | wc -w) arm64 packages"
	rm -rf "$sysroot.tmp" && mkdir -p "$sysroot.tmp"
	for d in $debs; do dpkg-deb -x "$d" "$sysroot.tmp"; done
	mv "$sysroot.tmp" "$sysroot"
fi

# 2. A root with busybox, qemu-system-aarch64 and exactly the libraries it needs.
libdirs="$sysroot/usr/lib/aarch64-linux-gnu $sysroot/lib/aarch64-linux-gnu $sysroot/usr/lib"
findlib() { for d in $libdirs; do [ -e "$d/$1" ] && { echo "$d/$1"; return; }; done; echo "build-images: missing library $1" >&2; exit 1; }
needed() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
base_root() {	# DIR
	r=$1
	rm -rf "$r" && mkdir -p "$r/bin" "$r/usr/bin" "$r/lib" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp "$sysroot/usr/bin/busybox" "$r/bin/busybox"
	cp "$sysroot/usr/bin/qemu-system-aarch64" "$r/usr/bin/"
	apps_files "$r"
	cp "$mb" "$r/microbench.elf"
	for p in $payloads; do cp "$(dirname "$mb")/$p.elf" "$r/$p.elf"; done
	cp "$out/qmpcmd-$kkey" "$r/bin/qmpcmd"
	# Libraries: breadth-first over NEEDED, plus the dynamic loader.
	todo=$(needed "$r/usr/bin/qemu-system-aarch64") seen=""
	while [ -n "$todo" ]; do
		next=""
		for l in $todo; do
			case " $seen " in *" $l "*) continue ;; esac
			seen="$seen $l"
			p=$(findlib "$l")
			cp -L "$p" "$r/lib/$l"
			next="$next $(needed "$p")"
		done
		todo=$next
	done
	cp -L "$(findlib ld-linux-aarch64.so.1)" "$r/lib/ld-linux-aarch64.so.1"
	mkdir -p "$r/usr/lib" && ln -s ../../lib "$r/usr/lib/aarch64-linux-gnu"
	ln -s lib "$r/lib64" 2>/dev/null || true
}
# /init and the application suite's files (every level, L2 Linux included).
apps_files() {	# DIR
	cp "$top/testbed/init.sh" "$1/init" && chmod +x "$1/init"
	cp "$top/testbed/apps-level.sh" "$1/apps-level.sh"
	cp "$top/testbed/agent.sh" "$1/agent.sh" && chmod +x "$1/agent.sh"
	mkdir -p "$1/apps" && (cd "$top/workloads/apps" && cp $apps "$1/apps/")
	mkdir -p "$1/modules" && cp "$modules"/*.ko "$modules/load.order" "$1/modules/"
	basename "$(dirname "$kernel")" > "$1/modules/version"
}
cpio_of() { (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$2.tmp" && mv "$2.tmp" "$2"; }

# qmpcmd (hypervisor/qmpcmd.c) reads KVM's binary stats in L0: static arm64.
kkey=$(cat "$top/hypervisor/qmpcmd.c" | sha256sum | cut -c1-16)
if [ ! -f "$out/qmpcmd-$kkey" ]; then
	aarch64-linux-gnu-gcc -static -O2 -Wall -o "$out/qmpcmd-$kkey.tmp" "$top/hypervisor/qmpcmd.c" ||
		{ log "cannot build qmpcmd for arm64 (sh scripts/deps.sh testbed installs the cross compiler)"; exit 1; }
	mv "$out/qmpcmd-$kkey.tmp" "$out/qmpcmd-$kkey"
fi
# The L1 kernel rewritten for each profile (PV mode: nested-pv-PROFILE),
# cached by its inputs (pvrewrite's output is a function of them).
pvrewrite=${PVNEST_BUILD:-$top/build}/rewriter/pvrewrite
[ -x "$pvrewrite" ] || { log "$pvrewrite missing: build first (make build)"; exit 1; }
pvkey=$( (sha256sum "$kernel" "$pvrewrite" | cut -d' ' -f1; echo "$PV_PROFILES $modules") | sha256sum | cut -c1-16)
pvdir=$out/l1-pv-$pvkey
if [ ! -d "$pvdir" ]; then
	rm -rf "$pvdir.tmp" && mkdir -p "$pvdir.tmp"
	for p in $PV_PROFILES; do
		"$pvrewrite" -p "$p" -m vhe -o "$pvdir.tmp/$p.Image" -r "$pvdir.tmp/$p.json" "$kernel" > "$pvdir.tmp/$p.log" 2>&1 ||
			{ log "pvrewrite -p $p failed on $kernel (log: $pvdir.tmp/$p.log)"; exit 1; }
		# Its modules too: a module's code runs at the rewritten L1's EL1
		# like the kernel's (the bridge's per-CPU accesses read TPIDR_EL2).
		mkdir -p "$pvdir.tmp/modules-$p"
		while read -r m; do
			"$pvrewrite" -p "$p" -m vhe -o "$pvdir.tmp/modules-$p/$m.ko" "$modules/$m.ko" > "$pvdir.tmp/modules-$p/$m.log" 2>&1 ||
				{ log "pvrewrite -p $p failed on $m.ko (log: $pvdir.tmp/modules-$p/$m.log)"; exit 1; }
		done < "$modules/load.order"
	done
	mv "$pvdir.tmp" "$pvdir"
fi
key=$( (cat "$top/testbed/init.sh" "$top/testbed/apps-level.sh" "$top/testbed/agent.sh" "$mb" $payload_files
	cd "$top/workloads/apps" && cat $apps; echo "$stamp $kernel $kkey $pvkey $modules") | sha256sum | cut -c1-16)
if [ ! -f "$out/l0-$key/initrd.cpio" ]; then
	log "assembling L1 and L0 initramfs ($key)"
	base_root "$out/root1"
	# The PV guest hypervisors' modules, rewritten like their kernels.
	for p in $PV_PROFILES; do
		mkdir -p "$out/root1/modules.$p"
		cp "$pvdir/modules-$p"/*.ko "$modules/load.order" "$out/root1/modules.$p/"
		cp "$out/root1/modules/version" "$out/root1/modules.$p/"
	done
	# An L2 Linux guest (pvnest.l2=linux): the same kernel, busybox and /init.
	mkdir -p "$out/root2/bin" "$out/root2/proc" "$out/root2/sys" "$out/root2/dev" "$out/root2/tmp" "$out/root1/l2"
	cp "$sysroot/usr/bin/busybox" "$out/root2/bin/busybox"
	apps_files "$out/root2"
	cpio_of "$out/root2" "$out/root1/l2/initrd.cpio"
	cp "$kernel" "$out/root1/l2/Image"
	mkdir -p "$out/l1-$key"
	cpio_of "$out/root1" "$out/l1-$key/initrd.cpio"
	base_root "$out/root0"
	mkdir -p "$out/root0/l1"
	cp "$kernel" "$out/root0/l1/Image"
	for p in $PV_PROFILES; do cp "$pvdir/$p.Image" "$out/root0/l1/Image.$p"; done
	cp "$out/l1-$key/initrd.cpio" "$out/root0/l1/initrd.cpio"
	mkdir -p "$out/l0-$key"
	cpio_of "$out/root0" "$out/l0-$key/initrd.cpio"
	rm -rf "$out/root0" "$out/root1" "$out/root2"
	{
		echo "# pvnest testbed images $key, built $(date -u +%FT%TZ)"
		echo "kernel $(basename "$(dirname "$kernel")") sha256=$(sha256sum "$kernel" | cut -d' ' -f1)"
		for d in $debs; do echo "deb $(basename "$d") sha256=$(sha256sum "$d" | cut -d' ' -f1)"; done
		echo "kernel-source $(cat "$(dirname "$kernel")/source.txt")"
		echo "modules $(cut -d' ' -f1,2 "$modules/source.txt") sha256=$(cut -d' ' -f3 "$modules/source.txt"): $(tr '\n' ' ' < "$modules/load.order")"
		echo "microbench sha256=$(sha256sum "$mb" | cut -d' ' -f1)"
		for p in $payloads; do echo "$p sha256=$(sha256sum "$(dirname "$mb")/$p.elf" | cut -d' ' -f1)"; done
		for p in $PV_PROFILES; do echo "l1-pv-$p sha256=$(sha256sum "$pvdir/$p.Image" | cut -d' ' -f1)"; done
		echo "qmpcmd sha256=$(sha256sum "$out/qmpcmd-$kkey" | cut -d' ' -f1)"
		echo "l1-initrd sha256=$(sha256sum "$out/l1-$key/initrd.cpio" | cut -d' ' -f1)"
		echo "l0-initrd sha256=$(sha256sum "$out/l0-$key/initrd.cpio" | cut -d' ' -f1)"
	} > "$out/l0-$key/manifest.txt"
fi
echo "$out/l0-$key"
