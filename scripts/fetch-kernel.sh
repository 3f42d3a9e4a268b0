#!/bin/sh
# Fetch (once) the pinned Debian arm64 kernel Image and print its path.
# The .deb comes through scripts/pin.sh (pinned version and SHA256, or the
# suite's successor when the pin is gone). Beside the Image, source.txt
# says which package, version and SHA256 it came from: "PACKAGE VERSION
# SHA256" (scripts/provenance-pins.sh compares it with the pin).
#   fetch-kernel.sh [kernel|kernel61]   (the pin, pin.sh's name; default kernel)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../pvnest.conf
. "${PVNEST_CONF:-$here/../pvnest.conf}"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
pin=${1:-kernel}
case $pin in
kernel) version=$KERNEL_VERSION sha=$KERNEL_DEB_SHA256 ;;
kernel61) version=$KERNEL61_VERSION sha=$KERNEL61_DEB_SHA256 ;;
*) echo "fetch-kernel: unknown kernel pin '$pin' (kernel, kernel61)" >&2; exit 2 ;;
esac
# The pinned kernel, once fetched, needs no network.
pinned=$cache/kernel/$version
if [ -f "$pinned/Image" ] && [ "$(cut -d' ' -f3 "$pinned/source.txt" 2>/dev/null)" = "$sha" ]; then
	echo "$pinned/Image"
	exit 0
fi
set -- $(sh "$here/pin.sh" "$pin")
deb=$1 abi=$6
dir=$cache/kernel/$abi
if [ ! -f "$dir/Image" ] || [ "$(cut -d' ' -f3 "$dir/source.txt" 2>/dev/null)" != "$4" ]; then
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp/x"
	# linux-binary-* (>= 7.x) ships it beside the modules, linux-image-* in /boot.
	for f in "usr/lib/modules/$abi/vmlinuz" "boot/vmlinuz-$abi" ""; do
		[ -n "$f" ] || { echo "fetch-kernel: no vmlinuz for $abi in $deb" >&2; exit 1; }
		[ -f "$dir.tmp/x/$f" ] && { mv "$dir.tmp/x/$f" "$dir.tmp/Image"; break; }
	done
	echo "$2 $3 $4" > "$dir.tmp/source.txt"
	rm -rf "$dir.tmp/x" "$dir" && mv "$dir.tmp" "$dir"
	echo "fetch-kernel: $2 $3 ($5) -> $dir/Image" >&2
fi
echo "$dir/Image"
