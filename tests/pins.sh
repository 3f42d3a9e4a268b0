#!/bin/sh
# Pins that outlive the archive (scripts/pin.sh): a pvnest.conf whose kernel,
# modules and L0 source versions the suite does not have (made up here, so
# the check holds whatever Debian uploads) still gives a kernel Image, its
# modules and the source, each with one notice line, and provenance-pins.sh
# marks them "superseded"; PVNEST_PINS=strict refuses them; a pinned version
# the suite has with a wrong SHA256 is refused (by pin.sh and by
# scripts/fetch-deb.sh, the one check, itself); the real pvnest.conf gives
# "pinned" for what it fetched.
#   pins.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2
rm -rf "$w" && mkdir -p "$w"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
gone=0.0.1+pvnest-gone-arm64
sed -e "s/^KERNEL_VERSION=.*/KERNEL_VERSION=$gone/" \
    -e "s/^KERNEL_PACKAGE=.*/KERNEL_PACKAGE=linux-binary-$gone/" \
    -e "s/^KERNEL_MODULES_PACKAGE=.*/KERNEL_MODULES_PACKAGE=linux-modules-$gone/" \
    -e "s/^KERNEL_DEB_VERSION=.*/KERNEL_DEB_VERSION=0.0.1-1/" \
    -e "s/^L0_SOURCE_DEB_VERSION=.*/L0_SOURCE_DEB_VERSION=0.0.1-1/" \
    -e "s/_SHA256=.*/_SHA256=0000000000000000000000000000000000000000000000000000000000000000/" \
    "$top/pvnest.conf" > "$w/gone.conf"

# 1. Superseded: each fetch works and says so in one line.
img=$(PVNEST_CONF=$w/gone.conf sh "$top/scripts/fetch-kernel.sh" 2> "$w/kernel.err") || { cat "$w/kernel.err"; fail "fetch-kernel with a gone pin"; }
[ "$(grep -c 'notice: linux-binary-0.0.1+pvnest-gone-arm64 0.0.1-1 is no longer in' "$w/kernel.err")" = 1 ] ||
	{ cat "$w/kernel.err"; fail "fetch-kernel: no one-line notice"; }
[ -n "$img" ] && [ "$(od -An -c -j56 -N4 "$img" | tr -d ' ')" = ARMd ] || fail "fetch-kernel: $img is not an arm64 Image"
mods=$(PVNEST_CONF=$w/gone.conf sh "$top/scripts/fetch-modules.sh" 2> "$w/modules.err") || { cat "$w/modules.err"; fail "fetch-modules with a gone pin"; }
grep -q 'notice: linux-modules-0.0.1+pvnest-gone-arm64 0.0.1-1 is no longer in' "$w/modules.err" || fail "fetch-modules: no notice"
[ -s "$mods/load.order" ] && [ -f "$mods/virtio_net.ko" ] || fail "fetch-modules: no modules in $mods"
# The modules are those of the kernel that was taken instead.
[ "$(basename "$(dirname "$mods")")" = "$(basename "$(dirname "$img")")" ] || fail "kernel and modules of different releases"
src=$(PVNEST_CONF=$w/gone.conf sh "$top/scripts/pin.sh" l0-source 2> "$w/source.err") || { cat "$w/source.err"; fail "pin.sh l0-source with a gone pin"; }
set -- $src
[ "${5:-}" = superseded ] && [ -f "${1:-/}" ] || fail "pin.sh l0-source: '$src'"
PVNEST_CONF=$w/gone.conf sh "$top/scripts/provenance-pins.sh" "$img" > "$w/pins.json" 2>/dev/null
echo "{ \"pins\": $(cat "$w/pins.json") }" > "$w/prov.json"
jq -e '.pins.kernel | endswith("superseded (pinned: 0.0.1-1)")' "$w/prov.json" > /dev/null || { cat "$w/prov.json"; fail "provenance does not say superseded"; }
jq -e '.pins.modules | endswith("superseded (pinned: 0.0.1-1)")' "$w/prov.json" > /dev/null || fail "provenance: modules not superseded"

