#!/bin/sh
# bench/apps-report.sh on a hand-made run (tests/apps-fixture: round numbers,
# not results): the normalized overheads both ways round (higher and lower is
# better), min..max over repetitions, the headline metric being the first,
# traps per nested exit by cause and class, a missing cell shown as missing in
# every output, the baseline knob, the figures in three formats, failed boots listed.
#   apps-report.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2
rm -rf "$w" && mkdir -p "$w"
cp "$top"/tests/apps-fixture/apps.csv "$top"/tests/apps-fixture/apps-traps.csv "$top"/tests/apps-fixture/provenance.json "$w/"
fail() { echo "apps-report test: $*"; exit 1; }
has() {	# FILE LINE: FILE has LINE exactly
	grep -qxF -- "$2" "$1" || { echo "apps-report test: no line '$2' in $1:"; cat "$1"; exit 1; }
}
# One boot that failed after its workloads (as run.sh records it), one fine.
mkdir -p "$w/nested-nv2/boot-1" "$w/vm/boot-1"
# Their cross-checks: one passed, one failed (it failed the boot), one boot without any.
echo '{ "config": "nested-nv2", "checks": { "statsfd_vs_debugfs": "failed" }, "failure": "timeout: L0 did not reach '"'PVNEST L0 DONE'"' within 240s (phase: L0 shutdown)" }' > "$w/nested-nv2/boot-1/provenance.json"
echo '{ "config": "vm", "checks": { "statsfd_vs_debugfs": "passed" } }' > "$w/vm/boot-1/provenance.json"
# One whose reason has JSON escapes (read with jq: shown unescaped).
mkdir -p "$w/vm/boot-2"
printf '%s\n' '{ "config": "vm", "failure": "QEMU said \"bye\" \\ (phase: L1)" }' > "$w/vm/boot-2/provenance.json"
sh "$top/bench/apps-report.sh" "$w" "$top/tests/apps-fixture/microbench" > "$w/log" 2>&1 || { cat "$w/log"; fail "report failed"; }
grep -qxF -- "- \`nested-nv2/boot-1/provenance.json\`: timeout: L0 did not reach 'PVNEST L0 DONE' within 240s (phase: L0 shutdown)" "$w/report.md" ||
	fail "the failed boot is not listed"
grep -qxF -- "- \`vm/boot-2/provenance.json\`: QEMU said \"bye\" \\ (phase: L1)" "$w/report.md" ||
	fail "a failure with JSON escapes is not listed unescaped"
[ "$(grep -c '^- `.*/boot-.*/provenance.json`' "$w/report.md")" -eq 2 ] || fail "a good boot listed as failed"

c=$w/apps-overhead.csv
# trans/s, higher is better: native 100 vs 20 and 30 -> mean 25 -> 4; per rep 100/30 .. 100/20.
has "$c" 'netperf-rr,nested-pv-v8.3,trans_per_s,trans/s,2,25,20,30,4.000,3.333,5.000'
has "$c" 'netperf-rr,vm,trans_per_s,trans/s,2,50,50,50,2.000,2.000,2.000'
# seconds, lower is better: native 9 and 11 (mean 10) vs 30 -> 3; vm 12, 13 -> 1.25 [1.2, 1.3].
has "$c" 'hackbench,nested-pv-v8.3,seconds,s,2,30,30,30,3.000,3.000,3.000'
has "$c" 'hackbench,vm,seconds,s,2,12.5,12,13,1.250,1.200,1.300'
has "$c" 'hackbench,native,seconds,s,2,10,9,11,1.000,0.900,1.100'
has "$c" 'memcached,vm,ops_per_s,ops/s,2,375,250,500,2.667,2.000,4.000'
# The missing cell: no result, no number (not 0).
has "$c" 'memcached,nested-pv-v8.3,ops_per_s,ops/s,0,,,,,,'
d=$w/apps-overhead.dat
has "$d" "$(printf 'workload\tvm\tvm_min\tvm_max\tnested-pv-v8.3\tnested-pv-v8.3_min\tnested-pv-v8.3_max')"
has "$d" "$(printf 'netperf-rr\t2.000\t2.000\t2.000\t4.000\t3.333\t5.000')"
has "$d" "$(printf 'memcached\t2.667\t2.000\t4.000\tNaN\tNaN\tNaN')"

