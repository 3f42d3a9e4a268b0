#!/bin/sh
# The register-values oracle: workloads/pvvalues writes a seeded random value
# to every register row it applies to and reads each back, once as a guest
# hypervisor rewritten for nv2 on L0's PV mode (pv-values: no NV hardware
# used) and once unmodified on architected NV2 (nv2-values, -cpu max). Same
# seed, so every row must read back the same in both runs, UNDEFs included;
# a row that differs fails the test.
#   pv-values.sh TOP OUTDIR [SEED] [CPU]    CPU: the PV run's host CPU (max)
set -eu
top=$1 out=$2 seed=${3:-1} cpu=${4:-max}
fail() { echo "pv-values: $*" >&2; exit 1; }
mkdir -p "$out"
complained=
for c in pv-values nv2-values; do
	PVNEST_PV_CPU=$cpu sh "$top/testbed/run.sh" --l0-append "pvnest.seed=$seed" "$c" "$out/$c" ||
		fail "the $c run failed (log: $out/$c/console.log)"
	# A complaint fails the test, after the comparison (it says which rows).
	! grep -aE -A2 "WARNING:|BUG:|Oops|Unable to handle|Kernel panic|PVNEST ERROR values" "$out/$c/console.log" ||
		complained="$complained $c"
	tr -d '\r' < "$out/$c/console.log" | sed -n 's/.*\(PVNEST VALUE .*\)/\1/p' > "$out/$c.values"
	tr -d '\r' < "$out/$c/console.log" | sed -n 's/.*PVNEST VALUES \(.*\)/\1/p' | tail -n 1 > "$out/$c.head"
done
get() { sed -n "s/.*$2=\([^ ]*\).*/\1/p" "$out/$1.head"; }
[ "$(get pv-values mode)" = pv ] || fail "pv-values did not run in PV mode: $(cat "$out/pv-values.head")"
[ "$(get nv2-values mode)" = nv2 ] || fail "nv2-values did not run on NV2: $(cat "$out/nv2-values.head")"
[ "$(get pv-values e2h)" = "$(get nv2-values e2h)" ] || fail "HCR_EL2.E2H differs between the runs"
rows=$(get pv-values rows)
[ "$rows" = "$(get nv2-values rows)" ] || fail "the runs applied to different rows"
[ "$(wc -l < "$out/pv-values.values")" -eq "$rows" ] || fail "pv-values printed $(wc -l < "$out/pv-values.values") of $rows rows"
[ "$rows" -ge 50 ] || fail "only $rows rows applied"
# One difference is the method's, not the host's: a register the nv2 profile
# sends to the PV page is memory, which cannot UNDEF, where NV2 hardware
# UNDEFs it when the vCPU lacks the feature. Such rows are listed; any other
# difference fails.
awk 'NR == FNR { nv[$3] = $0; nvw[$3] = $5; nvr[$3] = $6; next }
     { k = $3
       if (!(k in nv)) { print "only-pv " $0; next }
       if (nv[k] == $0) { same++; delete nv[k]; next }
       if ($4 == "mem" && nvw[k] ~ /^undef/ && nvr[k] ~ /^undef/ && $5 !~ /^undef/) { print "mem-no-undef " k; delete nv[k]; next }
       print "differs " k ": NV2 " nvw[k] " " nvr[k] ", PV " $5 " " $6; delete nv[k] }
     END { for (k in nv) print "only-nv2 " nv[k] }' "$out/nv2-values.values" "$out/pv-values.values" > "$out/diff.txt"
memrows=$(awk '$1 == "mem-no-undef" { printf "%s%s", s, $2; s = " " }' "$out/diff.txt")
nmem=$(grep -c '^mem-no-undef' "$out/diff.txt" || true)
bad=$(grep -vc '^mem-no-undef' "$out/diff.txt" || true)
undef=$(grep -c undef "$out/pv-values.values" || true)
changed=$(awk '$5 != $6' "$out/pv-values.values" | wc -l)
echo "pv-values (seed $seed, PV on $cpu): $rows rows, $((rows - nmem - bad)) read back the same as on NV2" \
	"($undef with an UNDEF in both runs, $changed where KVM kept other bits than were written);" \
	"$nmem are PV page rows NV2 UNDEFs (the vCPU lacks their feature; memory cannot UNDEF): ${memrows:-none}"
if [ "$bad" -gt 0 ]; then
	echo "pv-values: rows where PV mode and NV2 disagree:" >&2
	grep -v '^mem-no-undef' "$out/diff.txt" >&2
	fail "$bad of $rows rows differ${complained:+; L0 or the payload complained in:$complained}"
fi
[ -z "$complained" ] || fail "L0 or the payload complained in:$complained (above)"
