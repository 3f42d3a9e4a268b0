#!/bin/sh
# The host series as a git branch, for work on it the way a kernel developer
# works on a series: commits on a branch, `git format-patch` out.
#   series-git.sh init         (re)create $PVNEST_CACHE/l0/series-<version>: Debian's
#                              pristine source (arch/arm64, include, virt: where KVM
#                              patches live) as commit "base", hypervisor/patches
#                              applied with git am on branch pvnest
#   series-git.sh export       git format-patch base..pvnest into hypervisor/patches,
#                              and the series file (what build-l0.sh applies)
#   series-git.sh build-each   build L0 (hypervisor/build-l0.sh) with the first
#                              1, 2, ... N patches; stop at one that does not
#                              apply or build
# The pristine source is the one build-l0.sh unpacked (run it once first).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "${PVNEST_CONF:-$top/pvnest.conf}"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
ver=$L0_SOURCE_DEB_VERSION
repo=$cache/l0/series-$ver
log() { echo "series-git: $*" >&2; }
patches() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/patches/series"; }
g() { git -C "$repo" -c user.name=pvnest -c user.email=pvnest@localhost "$@"; }
case ${1:-} in
init)
	src=$cache/l0/src-$ver/pristine
	[ -d "$src" ] || { log "no pristine source at $src: run hypervisor/build-l0.sh once"; exit 1; }
	rm -rf "$repo.tmp" && mkdir -p "$repo.tmp"
	(cd "$src" && cp -a --parents arch/arm64 include virt "$repo.tmp/")
	git -C "$repo.tmp" init -q -b pvnest
	git -C "$repo.tmp" add -A
	git -C "$repo.tmp" -c user.name=pvnest -c user.email=pvnest@localhost commit -q -m "Debian linux-source $ver (arch/arm64, include, virt)"
	git -C "$repo.tmp" tag base
	rm -rf "$repo" && mv "$repo.tmp" "$repo"
	for p in $(patches); do
		g am -q "$here/patches/$p" || { log "$p does not apply (git am --show-current-patch in $repo)"; exit 1; }
	done
	log "$repo: branch pvnest, $(g rev-list --count base..pvnest) patches on base"
	;;
export)
	[ -d "$repo/.git" ] || { log "no $repo: series-git.sh init"; exit 1; }
	tmp=$(mktemp -d)
	g format-patch -q -o "$tmp" base..pvnest
	for p in $(patches); do git -C "$top" rm -q "hypervisor/patches/$p" 2>/dev/null || rm -f "$here/patches/$p"; done
	cp "$tmp"/*.patch "$here/patches/"
	{ sed -n '/^#/p' "$here/patches/series"; (cd "$tmp" && ls); } > "$here/patches/series.new"
	mv "$here/patches/series.new" "$here/patches/series"
	rm -rf "$tmp"
	log "exported $(patches | wc -l) patches to hypervisor/patches"
	;;
build-each)
	n=$(patches | wc -l) k=0
	tmp=$(mktemp)
	for p in $(patches); do
		k=$((k + 1))
		echo "$p" >> "$tmp"
		log "[$k/$n] building with $p on top"
		PVNEST_L0_SERIES=$tmp sh "$here/build-l0.sh" > /dev/null || { log "[$k/$n] $p: L0 does not build"; rm -f "$tmp"; exit 1; }
	done
	rm -f "$tmp"
	log "all $n prefixes of the series apply and build"
	;;
*)	echo "usage: series-git.sh init|export|build-each" >&2; exit 2 ;;
esac
