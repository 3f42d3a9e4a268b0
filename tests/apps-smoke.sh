#!/bin/sh
# The application suite, smoke size: one workload (netperf TCP_RR, a few
# seconds) in one nested configuration, through the whole path: the host's
# load generator, the bridges and vhost-net of L0 and L1, the L2 server, L0's
# nested-exit counters around it. Needs root (namespace, tap).
#   apps-smoke.sh PROJECT_DIR WORKDIR [CONFIG]
set -eu
top=$1 w=$2 config=${3:-nested-nv2}
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$w"
sh "$top/bench/apps.sh" --configs "$config" --workloads netperf-rr --size smoke --reps 1 --no-report "$w" ||
	fail "bench/apps.sh failed (console: $w/$config/boot-1/console.log)"
# A transaction rate from the host's netperf against L2.
awk -F, -v c="$config" '$1 == c && $2 == "netperf-rr" && $5 == "transactions" && $6 > 0 { ok = 1 } END { exit !ok }' "$w/apps.csv" ||
	fail "no TCP_RR transaction rate for $config in $w/apps.csv"
# The workload made L2 exit to L1, every exit with at least one trap to L0.
awk -F, -v c="$config" '$1 == c && $5 == "all" && $6 == "nested-exits" { x = $8 } $1 == c && $5 == "all" && $6 == "traps" { t = $8 }
	END { exit !(x > 100 && t >= x) }' "$w/apps-traps.csv" ||
	fail "L0 did not count the workload's nested exits and traps ($w/apps-traps.csv)"
grep -q "PVNEST APPS UP level=L2" "$w/$config/boot-1/console.log" || fail "the server did not run in L2"
echo "apps-smoke: $(awk -F, '$5 == "transactions" { print $6 " TCP_RR trans/s" }' "$w/apps.csv") in L2 ($config);" \
	"$(awk -F, '$5 == "all" && $6 == "nested-exits" { x = $8 } $5 == "all" && $6 == "traps" { t = $8 } END { printf "%d nested exits, %.1f traps each", x, t / x }' "$w/apps-traps.csv")"
