#!/bin/sh
# Install the host packages pvnest builds and tests with. Idempotent: only
# missing packages are installed, so a second run costs one dpkg query.
set -eu
PKGS="build-essential cmake pkg-config gawk clang llvm lld libelf-dev libcapstone-dev
      binutils-aarch64-linux-gnu jq ca-certificates zstd xz-utils cpio"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
