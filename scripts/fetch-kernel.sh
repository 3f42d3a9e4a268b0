#!/bin/sh
# Fetch (once) the pinned Debian arm64 kernel Image and print its path.
# The .deb comes through scripts/aptfetch.sh (private apt configuration);
# its SHA256 is checked against the pin below before anything is extracted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../pvnest.conf"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
dir=$cache/kernel/$KERNEL_VERSION
img=$dir/Image
if [ ! -f "$img" ]; then
	if ! deb=$(sh "$here/aptfetch.sh" "$KERNEL_SUITE" "$KERNEL_PACKAGE=$KERNEL_DEB_VERSION"); then
		echo "fetch-kernel: the pinned $KERNEL_PACKAGE $KERNEL_DEB_VERSION is gone from $KERNEL_SUITE;" >&2
		echo "fetch-kernel: update pvnest.conf to a version the mirror has (apt-cache policy)." >&2
		exit 1
	fi
	sum=$(sha256sum "$deb" | cut -d' ' -f1)
	if [ "$sum" != "$KERNEL_DEB_SHA256" ]; then
		echo "fetch-kernel: $deb: SHA256 $sum, expected $KERNEL_DEB_SHA256" >&2
		exit 1
	fi
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp/x"
	mv "$dir.tmp/x/usr/lib/modules/$KERNEL_VERSION/vmlinuz" "$dir.tmp/Image"
	rm -rf "$dir.tmp/x" "$dir" && mv "$dir.tmp" "$dir"
	echo "fetch-kernel: $KERNEL_PACKAGE $KERNEL_DEB_VERSION -> $img" >&2
fi
echo "$img"
