#!/bin/sh
# Fetch (once) the pinned Debian arm64 kernel Image and print its path.
# The .deb comes through scripts/pin.sh (pinned version and SHA256, or the
# suite's successor when the pin is gone). Beside the Image, source.txt
# says which package, version and SHA256 it came from: "PACKAGE VERSION
# SHA256" (scripts/provenance-pins.sh compares it with the pin).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../pvnest.conf
. "${PVNEST_CONF:-$here/../pvnest.conf}"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
# The pinned kernel, once fetched, needs no network.
pinned=$cache/kernel/$KERNEL_VERSION
if [ -f "$pinned/Image" ] && [ "$(cut -d' ' -f3 "$pinned/source.txt" 2>/dev/null)" = "$KERNEL_DEB_SHA256" ]; then
	echo "$pinned/Image"
	exit 0
fi
set -- $(sh "$here/pin.sh" kernel)
deb=$1 abi=$6
dir=$cache/kernel/$abi
if [ ! -f "$dir/Image" ] || [ "$(cut -d' ' -f3 "$dir/source.txt" 2>/dev/null)" != "$4" ]; then
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp/x"
	mv "$dir.tmp/x/usr/lib/modules/$abi/vmlinuz" "$dir.tmp/Image"
	echo "$2 $3 $4" > "$dir.tmp/source.txt"
	rm -rf "$dir.tmp/x" "$dir" && mv "$dir.tmp" "$dir"
	echo "fetch-kernel: $2 $3 ($5) -> $dir/Image" >&2
fi
echo "$dir/Image"
