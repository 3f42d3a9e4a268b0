#!/bin/sh
# Fetch one Debian package through scripts/aptfetch.sh and check its SHA256:
# the one place a downloaded .deb is verified.
#   fetch-deb.sh SUITE PKG=VERSION [SHA256 [WHO]]
# prints "DEB SHA256" (the path and the SHA256 measured). With SHA256 a
# different file is refused: "fetch-deb: DEB: SHA256 GOT, WHO SHA256" on
# stderr (WHO, default "expected": who says so, e.g. "pvnest.conf pins"),
# exit 1. Without it the SHA256 is only measured (for provenance).
# aptfetch.sh's environment (ARCH, COMPONENTS, PVNEST_CACHE) applies.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] && [ $# -le 4 ] || { echo "usage: fetch-deb.sh SUITE PKG=VERSION [SHA256 [WHO]]" >&2; exit 2; }
suite=$1 spec=$2 want=${3:-} who=${4:-expected}
case $want in *[!0-9a-f]*) echo "fetch-deb: '$want' is not a SHA256 (64 hex digits)" >&2; exit 2 ;; esac
[ -z "$want" ] || [ ${#want} -eq 64 ] || { echo "fetch-deb: '$want' is not a SHA256 (64 hex digits)" >&2; exit 2; }
deb=$(sh "$here/aptfetch.sh" "$suite" "$spec") || exit 1
[ -f "$deb" ] || { echo "fetch-deb: aptfetch.sh gave no file for $spec ($deb)" >&2; exit 1; }
got=$(sha256sum "$deb" | cut -d' ' -f1)
[ -z "$want" ] || [ "$got" = "$want" ] || { echo "fetch-deb: $deb: SHA256 $got, $who $want" >&2; exit 1; }
echo "$deb $got"
