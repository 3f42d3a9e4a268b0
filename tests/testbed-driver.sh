#!/bin/sh
# The level driver's own behaviour, without a full run: bad arguments, a
# missing or too old QEMU, the command lines for TCG and for a real arm64
# host with KVM, and hang detection (a phase timeout names level and phase
# and keeps the partial results).
#   testbed-driver.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2
rm -rf "$w" && mkdir -p "$w/bin"
run="$top/testbed/run.sh"
fails=0 n=0
check() {	# LABEL EXPECTED-REGEX EXPECTED-STATUS cmd...
	label=$1 re=$2 want=$3; shift 3
	n=$((n + 1))
	set +e; "$@" > "$w/out" 2>&1; st=$?; set -e
	if [ $st -ne "$want" ] || ! grep -Eq -- "$re" "$w/out"; then
		echo "FAIL $label (status $st):"; sed 's/^/  /' "$w/out" | tail -5; fails=$((fails + 1))
	fi
}
check help "--l0-kernel KERNEL +which kernel boots as L0" 0 sh "$run" --help
check bad-option "unknown option --bogus" 2 sh "$run" --bogus vm "$w/o"
check missing-arg "--iters needs N" 2 sh "$run" --iters
check no-outdir "usage: run.sh" 2 sh "$run" vm
check bad-config "unknown configuration 'bogus'" 2 sh "$run" bogus "$w/o"
check bad-accel "must be tcg or kvm" 2 sh "$run" --accel hvf vm "$w/o"
check tcg-cmd "-cpu max,lpa2=off -accel tcg.*kvm-arm.mode=nested.*pvnest.config=nested-nv2" 0 \
	sh "$run" --print-cmd nested-nv2 "$w/o"
check l0-default "-kernel .*/l0/[0-9a-f]*/Image " 0 sh "$run" --print-cmd vm "$w/o"
check l0-stock "-kernel .*/kernel/[^ ]*/Image " 0 sh "$run" --l0-kernel stock --print-cmd vm "$w/o"
check l0-missing "--l0-kernel /nonexistent: no such file" 1 sh "$run" --l0-kernel /nonexistent vm "$w/o"
check kvm-cmd "-cpu host -accel kvm .*l1-[0-9a-f]*/initrd.cpio.*pvnest.level=1" 0 \
	sh "$run" --accel kvm --print-cmd nested-nv2 "$w/o"
check kvm-vm-cmd "-accel kvm .*-kernel .*microbench.elf" 0 sh "$run" --accel kvm --print-cmd vm "$w/o"
# No QEMU, then a QEMU that is too old for FEAT_NV2.
for t in sh sed awk grep date sleep cat id dirname basename mkdir uname head cut sha256sum readlink tr; do
	ln -sf "$(command -v $t)" "$w/bin/$t"
done
check no-qemu "qemu-system-aarch64 not found" 1 env PATH="$w/bin" sh "$run" vm "$w/o"
printf '#!/bin/sh\necho "QEMU emulator version 8.2.2"\n' > "$w/bin/qemu-system-aarch64"
chmod +x "$w/bin/qemu-system-aarch64"
check old-qemu "QEMU 8.2 is too old" 1 env PATH="$w/bin" sh "$run" vm "$w/o"
# A hang: every phase gets 2 s, far too little for L0 to boot under TCG.
check hang "timeout: L0 did not reach 'PVNEST L0 UP' within 2s \(phase: L0 boot\)" 1 \
	env PVNEST_PHASE_TIMEOUT=2 sh "$run" vm "$w/hang"
[ -f "$w/hang/provenance.json" ] && grep -q '"failure": "timeout' "$w/hang/provenance.json" ||
	{ echo "FAIL hang: no partial results"; fails=$((fails + 1)); }
# A hang where QEMU stays alive (here: one that never prints anything) must
# not hang the driver too: it stops QEMU (status 124 would be timeout(1)'s).
mkdir -p "$w/fake"
printf '#!/bin/sh\ncase "$*" in *--version*) echo "QEMU emulator version 10.0.2" ;; *) exec sleep 900 ;; esac\n' \
	> "$w/fake/qemu-system-aarch64"
chmod +x "$w/fake/qemu-system-aarch64"
check hang-alive "timeout: L0 did not reach 'PVNEST L0 UP' within 2s" 1 \
	env PATH="$w/fake:$PATH" PVNEST_PHASE_TIMEOUT=2 timeout 300 sh "$run" vm "$w/hang-alive"
pgrep -f "sleep 900" > /dev/null && { echo "FAIL hang-alive: QEMU left running"; fails=$((fails + 1)); pkill -f "sleep 900"; }
# A QEMU that dies at once: named as such, partial results kept.
mkdir -p "$w/dies"
printf '#!/bin/sh\ncase "$*" in *--version*) echo "QEMU emulator version 10.0.2" ;; *) exit 3 ;; esac\n' \
	> "$w/dies/qemu-system-aarch64"