t=$w/apps-traps-summary.csv
# rep 1: 12000 traps / 100 nested exits, rep 2: 20000 / 200; by cause IRQ 9000/100, 16000/200.
has "$t" 'netperf-rr,nested-pv-v8.3,2,total,all,110.000,100.000,120.000'
has "$t" 'netperf-rr,nested-pv-v8.3,2,cause,IRQ,85.000,80.000,90.000'
has "$t" 'netperf-rr,nested-pv-v8.3,2,cause,DABT_LOW,25.000,20.000,30.000'
# Trap classes summed over causes: (8500 + 2900) / 100, (15000 + 4000) / 200.
has "$t" 'netperf-rr,nested-pv-v8.3,2,class,SYS64,104.500,95.000,114.000'
has "$t" 'hackbench,nested-pv-v8.3,1,total,all,50.000,50.000,50.000'
has "$t" 'memcached,nested-pv-v8.3,0,total,all,,,'
has "$w/apps-traps.dat" "$(printf 'netperf-rr/pv-v8.3\t85.000\t0.000\t25.000')"
has "$w/apps-traps.dat" "$(printf 'memcached/pv-v8.3(missing)\tNaN\tNaN\tNaN')"

r=$w/report.md
has "$r" '| netperf-rr | 1.00 [1.00–1.00] | 2.00 [2.00–2.00] | 4.00 [3.33–5.00] |'
has "$r" '| hackbench | 1.00 [0.90–1.10] | 1.25 [1.20–1.30] | 3.00 [3.00–3.00] |'
has "$r" '| memcached | 1.00 [1.00–1.00] | 2.67 [2.00–4.00] | *missing* |'
has "$r" '| memcached | ops_per_s (ops/s) | 1000 [1000–1000] (n=2) | 375 [250–500] (n=2) | *missing* |'
has "$r" '| netperf-rr | 110.0 [100.0–120.0] |'
has "$r" '| memcached | *missing* |'
has "$r" '| memcached | nested-pv-v8.3 | 0 | *missing* | | | | |'
has "$r" '| Memcached overhead over native, nested ARMv8.3 | > 40× | *missing* (nested-pv-v8.3) |'
has "$r" '| traps per nested hypercall, ARMv8.3, VHE guest hypervisor | ~82 | 130.4 (nested-pv-v8.3, hvc) |'
has "$r" '| traps per nested hypercall, NEVE | ~15 | 12.2 (nested-pv-neve, hvc) |'
has "$r" '| hvc | nested-pv-neve | 20000.0 | 20.00 | 1000 | 12.234 | 3.848 | 6.010 | 8 | 511+ | MDSCR_EL1=4.732 CPACR_EL1=2.366 ICH_MISR_EL2=1.183 |'
has "$r" '| pvnest_commit | 0000000-fixture |'
grep -q '^Wall time of the workloads .*: 0h13m59s (839 s)' "$r" || fail "wall time (839 s) not in report"
grep -q '^interrupts land in different exits from run to run' "$r" || fail "no TCG caveat"
! grep -q 'counts are exact' "$r" || fail "the report still claims exact counts"
has "$r" '- statsfd_vs_debugfs: passed in 1 of 3 boots, FAILED in 1'
has "$r" '- 1 of 3 boots recorded no check (none ran there, or an older harness).'

# Figures: three, each in three formats, and the report links them.
for f in apps-overhead apps-traps apps-traps-class; do
	for e in pdf png svg; do [ -s "$w/$f.$e" ] || { cat "$w/log"; fail "no $f.$e"; }; done
	grep -qF "[svg]($f.svg) [pdf]($f.pdf) [png]($f.png)" "$r" || fail "report does not link $f"
done
# A PNG is a PNG, a PDF a PDF.
[ "$(head -c 4 "$w/apps-overhead.pdf")" = "%PDF" ] || fail "apps-overhead.pdf is not a PDF"
head -c 8 "$w/apps-overhead.png" | grep -q PNG || fail "apps-overhead.png is not a PNG"
grep -q 'missing' "$w/apps-overhead.svg" || fail "the missing cell is not marked in the figure"

# The baseline knob: over vm, netperf-rr nested is 50/25 = 2; hackbench 30/12.5 = 2.4.
sh "$top/bench/apps-report.sh" --baseline vm "$w" > "$w/log2" 2>&1 || { cat "$w/log2"; fail "--baseline vm failed"; }
has "$c" 'netperf-rr,nested-pv-v8.3,trans_per_s,trans/s,2,25,20,30,2.000,1.667,2.500'
has "$c" 'hackbench,nested-pv-v8.3,seconds,s,2,30,30,30,2.400,2.400,2.400'
has "$c" 'netperf-rr,native,trans_per_s,trans/s,2,100,100,100,0.500,0.500,0.500'
grep -q 'No micro-benchmark folder given' "$r" || fail "report without a micro-benchmark folder"
if sh "$top/bench/apps-report.sh" --baseline bare-metal "$w" > "$w/log3" 2>&1; then fail "an unknown baseline was accepted"; fi
grep -q 'baseline config bare-metal not in apps.csv' "$w/log3" || { cat "$w/log3"; fail "unknown baseline: no message"; }
echo "apps-report: overheads, traps per nested exit, missing cells, figures and the baseline knob as expected"
