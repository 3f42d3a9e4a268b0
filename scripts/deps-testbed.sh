#!/bin/sh
# Host packages for the emulated testbed: QEMU >= 10 (bookworm-backports;
# FEAT_NV/NV2 emulation needs >= 9), and the tools to build guest images
# (the arm64 cross compiler and C library for the tools that run in L0).
# Adds bookworm-backports to the system's apt sources if it is missing (the
# ordinary way to get a newer QEMU on Debian 12); idempotent.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
want=10
have=$(qemu-system-aarch64 --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
if [ -n "$have" ] && [ "$have" -ge "$want" ] && command -v cpio >/dev/null && command -v gnuplot >/dev/null &&
	[ -f /usr/aarch64-linux-gnu/include/stdio.h ]; then
	exit 0
fi
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
pin=""
if [ "$codename" = bookworm ]; then
	if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
		echo "deps-testbed: adding bookworm-backports to /etc/apt/sources.list.d/pvnest-backports.list"
		echo "deb http://deb.debian.org/debian bookworm-backports main" |
			$SUDO tee /etc/apt/sources.list.d/pvnest-backports.list >/dev/null
	fi
	pin="-t bookworm-backports"
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pin \
	qemu-system-arm qemu-efi-aarch64 ipxe-qemu
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cpio xz-utils zstd gnuplot-nox \
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
have=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p')
[ "$have" -ge "$want" ] || { echo "deps-testbed: QEMU $have installed, need >= $want" >&2; exit 1; }
