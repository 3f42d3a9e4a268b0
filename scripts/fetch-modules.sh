#!/bin/sh
# Fetch (once) the kernel's modules package (scripts/pin.sh: the same kernel
# as fetch-kernel.sh) and keep only the modules GUEST_MODULES names and their
# dependencies, decompressed (busybox insmod then needs no xz support), with
# load.order listing them dependencies first. Prints the directory:
# DIR/load.order, DIR/*.ko, DIR/source.txt (as fetch-kernel.sh's).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../pvnest.conf
. "${PVNEST_CONF:-$here/../pvnest.conf}"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
# The pinned modules, once fetched, need no network.
key=$(echo "$KERNEL_MODULES_DEB_SHA256 $GUEST_MODULES" | sha256sum | cut -c1-16)
dir=$cache/kernel/$KERNEL_VERSION/modules-$key
[ -f "$dir/load.order" ] && { echo "$dir"; exit 0; }
set -- $(sh "$here/pin.sh" modules)
deb=$1 abi=$6 mpkg=$2
key=$(echo "$4 $GUEST_MODULES" | sha256sum | cut -c1-16)
dir=$cache/kernel/$abi/modules-$key
[ -f "$dir/load.order" ] && { echo "$dir"; exit 0; }
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/x"
echo "$2 $3 $4" > "$dir.tmp/source.txt"
dpkg-deb -x "$deb" "$dir.tmp/x"
tree=$dir.tmp/x/usr/lib/modules/$abi/kernel
path() { find "$tree" -name "$1.ko.xz" | head -n1; }
# A module's dependencies are in its .modinfo section ("depends=a,b").
deps() { xz -dc "$(path "$1")" | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '; }
add() {	# MODULE: its dependencies first, each module once
	grep -qx "$1" "$dir.tmp/load.order" 2>/dev/null && return
	[ -n "$(path "$1")" ] || { echo "fetch-modules: no module $1 in $mpkg" >&2; exit 1; }
	for d in $(deps "$1"); do add "$d"; done
	xz -dc "$(path "$1")" > "$dir.tmp/$1.ko"
	echo "$1" >> "$dir.tmp/load.order"
}
: > "$dir.tmp/load.order"
for m in $GUEST_MODULES; do add "$m"; done
rm -rf "$dir.tmp/x" "$dir" && mv "$dir.tmp" "$dir"
echo "$dir"
