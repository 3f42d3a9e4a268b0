#!/bin/sh
# Configure the kernbench tree once, when the image is built, inside the
# image (chroot) with its own make and gcc, so that a run only compiles.
# Installed as /opt/kernbench/prepare.sh; the tree is already unpacked there.
set -eu
cd /opt/kernbench
tree=$(cat tree)
# uClibc wants one directory with linux/, asm/ and asm-generic/; Debian
# splits them (asm/ is multiarch).
mkdir -p kheaders
ln -sfn /usr/include/linux kheaders/linux
ln -sfn /usr/include/asm-generic kheaders/asm-generic
ln -sfn /usr/include/aarch64-linux-gnu/asm kheaders/asm
cd "$tree"
# Smallest configuration, little-endian (Kconfig's aarch64 default is big).
make -s ARCH=aarch64 allnoconfig < /dev/null
sed -i -e 's/^ARCH_BIG_ENDIAN=y/# ARCH_BIG_ENDIAN is not set/' \
	-e 's/^ARCH_WANTS_BIG_ENDIAN=y/# ARCH_WANTS_BIG_ENDIAN is not set/' \
	-e 's/^# ARCH_WANTS_LITTLE_ENDIAN is not set/ARCH_WANTS_LITTLE_ENDIAN=y/' \
	-e 's|^KERNEL_HEADERS=.*|KERNEL_HEADERS="/opt/kernbench/kheaders"|' .config
make -s olddefconfig < /dev/null
grep -q '^ARCH_LITTLE_ENDIAN=y' .config || { echo "kernbench: not little-endian" >&2; exit 1; }
# small = the objects of libc/string and libc/stdio, from make's own database.
make -pn all 2>/dev/null < /dev/null | sed -n 's|^lib/libc\.a: ||p' | tr ' ' '\n' |
	grep -E '^libc/(string|stdio)/.*\.o$' | sort -u > ../small.targets
[ "$(wc -l < ../small.targets)" -gt 100 ] || { echo "kernbench: small target list too short" >&2; exit 1; }
# A second copy with uClibc's generated headers made (make pregen): the
# TCG-sized kernbench (workloads/apps/serve.sh) copies it and compiles only.
# Under emulation pregen alone takes minutes; paid here once, not per boot.
rm -rf "../$tree.pregen" && cp -a . "../$tree.pregen"
make -s -C "../$tree.pregen" pregen < /dev/null > /dev/null
touch "../$tree.pregen/.pvnest-pregen-done"