# 2. Strict: no successor.
if PVNEST_PINS=strict PVNEST_CONF=$w/gone.conf sh "$top/scripts/pin.sh" kernel > /dev/null 2> "$w/strict.err"; then
	fail "PVNEST_PINS=strict took a successor"
fi
grep -q 'PVNEST_PINS=strict' "$w/strict.err" || fail "strict: no reason given"

# 3. The real pins: the suite's version with a wrong SHA256 is refused.
. "$top/pvnest.conf"
sed "s/^KERNEL_DEB_SHA256=.*/KERNEL_DEB_SHA256=$(echo x | sha256sum | cut -d' ' -f1)/" "$top/pvnest.conf" > "$w/badsha.conf"
if sh "$top/scripts/aptfetch.sh" --show "$KERNEL_SUITE" "$KERNEL_PACKAGE=$KERNEL_DEB_VERSION" > /dev/null 2>&1; then
	if PVNEST_CONF=$w/badsha.conf sh "$top/scripts/pin.sh" kernel > /dev/null 2> "$w/badsha.err"; then
		fail "a wrong SHA256 was accepted"
	fi
	grep -q 'SHA256 .*pins' "$w/badsha.err" || fail "wrong SHA256: no reason given"
	# The one check itself (fetch-deb.sh): the right SHA256 gives "DEB SHA256",
	# a wrong one exit 1 naming the file, a malformed one exit 2.
	# shellcheck disable=SC2046  # two words: DEB SHA256
	set -- $(sh "$top/scripts/fetch-deb.sh" "$KERNEL_SUITE" "$KERNEL_PACKAGE=$KERNEL_DEB_VERSION" "$KERNEL_DEB_SHA256")
	[ -f "${1:-/}" ] && [ "${2:-}" = "$KERNEL_DEB_SHA256" ] || fail "fetch-deb.sh with the pinned SHA256: '$*'"
	rc=0; sh "$top/scripts/fetch-deb.sh" "$KERNEL_SUITE" "$KERNEL_PACKAGE=$KERNEL_DEB_VERSION" "$(echo x | sha256sum | cut -d' ' -f1)" \
		> "$w/fd.out" 2> "$w/fd.err" || rc=$?
	[ $rc = 1 ] && [ ! -s "$w/fd.out" ] && grep -q "^fetch-deb: .*\.deb: SHA256 $KERNEL_DEB_SHA256, expected " "$w/fd.err" ||
		{ cat "$w/fd.err"; fail "fetch-deb.sh with a wrong SHA256: exit $rc"; }
	rc=0; sh "$top/scripts/fetch-deb.sh" "$KERNEL_SUITE" "$KERNEL_PACKAGE=$KERNEL_DEB_VERSION" not-a-sha 2> /dev/null || rc=$?
	[ $rc = 2 ] || fail "fetch-deb.sh took 'not-a-sha' (exit $rc)"
	img=$(sh "$top/scripts/fetch-kernel.sh")
	sh "$top/scripts/provenance-pins.sh" "$img" | grep -q "\"kernel\": \"$KERNEL_PACKAGE $KERNEL_DEB_VERSION $KERNEL_DEB_SHA256 pinned\"" ||
		fail "provenance of the pinned kernel does not say pinned"
	real="the pinned $KERNEL_PACKAGE $KERNEL_DEB_VERSION is in $KERNEL_SUITE: checked"
else
	real="the pinned $KERNEL_PACKAGE $KERNEL_DEB_VERSION is gone from $KERNEL_SUITE (as in part 1)"
	echo "NOTE: $real"
fi
[ $fails -eq 0 ] || exit 1
echo "gone pins: kernel, modules and source taken from $(basename "$(dirname "$img")")'s packages with a notice, marked superseded; strict refused; $real"
