#!/bin/sh
# Host (x86, Debian 12) load generators for the application suite
# (bench/loadgen.sh): ab, sysbench, memcaslap/memcslap through apt
# (scripts/packages.txt, group loadgen), and netperf, which bookworm has only in
# non-free: its amd64 .deb is fetched through the private apt configuration
# (aptfetch.sh, the system's sources stay untouched) and unpacked under
# $PVNEST_CACHE/bench/netperf, where loadgen.sh looks for it. Idempotent.
set -eu
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Quiet on success: apt's and aptfetch's chatter is shown only on failure.
fail() { cat "$log" >&2; echo "deps-bench: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
cache=${PVNEST_CACHE:-$HOME/.cache/pvnest}
sh "$here/deps.sh" loadgen fetch > "$log" 2>&1 || fail "cannot install the load generators (scripts/deps.sh loadgen)"

np=$cache/bench/netperf
if [ ! -x "$np/usr/bin/netperf" ]; then
	deb=$(COMPONENTS="main non-free" ARCH=amd64 sh "$here/aptfetch.sh" bookworm netperf 2> "$log") ||
		fail "cannot fetch netperf (bookworm non-free, amd64)"
	rm -rf "$np.tmp" && mkdir -p "$np.tmp"
	dpkg-deb -x "$deb" "$np.tmp" 2> "$log" || fail "cannot unpack $deb"
	rm -rf "$np" && mv "$np.tmp" "$np"
fi
"$np/usr/bin/netperf" -V >/dev/null 2>&1 || fail "$np/usr/bin/netperf does not run"
