#!/bin/sh
# Fetch a pinned Debian package (pvnest.conf) and say what was used.
#   pin.sh kernel | modules | l0-source | kernel61
# prints one line: DEB PACKAGE VERSION SHA256 STATUS ABI
#   STATUS pinned       the pinned version, its SHA256 checked against the pin
#          superseded   the suite no longer has the pinned version (Debian's
#                       sid drops it when the next upload arrives): its
#                       successor is used, with one line on stderr saying so;
#                       the SHA256 printed is the one measured, recorded in
#                       every result's provenance by the callers
#   ABI    the kernel's release string (e.g. 7.2.13+deb14-arm64; kernel and
#          modules always follow together), or - for the source
# kernel61 is a second kernel for the rewriter's tests (Debian 12's 6.1,
# whose layout differs: pvnest.conf KERNEL61_*).
# The successor: for the kernel and its modules, the packages of the kernel
# that KERNEL_SUCCESSOR_OF (Debian's metapackage) depends on now; for the
# source, the newest version of the same package. PVNEST_PINS=strict stops
# with an error instead (to check that results are at the pinned versions).
# PVNEST_CONF: another configuration file than pvnest.conf.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../pvnest.conf
. "${PVNEST_CONF:-$here/../pvnest.conf}"
what=${1:?usage: pin.sh kernel|modules|l0-source|kernel61}
fetch() { sh "$here/aptfetch.sh" "$@"; }
# The download and its SHA256: fetch-deb.sh, the one check ("DEB SHA256").
fetch_deb() { sh "$here/fetch-deb.sh" "$@"; }
case $what in
kernel) suite=$KERNEL_SUITE pkg=$KERNEL_PACKAGE ver=$KERNEL_DEB_VERSION sha=$KERNEL_DEB_SHA256 abi=$KERNEL_VERSION ;;
modules) suite=$KERNEL_SUITE pkg=$KERNEL_MODULES_PACKAGE ver=$KERNEL_DEB_VERSION sha=$KERNEL_MODULES_DEB_SHA256 abi=$KERNEL_VERSION ;;
kernel61) suite=$KERNEL61_SUITE pkg=$KERNEL61_PACKAGE ver=$KERNEL61_DEB_VERSION sha=$KERNEL61_DEB_SHA256 abi=$KERNEL61_VERSION ;;
l0-source) suite=$L0_SOURCE_SUITE pkg=$L0_SOURCE_PACKAGE ver=$L0_SOURCE_DEB_VERSION sha=$L0_SOURCE_DEB_SHA256 abi=- ;;
*) echo "pin.sh: unknown pin '$what' (kernel, modules, l0-source, kernel61)" >&2; exit 2 ;;
esac

if fetch --show "$suite" "$pkg=$ver" > /dev/null 2>&1; then
	r=$(fetch_deb "$suite" "$pkg=$ver" "$sha" "pvnest.conf pins") || exit 1
	set -- $r
	echo "$1 $pkg $ver $2 pinned $abi"
	exit 0
fi
[ "${PVNEST_PINS:-}" = strict ] && {
	echo "pin.sh: $pkg $ver is no longer in $suite (PVNEST_PINS=strict: no successor)" >&2; exit 1; }
if [ "$abi" = - ]; then
	new=$pkg newabi=-
	newver=$(fetch --show "$suite" "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n1) || true
else
	# The metapackage depends on linux-image-ABI (= VERSION).
	rec=$(fetch --show "$suite" "$KERNEL_SUCCESSOR_OF" 2>/dev/null) || rec=""
	newabi=$(echo "$rec" | sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed -n 's/^ *linux-image-\([0-9][^ ]*\) .*/\1/p' | head -n1)
	newver=$(echo "$rec" | sed -n 's/^Version: //p' | head -n1)
	# The package name is PREFIX ABI [SUFFIX] (linux-binary-ABI, linux-image-ABI-unsigned).
	pre=${pkg%%"$abi"*} post=${pkg#*"$abi"}
	new=$pre$newabi$post
	[ -n "$newabi" ] && [ "$pre" != "$pkg" ] || new=""
fi
[ -n "$newver" ] && [ -n "$new" ] || {
	echo "pin.sh: $pkg $ver is no longer in $suite, and no successor was found there; update pvnest.conf" >&2
	exit 1; }
# No pin to check the successor against: its SHA256 is measured and recorded.
r=$(fetch_deb "$suite" "$new=$newver") || exit 1
set -- $r
echo "pin.sh: notice: $pkg $ver is no longer in $suite; using $new $newver (sha256 $2, recorded in provenance)" >&2
echo "$1 $new $newver $2 superseded $newabi"
