#!/bin/sh
# Build the arm64 Debian root filesystem the application workloads run in
# (packages.conf): an ext4 image made with mke2fs -d (no loop mount), cached
# under $PVNEST_CACHE/workloads/rootfs-KEY/ with KEY a hash of this
# directory's files (suite, packages, scripts), so a second run only checks.
#   build-rootfs.sh   -> prints the image path; logs go to stderr
# Next to the image, manifest.txt: its SHA256 and every package=version.
# Packages come through mmdebstrap (its own apt configuration inside the
# root; the system's apt setup is untouched); maintainer scripts run under
# qemu-aarch64 (binfmt_misc), services are kept from starting (policy-rc.d).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
out=$cache/workloads
log() { echo "build-rootfs: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source-path=SCRIPTDIR source=packages.conf
. "$here/packages.conf"

key=$(cat "$here/packages.conf" "$here/build-rootfs.sh" "$here/kernbench-prepare.sh" \
	"$here/kernbench-run.sh" | sha256sum | cut -c1-16)
dir=$out/rootfs-$key
img=$dir/rootfs-$key.ext4
if [ -f "$img" ] && [ -f "$dir/manifest.txt" ]; then
	echo "$img"
	exit 0
fi

# chroot, device nodes and maintainer scripts need root.
[ "$(id -u)" -eq 0 ] || exec sudo PVNEST_CACHE="$cache" sh "$0" "$@"

# Host tools (scripts/packages.txt, group rootfs).
sh "$here/../../scripts/deps.sh" rootfs >&2

# arm64 binaries must run on this x86 host: qemu-aarch64 in binfmt_misc.
bf=/proc/sys/fs/binfmt_misc
if ! grep -qs '^enabled' "$bf/qemu-aarch64"; then
	[ -e "$bf/status" ] || mount -t binfmt_misc binfmt_misc "$bf" 2>/dev/null || true
	update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi
{ grep -qs '^enabled' "$bf/qemu-aarch64" && arch-test arm64 >/dev/null 2>&1; } ||
	die "cannot run arm64 binaries: the qemu-aarch64 handler is not registered in $bf (mount binfmt_misc there, then 'update-binfmts --enable qemu-aarch64')"

# qemu-user advertises DC CVAP (HWCAP_DCPOP) but implements it only in
# system mode: mariadbd's bootstrap in mariadb-server's postinst dies of
# SIGILL. A Cortex-A72 (Armv8.0, the Debian baseline) has no DCPOP.
export QEMU_CPU=cortex-a72
# No core dumps: one of an emulated mariadbd grew to 22 GB and met the OOM
# killer. 8 GB of address space per process is plenty for the build.
# shellcheck disable=SC3045  # -c and -v: dash, bash and busybox sh have them
ulimit -c 0
# shellcheck disable=SC3045
ulimit -v 8388608

tmp=$dir.tmp
root=$tmp/root
rm -rf "$tmp" && mkdir -p "$tmp"
# Only the packages named in WORKLOAD_NONFREE may come from non-free.
{
	printf 'Package: *\nPin: release c=non-free\nPin-Priority: -1\n'
	for p in $WORKLOAD_NONFREE; do printf '\nPackage: %s\nPin: release c=non-free\nPin-Priority: 500\n' "$p"; done
} > "$tmp/nonfree.pref"
# shellcheck disable=SC2086  # one package per word
include=$(echo $WORKLOAD_PACKAGES "$KERNBENCH_PACKAGE=$KERNBENCH_VERSION" | tr ' ' ,)
kb=/opt/kernbench
log "building $key: $WORKLOAD_SUITE arm64 with $(echo "$include" | tr , '\n' | wc -l) packages (takes minutes)"
start=$(date +%s)
# essential variant: no init system, no apt; docs, man pages and locales are
# not unpacked (copyright files are kept). apt runs as root: the cache may be
# under /root, where its _apt user cannot enter. The kernbench tree is
# unpacked from uclibc-source's tarball and configured in the chroot.
mmdebstrap --mode=root --variant=essential --architectures=arm64 --include="$include" \
	--aptopt='APT::Sandbox::User "root"' \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
	--setup-hook="mkdir -p \"\$1/etc/apt/preferences.d\" && cp '$tmp/nonfree.pref' \"\$1/etc/apt/preferences.d/pvnest-nonfree\"" \
	--customize-hook="mkdir -p \"\$1$kb\" && tar -xJf \"\$1/usr/src/$KERNBENCH_TREE.tar.xz\" -C \"\$1$kb\" &&
		echo '$KERNBENCH_TREE' > \"\$1$kb/tree\" && cp '$here/kernbench-prepare.sh' \"\$1$kb/prepare.sh\" &&
		cp '$here/kernbench-run.sh' \"\$1$kb/run.sh\" && chmod 755 \"\$1$kb/run.sh\"" \
	--customize-hook="chroot \"\$1\" sh $kb/prepare.sh" \
	"$WORKLOAD_SUITE" "$root" "deb $WORKLOAD_MIRROR $WORKLOAD_SUITE $WORKLOAD_COMPONENTS" >&2 ||
	die "mmdebstrap failed (partial root left in $root)"
! grep -qs " $root/" /proc/mounts || die "something is still mounted under $root"

# What the harness relies on, checked before the image is made.
[ -d "$root/var/lib/mysql/mysql" ] || die "mariadb's data directory was not initialized ($root/var/lib/mysql)"
[ -s "$root$kb/small.targets" ] || die "kernbench tree not configured"
dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${db:Status-Abbrev} ${Package}=${Version}\n' |
	sed -n 's/^ii *//p' | LC_ALL=C sort > "$tmp/packages.txt"
for p in $WORKLOAD_PACKAGES $KERNBENCH_PACKAGE; do
	grep -q "^$p=" "$tmp/packages.txt" || die "package $p is not installed in the root"
done

# Size: the files plus a fifth for ext4's metadata, plus ROOTFS_FREE_MB.
used=$(du -sm "$root" | cut -f1)
size=$((used + used / 5 + ROOTFS_FREE_MB))
log "making a ${size} MB ext4 image of ${used} MB of files"
mke2fs -q -F -t ext4 -m 0 -L pvnest-workload -d "$root" "$tmp/rootfs-$key.ext4" "${size}M" >&2 ||
	die "mke2fs failed"
{
	echo "# pvnest workload rootfs $key, built $(date -u +%FT%TZ) in $(($(date +%s) - start)) s"
	echo "# suite $WORKLOAD_SUITE arm64 ($WORKLOAD_COMPONENTS; non-free only for: $WORKLOAD_NONFREE), mirror $WORKLOAD_MIRROR"
	echo "# mmdebstrap $(dpkg-query -W -f='${Version}' mmdebstrap), qemu-user-static $(dpkg-query -W -f='${Version}' qemu-user-static)"
	echo "# kernbench $KERNBENCH_TREE from $KERNBENCH_PACKAGE=$KERNBENCH_VERSION, at $kb"
	echo "# image rootfs-$key.ext4 size ${size} MB, files ${used} MB, $(wc -l < "$tmp/packages.txt") packages"
	echo "sha256 $(sha256sum "$tmp/rootfs-$key.ext4" | cut -d' ' -f1) rootfs-$key.ext4"
	cat "$tmp/packages.txt"
} > "$tmp/manifest.txt"
rm -rf "$root" "$tmp/packages.txt" "$tmp/nonfree.pref"
rm -rf "$dir" && mv "$tmp" "$dir"
log "built in $(($(date +%s) - start)) s"
echo "$img"
