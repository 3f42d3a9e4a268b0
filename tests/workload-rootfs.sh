#!/bin/sh
# The workload root filesystem (workloads/rootfs/build-rootfs.sh), checked
# without booting it: built or reused from the cache, read with debugfs (an
# ext4 file system, the manifest, aarch64 binaries, mariadb's data
# directory, the kernbench tree), then a copy is unpacked and its binaries
# run under qemu-aarch64 (binfmt_misc) in a chroot. Needs root.
#   workload-rootfs.sh PROJECT_DIR WORKDIR
# A cold build takes ~10 min (download, emulated maintainer scripts).
set -eu
top=$1 w=$2
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$w" && mkdir -p "$w"
img=$(sh "$top/workloads/rootfs/build-rootfs.sh") || fail "build-rootfs.sh failed"
man=$(dirname "$img")/manifest.txt
# shellcheck source-path=SCRIPTDIR source=../workloads/rootfs/packages.conf
. "$top/workloads/rootfs/packages.conf"
dbg() { debugfs -R "$1" "$img" 2>/dev/null; }

# 1. A consistent ext4 file system whose SHA256 the manifest records.
[ -f "$img" ] || fail "no image at $img"
dumpe2fs -h "$img" 2>/dev/null | grep -q '^Filesystem magic number: *0xEF53' || fail "$img is not an ext2/3/4 file system"
dumpe2fs -h "$img" 2>/dev/null | grep '^Filesystem features:' | grep -q ' extent' || fail "$img is not ext4 (no extents)"
e2fsck -fn "$img" > "$w/e2fsck.log" 2>&1 || fail "e2fsck finds errors in $img (see $w/e2fsck.log)"
sum=$(sha256sum "$img" | cut -d' ' -f1)
grep -q "^sha256 $sum " "$man" || fail "the image's SHA256 $sum is not the one in $man"

# 2. Every package of packages.conf is in the manifest with a version.
n=0
for p in $WORKLOAD_PACKAGES $KERNBENCH_PACKAGE; do
	grep -Eq "^$p=[0-9][^ ]*\$" "$man" || fail "the manifest has no version of $p"
	n=$((n + 1))
done
grep -q "^$KERNBENCH_PACKAGE=$KERNBENCH_VERSION\$" "$man" || fail "$KERNBENCH_PACKAGE is not the pinned $KERNBENCH_VERSION"

# 3. The key binaries are aarch64 ELF files (symlinks followed in the image).
resolve() {	# PATH -> the file it leads to
	p=$1 i=0
	while dbg "stat $p" | grep -q 'Type: symlink'; do
		t=$(dbg "stat $p" | sed -n 's/^Fast link dest: "\(.*\)"$/\1/p')
		[ -n "$t" ] || t=$(dbg "cat $p")
		case $t in /*) p=$t ;; *) p=$(dirname "$p")/$t ;; esac
		i=$((i + 1))
		[ $i -lt 10 ] || return 1
	done
	echo "$p"
}
# Every server the workload table names (serve.sh starts them), and the
# in-image tools: ab, sysbench (prepares the tables), hackbench, gcc (kernbench).
servers=$(for n in $(sh "$top/workloads/apps/workload.sh" --names); do sh "$top/workloads/apps/workload.sh" "$n" server; done | sort -u)
[ -n "$servers" ] || fail "no servers in workloads/apps/workloads.txt"
bins="$(echo $servers) ab sysbench hackbench gcc"
for b in $bins; do
	p=""
	for d in /usr/sbin /usr/bin; do
		dbg "stat $d/$b" | grep -q '^Inode:' && { p=$d/$b; break; }
	done
	[ -n "$p" ] || fail "$b is not in /usr/bin or /usr/sbin"
	f=$(resolve "$p") || fail "$p: too many symlinks"
	hdr=$(dbg "cat $f" | od -An -tx1 -N20 | tr -d ' \n')
	case $hdr in 7f454c460201*) ;; *) fail "$f ($b) is not a 64-bit little-endian ELF file" ;; esac
	# e_machine, bytes 18-19: 183 (0xb7) is EM_AARCH64.
	[ "$(echo "$hdr" | cut -c37-40)" = b700 ] || fail "$f ($b) is not an aarch64 binary"
done

# 4. mariadb's data directory is initialized and belongs to its user.
uid=$(dbg "cat /etc/passwd" | awk -F: '$1 == "mysql" { print $3 }')
[ -n "$uid" ] || fail "no mysql user in the image"
dbg "ls -l /var/lib/mysql/mysql" | grep -q ' global_priv\.frm *$' || fail "mariadb's system tables are missing"
dbg "ls -l /var/lib/mysql" | grep -q ' ibdata1 *$' || fail "InnoDB's system tablespace is missing"
dbg "stat /var/lib/mysql/mysql" | grep -Eq "^User: +$uid " || fail "/var/lib/mysql/mysql is not owned by mysql ($uid)"

# 5. The kernbench tree, configured, and its driver.
tree=$(dbg "cat /opt/kernbench/tree")
[ "$tree" = "$KERNBENCH_TREE" ] || fail "kernbench tree is '$tree', not $KERNBENCH_TREE"
dbg "stat /opt/kernbench/run.sh" | grep -q 'Mode: *0755' || fail "/opt/kernbench/run.sh missing or not executable"
dbg "cat /opt/kernbench/$tree/.config" | grep -q '^ARCH_LITTLE_ENDIAN=y' || fail "kernbench tree not configured"
[ "$(dbg "cat /opt/kernbench/small.targets" | wc -l)" -gt 100 ] || fail "kernbench small target list missing"

# 6. The binaries run: an unpacked copy, chroot, qemu-aarch64 via binfmt_misc
# (QEMU_CPU as in build-rootfs.sh), and gcc builds a program that runs.
root=$w/root
mkdir -p "$root"
debugfs -R "rdump / $root" "$img" > /dev/null 2>&1 || fail "cannot unpack $img"
export QEMU_CPU=cortex-a72
run() {	# NAME COMMAND...
	name=$1; shift
	chroot "$root" "$@" > "$w/$name.out" 2>&1 ||
		fail "'$*' does not run in the image: $(head -n 3 "$w/$name.out")"
}
run netserver /usr/bin/netserver -V
run apache2 /usr/sbin/apache2 -v
run ab /usr/bin/ab -V
run nginx /usr/sbin/nginx -v
run memcached /usr/bin/memcached -V
run mariadbd /usr/sbin/mariadbd --version
run sysbench /usr/bin/sysbench --version
run hackbench /usr/bin/hackbench --help
printf '#include <stdio.h>\nint main(void) { puts("hello aarch64"); return 0; }\n' > "$root/tmp/hello.c"
run gcc gcc -O2 -o /tmp/hello /tmp/hello.c
run hello /tmp/hello
grep -q '^hello aarch64$' "$w/hello.out" || fail "the program gcc built printed: $(cat "$w/hello.out")"
rm -rf "$root"
echo "workload rootfs ok: $img ($(grep -vc '^#\|^sha256 ' "$man") packages, $n listed, $(echo "$bins" | wc -w) aarch64 binaries, mariadb initialized)"
