#!/bin/sh
# A profile is a data file: start from nv2, redirect nothing else, and make
# the list registers and CurrentEL trap; only those sites may change.
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
set CurrentEL   trap            # what FEAT_NV without the EL2 report would do
P
sites() { awk '$2 ~ /\+/ { a = $8; sub(/:$/, "", a); print $2, a }'; }
"$pv" -l -p nv2 "$w/sites.o" | sites > "$w/base"
"$pv" -l -p "$w/lr-trap.profile" "$w/sites.o" > "$w/list"
sites < "$w/list" > "$w/user"
diff "$w/base" "$w/user" > "$w/diff" || true
# Exactly these sites differ: ichlr3_w (artifact-smc -> hvc) and the two
# CurrentEL reads at vEL2 (artifact-smc -> hvc), nothing else.
for s in ichlr3_w curel_r hyp_curel; do
	grep -q "^> $s+0 hvc\$" "$w/diff" || { echo "$s did not become a trap"; cat "$w/diff"; exit 1; }
done
[ "$(grep -c '^>' "$w/diff")" -eq 3 ] || { echo "other sites changed:"; cat "$w/diff"; exit 1; }
grep -q 'nv2-lr-trap' "$w/list" || { echo "profile name not reported"; exit 1; }
echo "user profile: 3 sites changed as asked, name reported"
