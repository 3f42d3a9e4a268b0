#!/bin/sh
# Fetch (once) the pinned kernel's modules package and keep only the modules
# GUEST_MODULES names and their dependencies, decompressed (busybox insmod
# then needs no xz support), with load.order listing them dependencies
# first. Prints the directory: DIR/load.order and DIR/*.ko.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../pvnest.conf"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
key=$(echo "$KERNEL_MODULES_DEB_SHA256 $GUEST_MODULES" | sha256sum | cut -c1-16)
dir=$cache/kernel/$KERNEL_VERSION/modules-$key
[ -f "$dir/load.order" ] && { echo "$dir"; exit 0; }
deb=$(sh "$here/aptfetch.sh" "$KERNEL_SUITE" "$KERNEL_MODULES_PACKAGE=$KERNEL_DEB_VERSION")
sum=$(sha256sum "$deb" | cut -d' ' -f1)
[ "$sum" = "$KERNEL_MODULES_DEB_SHA256" ] || { echo "fetch-modules: $deb: SHA256 $sum, expected $KERNEL_MODULES_DEB_SHA256" >&2; exit 1; }
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/x"
dpkg-deb -x "$deb" "$dir.tmp/x"
tree=$dir.tmp/x/usr/lib/modules/$KERNEL_VERSION/kernel
path() { find "$tree" -name "$1.ko.xz" | head -n1; }
# A module's dependencies are in its .modinfo section ("depends=a,b").
deps() { xz -dc "$(path "$1")" | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '; }
add() {	# MODULE: its dependencies first, each module once
	grep -qx "$1" "$dir.tmp/load.order" 2>/dev/null && return
	[ -n "$(path "$1")" ] || { echo "fetch-modules: no module $1 in $KERNEL_MODULES_PACKAGE" >&2; exit 1; }
	for d in $(deps "$1"); do add "$d"; done
	xz -dc "$(path "$1")" > "$dir.tmp/$1.ko"
	echo "$1" >> "$dir.tmp/load.order"
}
: > "$dir.tmp/load.order"
for m in $GUEST_MODULES; do add "$m"; done
rm -rf "$dir.tmp/x" "$dir" && mv "$dir.tmp" "$dir"
echo "$dir"
