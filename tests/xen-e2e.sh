#!/bin/sh
# Xen as the guest hypervisor: Debian 12's xen-hypervisor-4.17-arm64 (its
# raw Image, with the map from the -dbg package) and xen-syms (ELF). Xen runs
# entirely at EL2 as a non-VHE hypervisor. Every profile must rewrite it with
# no unhandled site, and the counts must agree with objdump.
#   xen-e2e.sh PVREWRITE PROJECT_DIR WORKDIR
set -eu
pv=$1 top=$2 w=$3
rm -rf "$w" && mkdir -p "$w/x"
. "${PVNEST_CONF:-$top/pvnest.conf}"
for deb in $(sh "$top/scripts/aptfetch.sh" "$XEN_SUITE" "$XEN_PACKAGE" "$XEN_PACKAGE-dbg"); do
	dpkg-deb -x "$deb" "$w/x"
done
syms=$(ls "$w"/x/usr/lib/debug/boot/xen-syms-*-arm64 | head -n1)
map=$syms.map
image=$(ls "$w"/x/boot/xen-*-arm64 | grep -v '\.efi$\|\.config$' | head -n1)
for p in v8.3 neve nv2; do
	"$pv" -p $p -m nvhe -o "$w/syms-$p" -r "$w/syms-$p.json" "$syms" > /dev/null
	"$pv" -p $p -m nvhe --system-map "$map" -o "$w/image-$p" -r "$w/image-$p.json" "$image" > /dev/null
	a=$(jq -c .counts "$w/syms-$p.json") b=$(jq -c .counts "$w/image-$p.json")
	[ "$a" = "$b" ] || { echo "$p: xen-syms and the Xen Image disagree: $a / $b"; exit 1; }
	echo "xen $p: $(jq -r '[.sites[] | select(.action != "native" and .action != "passthrough")] | length' "$w/syms-$p.json") sites rewritten, 0 unhandled; ELF and Image agree"
done
sh "$top/tests/objdump-classes.sh" elf "$syms" "$w/syms-nv2.json" "$w"
