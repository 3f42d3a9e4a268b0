#!/bin/sh
# The testbed's tables (testbed/configs.txt, testbed/phases.txt) and their
# readers: the phases of typical runs as the driver will follow them, every
# configuration resolvable, and malformed rows refused with FILE:LINE.
#   testbed-tables.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2 tb=$1/testbed
rm -rf "$w" && mkdir -p "$w"
. "$top/pvnest.conf"
fails=0 n=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
phases() {	# TAGS LEVELS [TABLE]
	awk -v tags="$1" -v levels="$2" -f "$tb/phases.awk" "${3:-$tb/phases.txt}"
}
expect() {	# LABEL TAGS LEVELS EXPECTED (lines "LEVEL PHASE MARKER TIMEOUT COLLECT", ; between)
	n=$((n + 1))
	got=$(phases "$2" "$3" 2>&1 | tr '\n' ';') || true
	[ "$got" = "$4;" ] || { fail "$1:"; echo "  want: $4;"; echo "  got:  $got"; }
}
t="l2=bench target=L2 pv=no trace=0"
expect nested-tcg "accel=tcg kind=nested mode=bench $t" "BENCH=L2 TARGET=L2 BOOT=L0" \
	"L0 boot PVNEST_L0_UP 180 -;L1 boot PVNEST_L1_UP 420 -;L2 start PVNEST_BENCH_UP 240 -;L2 benchmarks PVNEST_BENCH_DONE 1200 results,pvstat,kvmstats;L0 shutdown PVNEST_L0_DONE 240 -"
expect vm-tcg-trace "accel=tcg kind=direct mode=bench l2=bench target=L1 pv=no trace=1" "BENCH=L1 TARGET=L1 BOOT=L0" \
	"L0 boot PVNEST_L0_UP 180 -;L1 start PVNEST_BENCH_UP 240 -;L1 benchmarks PVNEST_BENCH_DONE 1200 results,pvstat,kvmstats;L0 shutdown PVNEST_L0_DONE 900 trace"
expect l2-linux "accel=tcg kind=nested mode=bench l2=linux target=L2 pv=no trace=0" "BENCH=L2 TARGET=L2 BOOT=L0" \
	"L0 boot PVNEST_L0_UP 180 -;L1 boot PVNEST_L1_UP 420 -;L2 start PVNEST_BENCH_UP 1200 -;L2 benchmarks PVNEST_BENCH_DONE 1200 results,pvstat,kvmstats;L0 shutdown PVNEST_L0_DONE 240 -"
expect apps-pv-l2 "accel=tcg kind=nested mode=apps l2=bench target=L2 pv=yes trace=0" "BENCH=L2 TARGET=L2 BOOT=L0" \
	"L0 boot PVNEST_L0_UP 180 -;L1 boot PVNEST_L1_UP 420 -;L2 start PVNEST_APPS_UP 2400 -;host driver - 0 -;L0 shutdown PVNEST_L0_DONE 240 -"
expect apps-native "accel=tcg kind=native mode=apps l2=bench target=L0 pv=no trace=0" "BENCH=- TARGET=L0 BOOT=L0" \
	"L0 boot PVNEST_L0_UP 180 -;L0 start PVNEST_APPS_UP 600 -;host driver - 0 -;L0 shutdown PVNEST_L0_DONE 240 -"
expect kvm-nested "accel=kvm kind=nested mode=bench $t" "BENCH=L2 TARGET=L2 BOOT=L1" \
	"L1 boot PVNEST_L1_UP 120 -;L2 start PVNEST_BENCH_UP 240 -;L2 benchmarks PVNEST_BENCH_DONE 1200 results,pvstat,kvmstats;L1 shutdown PVNEST_L1_DONE 240 -"
# Every configuration resolves, with a profile for each nested-pv-*.
cfgs="native vm nested-nv2 pv-fuzz $(for p in $PV_PROFILES; do printf 'nested-pv-%s ' "$p"; done)"
for c in $cfgs; do
	n=$((n + 1))
	row=$(awk -v config="$c" -v profiles="$PV_PROFILES" -f "$tb/config-row.awk" "$tb/configs.txt") || { fail "config $c"; continue; }
	case $c in nested-pv-*) echo "$row" | grep -q " pv=${c#nested-pv-} " || fail "config $c: pv not its profile: $row" ;; esac
done
# Refusals: unknown configurations exit 2; malformed rows name FILE:LINE.
refuse() {	# LABEL REGEX STATUS cmd...
	label=$1 re=$2 want=$3; shift 3; n=$((n + 1))
	set +e; "$@" > "$w/out" 2>&1; st=$?; set -e
	[ $st -eq "$want" ] && grep -Eq -- "$re" "$w/out" || { fail "$label (status $st):"; sed 's/^/  /' "$w/out"; }
}
cfg() { awk -v config="$1" -v profiles="$PV_PROFILES" -f "$tb/config-row.awk" "${2:-$tb/configs.txt}"; }
refuse config-unknown "unknown configuration 'bogus'" 2 cfg bogus
refuse config-profile "unknown configuration 'nested-pv-v9' \(PV profiles: " 2 cfg nested-pv-v9
refuse config-empty-profile "unknown configuration 'nested-pv-'" 2 cfg nested-pv-
bad() {	# LABEL TABLE LINE REGEX: TABLE with LINE appended must be refused at that line
	cp "$tb/$2" "$w/$2"; echo "$3" >> "$w/$2"; l=$(wc -l < "$w/$2")
	case $2 in
	configs.txt) sed -i "${l}s/^/#/;1i $3" "$w/$2"; l=1	# first: a later row would not be read
		refuse "$1" "$w/$2:$l: $4" 1 cfg vm "$w/$2" ;;
	phases.txt) refuse "$1" "$w/$2:$l: $4" 1 phases "accel=tcg kind=nested mode=bench $t" "BENCH=L2 TARGET=L2 BOOT=L0" "$w/$2" ;;
	esac
}
bad phase-columns phases.txt "boot L0 PVNEST_%L_UP 180" "want: phase level marker"
bad phase-level phases.txt "boot L3 PVNEST_%L_UP 180 - -" "unknown level 'L3'"
bad phase-timeout phases.txt "boot L0 PVNEST_%L_UP 3m - -" "timeout '3m' is not a number"
bad phase-condition phases.txt "boot L0 PVNEST_%L_UP 180 - colour=red" "unknown condition 'colour'"
bad phase-condition-form phases.txt "boot L0 PVNEST_%L_UP 180 - accel" "condition 'accel' is not NAME=VALUE"
bad phase-host-marker phases.txt "driver host PVNEST_X 0 - -" "the host's driver and only it has no marker"
bad config-columns configs.txt "vm direct L1 L1 pvnest -" "want: config kind bench target l0 pv mem"
bad config-kind configs.txt "vm guest L1 L1 pvnest - 6G" "kind 'guest' is not native, direct or nested"
bad config-l0 configs.txt "vm direct L1 L1 xen - 6G" "l0 'xen' is not pvnest or stock"
bad config-mem configs.txt "vm direct L1 L1 pvnest - lots" "mem 'lots' is not a size"
# A phase at a level the configuration does not have (native has no BENCH).
refuse phase-missing-level "phases.txt:[0-9]+: phase 'start' at BENCH, which this configuration does not have" 1 \
	phases "accel=tcg kind=native mode=bench $t" "BENCH=- TARGET=L0 BOOT=L0"
echo "$((n - fails)) of $n table checks passed"
[ $fails -eq 0 ]