chmod +x "$w/dies/qemu-system-aarch64"
check qemu-dies "QEMU exited before L0 reached 'PVNEST L0 UP' \(phase: L0 boot\)" 1 \
	env PATH="$w/dies:$PATH" timeout 300 sh "$run" vm "$w/dies-out"
grep -q '"failure": "QEMU exited' "$w/dies-out/provenance.json" 2>/dev/null ||
	{ echo "FAIL qemu-dies: no partial results"; fails=$((fails + 1)); }
# Cross-checks fail the run: a QEMU stand-in replays a real nested-nv2
# console (tests/driver-fixture, from results/bench/microbench-all-*), once as
# it was (the checks pass, provenance says so) and once with one vCPU's
# nested_exits in KVM's stats fd changed (statsfd_vs_debugfs must fail it).
fx=$top/tests/driver-fixture/nested-nv2-console.log
mkdir -p "$w/replay" "$w/replay-bad"
sed -n '/PVNEST KS bench=hvc/{s/"nested_exits", "value": /"nested_exits", "value": 1/;};p' "$fx" > "$w/bad-console.log"
cmp -s "$fx" "$w/bad-console.log" && { echo "FAIL replay: the fixture was not changed"; fails=$((fails + 1)); }
for d in replay:"$fx" replay-bad:"$w/bad-console.log"; do
	printf '#!/bin/sh\ncase "$*" in *--version*) echo "QEMU emulator version 10.0.2" ;; *) cat "%s" ;; esac\n' "${d#*:}" \
		> "$w/${d%%:*}/qemu-system-aarch64"
	chmod +x "$w/${d%%:*}/qemu-system-aarch64"
done
check replay "nested-nv2 done" 0 env PATH="$w/replay:$PATH" timeout 300 sh "$run" nested-nv2 "$w/replay-out"
jq -e '.checks.statsfd_vs_debugfs == "passed" and .failure == null' "$w/replay-out/provenance.json" > /dev/null 2>&1 ||
	{ echo "FAIL replay: provenance does not say the check passed"; fails=$((fails + 1)); }
check replay-disagree "check statsfd_vs_debugfs failed" 1 \
	env PATH="$w/replay-bad:$PATH" timeout 300 sh "$run" nested-nv2 "$w/replay-bad-out"
jq -e '.checks.statsfd_vs_debugfs == "failed" and (.failure | startswith("check statsfd_vs_debugfs failed"))' \
	"$w/replay-bad-out/provenance.json" > /dev/null 2>&1 ||
	{ echo "FAIL replay-disagree: provenance does not mark the failed check"; fails=$((fails + 1)); }
# The same with L0's trace (--trace): the stand-in writes the recorded trace
# to the chardev file. As recorded, all three checks pass; with one
# fast-path count in L0's counters changed, counters_vs_trace must fail the
# run (the trace and the stats fd know nothing of it).
tfx=$top/tests/driver-fixture
sed 's/^\(PVNEST NV bench=hvc vcpu 0 fast-done hvc \)107\(.\)$/\1106\2/' \
	"$tfx/nested-nv2-trace-console.log" > "$w/bad-trace-console.log"
cmp -s "$tfx/nested-nv2-trace-console.log" "$w/bad-trace-console.log" &&
	{ echo "FAIL trace replay: the fixture was not changed"; fails=$((fails + 1)); }
for d in treplay:"$tfx/nested-nv2-trace-console.log" treplay-bad:"$w/bad-trace-console.log"; do
	mkdir -p "$w/${d%%:*}"
	{ echo '#!/bin/sh'
	  echo 'case "$*" in *--version*) echo "QEMU emulator version 10.0.2"; exit 0 ;; esac'
	  echo "for a; do case \$a in file,id=trace,path=*) xz -dc '$tfx/nested-nv2-trace.txt.xz' > \"\${a#file,id=trace,path=}\" ;; esac; done"
	  echo "cat '${d#*:}'"; } > "$w/${d%%:*}/qemu-system-aarch64"
	chmod +x "$w/${d%%:*}/qemu-system-aarch64"
done
check trace-replay "nested-nv2 done" 0 env PATH="$w/treplay:$PATH" timeout 300 sh "$run" --trace nested-nv2 "$w/treplay-out"
jq -e '.checks == {"statsfd_vs_debugfs": "passed", "tracepoint_check": "passed", "counters_vs_trace": "passed"}' \
	"$w/treplay-out/provenance.json" > /dev/null 2>&1 ||
	{ echo "FAIL trace-replay: provenance does not say all three checks passed"; fails=$((fails + 1)); }
check trace-replay-disagree "check counters_vs_trace failed" 1 \
	env PATH="$w/treplay-bad:$PATH" timeout 300 sh "$run" --trace nested-nv2 "$w/treplay-bad-out"
jq -e '.checks.counters_vs_trace == "failed" and .checks.tracepoint_check == "passed"' \
	"$w/treplay-bad-out/provenance.json" > /dev/null 2>&1 ||
	{ echo "FAIL trace-replay-disagree: provenance does not mark counters_vs_trace failed"; fails=$((fails + 1)); }
echo "$((n - fails)) of $n driver checks passed"
[ $fails -eq 0 ]
