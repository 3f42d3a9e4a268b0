#!/bin/sh
# Build pvnest's L0 kernel: Debian's linux-source-7.2 (fetched with
# scripts/pin.sh: SHA256-pinned in pvnest.conf, or its successor) + our patch series
# (hypervisor/patches/series) + our configuration fragment (l0.config) on
# arm64 allnoconfig, cross-compiled. The Image is cached under
# $PVNEST_CACHE/l0/<key>, key = hash(source version, series and patches,
# config), so an unchanged host is not rebuilt. Prints the Image's path.
# A patch that does not apply stops with the patch and the rejected file; a
# build error stops with the compiler's file:line.
# PVNEST_L0_VARIANT=debug builds the variant with l0-debug.config (KASAN,
# lockdep) in a tree and cache entry of its own.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "${PVNEST_CONF:-$top/pvnest.conf}"
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
jobs=${JOBS:-$(nproc)}
log() { echo "build-l0: $*" >&2; }
# shellcheck source=../scripts/progress.sh
. "$top/scripts/progress.sh"

# The cross compiler and the kernel's build tools (scripts/packages.txt).
sh "$top/scripts/deps.sh" l0 >&2

# The source: the pinned package, or its successor with a notice (pin.sh).
# The pinned one, once unpacked, needs no network.
if [ -d "$cache/l0/src-$L0_SOURCE_DEB_VERSION/pristine" ]; then
	src_pkg=$L0_SOURCE_PACKAGE src_ver=$L0_SOURCE_DEB_VERSION src_sha=$L0_SOURCE_DEB_SHA256 deb=""
else
	set -- $(sh "$top/scripts/pin.sh" l0-source)
	deb=$1 src_pkg=$2 src_ver=$3 src_sha=$4
fi
# PVNEST_L0_SERIES: another series file (its patches from patches/), e.g.
# the first N patches when hypervisor/series-git.sh builds patch by patch.
seriesf=${PVNEST_L0_SERIES:-$here/patches/series}
patches=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$seriesf")
variant=${PVNEST_L0_VARIANT:-}
case $variant in
"") configs=$here/l0.config ;;
debug) configs="$here/l0.config $here/l0-debug.config" ;;
*) log "PVNEST_L0_VARIANT=$variant: want debug or nothing"; exit 2 ;;
esac
# The register database, the PV ABI and the nested-exit causes, as the host
# patches include them (arch/arm64/kvm/pvnest/): pvhooks/ is their one source.
pvh=$top/pvhooks
key=$( { echo "$src_pkg $src_ver"; cat $configs "$seriesf";
	for p in $patches; do cat "$here/patches/$p"; done
	cat "$pvh/regdb.h" "$pvh/pvabi.h" "$pvh/sysregs.db" "$pvh/gen-regdb.awk" \
		"$pvh/nested-exits.txt" "$pvh/exit-classes.txt" "$pvh/gen-nested-exits.awk"; } | sha256sum | cut -c1-16)
out=$cache/l0/$key
# One build at a time: the tree is shared by every key.
mkdir -p "$cache/l0"
exec 9> "$cache/l0/.lock"
flock 9
if [ -f "$out/Image" ]; then
	log "cached: $out/Image"
	echo "$out/Image"
	exit 0
fi

src=$cache/l0/src-$src_ver
if [ ! -d "$src/pristine" ]; then
	log "unpacking $(basename "$deb")"
	rm -rf "$src" && mkdir -p "$src/deb"
	dpkg-deb -x "$deb" "$src/deb"
	tarball=$(ls "$src"/deb/usr/src/linux-source-*.tar.* | head -n1)
	mkdir -p "$src/pristine.tmp"
	tar -xf "$tarball" -C "$src/pristine.tmp" --strip-components=1
	rm -rf "$src/deb" && mv "$src/pristine.tmp" "$src/pristine"
fi
# One build tree per source version, so a changed patch rebuilds only what
# it touches: files the previous series changed are restored from the
# pristine copy (with their timestamps), then the current series is applied.
# PVNEST_L0_VARIANT=debug: l0-debug.config on top (KASAN, lockdep, ...), in
# a tree of its own so neither variant rebuilds the other.
tree=$cache/l0/tree-$src_ver${variant:+-$variant}
series_key=$(echo "$key" | cut -c1-16)
if [ ! -d "$tree" ]; then
	log "creating the build tree"
	fresh_tree=1
	cp -a "$src/pristine" "$tree.tmp" && mv "$tree.tmp" "$tree"
