#!/bin/sh
# The Debian packages a result was made from, as a JSON object for the
# "pins" of a provenance.json: {"kernel": ..., "modules": ..., "l0_source": ...},
# each "PACKAGE VERSION SHA256 pinned" when it is what pvnest.conf pins, or
# "PACKAGE VERSION SHA256 superseded (pinned: VERSION)" when scripts/pin.sh
# had to take the suite's successor, so such a result says so.
#   provenance-pins.sh KERNEL_IMAGE [L0_IMAGE]   (L0_IMAGE: build-l0.sh's)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../pvnest.conf
. "${PVNEST_CONF:-$here/../pvnest.conf}"
kernel=$1 l0=${2:-}
status() {	# "PKG VER SHA" PINNED_SHA PINNED_VERSION
	[ -n "$1" ] || { echo unknown; return; }
	case $1 in *" $2") echo "$1 pinned" ;; *) echo "$1 superseded (pinned: $3)" ;; esac
}
k=$(status "$(cat "$(dirname "$kernel")/source.txt" 2>/dev/null)" "$KERNEL_DEB_SHA256" "$KERNEL_DEB_VERSION")
m=$(status "$(cat "$(sh "$here/fetch-modules.sh")/source.txt" 2>/dev/null)" "$KERNEL_MODULES_DEB_SHA256" "$KERNEL_DEB_VERSION")
s=""
if [ -n "$l0" ] && [ -f "$(dirname "$l0")/manifest.txt" ]; then
	s=$(status "$(sed -n 's/^source \([^ ]*\) \([^ ]*\) sha256=\([0-9a-f]*\).*/\1 \2 \3/p' "$(dirname "$l0")/manifest.txt")" \
		"$L0_SOURCE_DEB_SHA256" "$L0_SOURCE_DEB_VERSION")
fi
# jq, as provenance.sh: every string escaped (no hand-made JSON); no L0
# source (a stock L0 kernel) is null.
jq -n --arg k "$k" --arg m "$m" --arg s "$s" '{kernel: $k, modules: $m, l0_source: (if $s == "" then null else $s end)}'
