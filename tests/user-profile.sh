#!/bin/sh
# A profile is a data file: start from nv2, redirect nothing else, and make
# the list registers trap; only those sites may change.
#   user-profile.sh PVREWRITE WORKDIR
set -eu
pv=$1 w=$2
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
clang --target=aarch64-linux-gnu -march=armv8.4-a -c "$src/asm/sites.S" -o "$w/sites.o"
cat > "$w/lr-trap.profile" <<'P'
# What if the GIC list registers were not in the VNCR page?
name nv2-lr-trap
desc "NV2 with ICH_LR3_EL2 trapping"
base nv2
set ICH_LR3_EL2 trap
set CurrentEL   const:0x4|const:0x8   # VHE | non-VHE
P
sites() { awk '$2 ~ /\+/ { a = $8; sub(/:$/, "", a); print $2, a }'; }
"$pv" -l -p nv2 "$w/sites.o" | sites > "$w/base"
"$pv" -l -p "$w/lr-trap.profile" "$w/sites.o" > "$w/list"
sites < "$w/list" > "$w/user"
diff "$w/base" "$w/user" > "$w/diff" || true
# Exactly the two changed sites differ: ichlr3_w (artifact-hvc -> hvc) and
# nothing else, since CurrentEL stays a constant (its value changes).
grep -q '^> ichlr3_w+0 hvc$' "$w/diff" || { echo "ICH_LR3_EL2 did not become a trap"; cat "$w/diff"; exit 1; }
[ "$(grep -c '^>' "$w/diff")" -eq 1 ] || { echo "other sites changed:"; cat "$w/diff"; exit 1; }
grep -q 'curel_r+0 d5384248 -> d2800088' "$w/list" || { echo "CurrentEL constant not taken from the profile"; exit 1; }
grep -q 'nv2-lr-trap' "$w/list" || { echo "profile name not reported"; exit 1; }
echo "user profile: 1 site changed as asked, constant overridden, name reported"