fi
if [ "$(cat "$tree/.pvnest-series" 2>/dev/null)" != "$series_key" ]; then
	if [ -f "$tree/.pvnest-touched" ]; then
		while read -r f; do
			if [ -e "$src/pristine/$f" ]; then cp -p "$src/pristine/$f" "$tree/$f"; else rm -f "$tree/$f"; fi
		done < "$tree/.pvnest-touched"
	fi
	: > "$tree/.pvnest-touched"
	rm -f "$tree/.pvnest-series"
	for p in $patches; do
		log "applying $p"
		if ! patch -d "$tree" -p1 --forward --batch --no-backup-if-mismatch < "$here/patches/$p" > "$tree/.patch.log" 2>&1; then
			log "patch $p does not apply to $src_pkg $src_ver:"
			grep -E 'FAILED|rej|malformed|can.t find' "$tree/.patch.log" >&2 || cat "$tree/.patch.log" >&2
			sed -n 's/^patching file //p' "$tree/.patch.log" >> "$tree/.pvnest-touched"
			exit 1
		fi
		sed -n 's/^patching file //p' "$tree/.patch.log" >> "$tree/.pvnest-touched"
	done
	echo "$series_key" > "$tree/.pvnest-series"
fi
mkdir -p "$tree/arch/arm64/kvm/pvnest"
awk -f "$pvh/gen-regdb.awk" "$pvh/sysregs.db" > "$tree/arch/arm64/kvm/pvnest/regdb-table.h.new"
cp "$pvh/regdb.h" "$tree/arch/arm64/kvm/pvnest/regdb.h.new"
cp "$pvh/pvabi.h" "$tree/arch/arm64/kvm/pvnest/pvabi.h.new"
awk -f "$pvh/gen-nested-exits.awk" "$pvh/nested-exits.txt" "$pvh/exit-classes.txt" > "$tree/arch/arm64/kvm/pvnest/nested-exits.h.new"
for f in regdb-table.h regdb.h pvabi.h nested-exits.h; do	# unchanged files keep their times
	d=$tree/arch/arm64/kvm/pvnest/$f
	if cmp -s "$d.new" "$d"; then rm "$d.new"; else mv "$d.new" "$d"; fi
done
cd "$tree"
# KALLSYMS_EXTRA_PASS: incremental links sometimes hit "Inconsistent kallsyms data".
mk() { make -s ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KALLSYMS_EXTRA_PASS=1 -j"$jobs" "$@"; }
# The stamp is kept apart: kbuild rewrites .config (dropping comments).
ckey=$(cat $configs | sha256sum | cut -c1-16)
if [ ! -f .config ] || [ "$(cat .pvnest-config 2>/dev/null)" != "$ckey" ]; then
	log "configuring (allnoconfig + $(echo $configs | sed "s|$here/||g"))"
	mk allnoconfig >/dev/null
	scripts/kconfig/merge_config.sh -m .config $configs >/dev/null
	mk olddefconfig >/dev/null
	# An option whose dependencies are off is dropped silently: say which.
	dropped=$(cat $configs | grep '^CONFIG_' | while read -r o; do grep -qx "$o" .config || echo "$o"; done)
	[ -z "$dropped" ] || { log "options of $(echo $configs | sed "s|$here/||g") kconfig dropped (a dependency is off):" $dropped; exit 1; }
	echo "$ckey" > .pvnest-config
fi
log "building Image with $jobs jobs (a line a minute; 10-15 min on 2 cores from scratch)"
t0=$(date +%s)
# kbuild's short lines ("  CC  kernel/fork.o") go to build.log; a line a
# minute says how far: against the steps of the last build here when known.
steps=$cache/l0/build-steps${variant:+-$variant}
mk() { make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KALLSYMS_EXTRA_PASS=1 -j"$jobs" "$@"; }
mk Image > build.log 2>&1 &
bpid=$!
# Without a build here yet: 1,838 steps, a clean build of 7.2.13-1 with this
# l0.config (fresh-debian, 2026-12-03); a rough guide for other versions.
watch_log build-l0 build.log $bpid "$(cat "$steps" 2>/dev/null || echo 1838)"
if ! wait $bpid; then
	log "build failed:"
	grep -E '^[^ ]+:[0-9]+:[0-9]+: error|Error [0-9]' build.log | head -20 >&2 || tail -20 build.log >&2
	exit 1
fi
mkdir -p "$out"
cp arch/arm64/boot/Image "$out/Image.tmp" && mv "$out/Image.tmp" "$out/Image"
cp .config "$out/config"
{
	echo "source $src_pkg $src_ver sha256=$src_sha"
	echo "compiler $(aarch64-linux-gnu-gcc --version | head -n1)"
	echo "patches $patches"
	echo "build_seconds $(($(date +%s) - t0)) jobs $jobs"
	echo "image_sha256 $(sha256sum "$out/Image" | cut -d' ' -f1)"
} > "$out/manifest.txt"
# A build from a clean tree is the estimate for the next one.
[ "${fresh_tree:-0}" = 1 ] && grep -c '^  [A-Z][A-Z0-9_]* ' build.log > "$steps" || true
log "built in $(($(date +%s) - t0)) s: $out/Image"
echo "$out/Image"
