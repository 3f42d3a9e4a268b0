#!/bin/sh
# Fetch Debian packages (arm64 kernels, userland) WITHOUT touching the system's
# apt setup: a private apt configuration lives under $PVNEST_CACHE/apt.
#   aptfetch.sh SUITE PKG[=VERSION]...   -> prints the path of each .deb fetched
#   aptfetch.sh --closure SUITE PKG...   -> the same for PKG and everything it
#                                           depends on (no recommends)
#   aptfetch.sh --show SUITE PKG[=VERSION] -> the suite's record of PKG (its
#                                           newest version, or VERSION), or
#                                           exit 3 if the suite has none
# SUITE is a Debian suite (sid, trixie, bookworm); ARCH defaults to arm64.
# COMPONENTS (default main) are the archive areas, e.g. "main non-free"; a
# set other than main gets its own configuration (lists, stamp) beside it.
set -eu
closure=0 show=0
[ "${1:-}" = --closure ] && { closure=1; shift; }
[ "${1:-}" = --show ] && { show=1; shift; }
suite=${1:?usage: aptfetch.sh [--closure] SUITE PKG...}; shift
arch=${ARCH:-arm64}
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
comps=${COMPONENTS:-main}
root=$cache/apt/$suite-$arch
# shellcheck disable=SC2086  # unquoted: blanks collapse to one dash
[ "$comps" = main ] || root=$root-$(echo $comps | tr ' ' -)
mkdir -p "$root/etc/apt.conf.d" "$root/etc/preferences.d" "$root/etc/trusted.gpg.d" \
	"$root/lists/partial" "$root/cache/archives/partial" "$root/debs"
: > "$root/status"
echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite $comps" \
	> "$root/etc/sources.list"
aptopts() {
	echo -o Dir::Etc="$root/etc" -o Dir::Etc="$root/etc" -o Dir::Etc::SourceList="$root/etc/sources.list" \
		-o Dir::Etc::SourceParts="$root/etc/sources.list.d" -o Dir::Etc::Parts="$root/etc/apt.conf.d" \
		-o Dir::Etc::PreferencesParts="$root/etc/preferences.d" -o Dir::State::Lists="$root/lists" \
		-o Dir::State::status="$root/status" -o Dir::Cache="$root/cache" \
		-o APT::Architecture="$arch" -o APT::Architectures="$arch" \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root
}
# shellcheck disable=SC2046  # word splitting of the option list is intended
apt_() { apt-get -q $(aptopts) "$@"; }
cache_() { apt-cache $(aptopts) "$@"; }
# Refresh the package lists at most once a day.
stamp=$root/lists/.stamp
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mtime +0)" ]; then
	apt_ update >&2 || { echo "aptfetch: cannot update $suite package lists from $mirror" >&2; exit 1; }
	touch "$stamp"
fi
if [ $show = 1 ]; then
	name=${1%%=*} ver=${1#*=}
	[ "$ver" = "$1" ] && ver=""
	# apt-cache show lists the newest version first.
	cache_ show "$name" 2>/dev/null | awk -v v="$ver" '
		/^Package: / { rec = ""; keep = 0 } { rec = rec $0 "\n" }
		/^Version: / { keep = (v == "" || $2 == v) }
		/^$/ { if (keep) { printf "%s", rec; found = 1; exit } }
		END { if (!found && keep) printf "%s", rec; exit !(found || keep) }' || exit 3
	exit 0
fi
if [ $closure = 1 ]; then
	# What apt would install on an empty system, with exact versions.
	set -- $(apt_ -s install --no-install-recommends "$@" 2>/dev/null |
		sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p')
	[ $# -gt 0 ] || { echo "aptfetch: cannot resolve the dependencies in $suite/$arch" >&2; exit 1; }
fi
cd "$root/debs"
for p in "$@"; do
	name=${p%%=*}
	if [ "$name" = "$p" ]; then
		ver=$(cache_ show "$name" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
	else
		ver=${p#*=}
	fi
	[ -n "$ver" ] || { echo "aptfetch: package '$name' not found in $suite/$arch" >&2; exit 1; }
	# apt-get download writes an epoch "1:" as "1%3a" in the file name.
	fver=$(echo "$ver" | sed 's/:/%3a/')
	f=$(ls "${name}_${fver}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$f" ]; then
		apt_ download "$name=$ver" >&2 || { echo "aptfetch: cannot download $name=$ver" >&2; exit 1; }
		f=$(ls "${name}_${fver}_"*.deb 2>/dev/null | head -n1 || true)
		[ -n "$f" ] || { echo "aptfetch: $name=$ver downloaded but not found" >&2; exit 1; }
	fi
	echo "$root/debs/$f"
done
