#!/bin/sh
# pvstat over a nested_traps file in the format of the accounting patch: totals,
# per-exit ratios, fast-path traps, register names from the database, and bad input.
#   pvstat.sh PVSTAT WORKDIR
set -eu
pv=$1 w=$2
rm -rf "$w" && mkdir -p "$w"
cat > "$w/nested_traps" <<'T'
vcpu 0 exits hvc 8
vcpu 0 traps-done hvc 40
vcpu 0 fast-done hvc 4
vcpu 0 traps hvc ec 0x18 32
vcpu 0 traps hvc ec 0x1a 8
vcpu 0 traps hvc sysreg 2.0.0.2.2 24
vcpu 0 traps hvc sysreg 3.4.12.11.2 8
vcpu 0 l2-exits-l0 3
vcpu 0 hist 5 8
vcpu 1 exits hvc 2
vcpu 1 traps-done hvc 12
vcpu 1 fast-done hvc 1
vcpu 1 traps hvc ec 0x1a 2
vcpu 1 traps hvc ec 0x18 10
vcpu 1 traps hvc sysreg 2.0.0.2.2 6
vcpu 1 traps hvc sysreg 3.1.15.2.0 4
vcpu 1 hist 6 2
T
"$pv" --csv "$w/nested_traps" > "$w/out.csv"
want='all,nested-exits,,10,
all,traps,,52,5.200
all,l2-exits-l0,,3,
all,hist,5,8,
all,hist,6,2,
HVC64,nested-exits,,10,
HVC64,traps,,52,5.200
HVC64,fast-path,,5,0.500
HVC64,class,SYS64,42,4.200
HVC64,class,ERET,10,1.000'
[ "$(sed -n 2,11p "$w/out.csv")" = "$want" ] || { echo "totals wrong:"; cat "$w/out.csv"; exit 1; }
grep -q '^HVC64,register,MDSCR_EL1,30,3.000$' "$w/out.csv" || { echo "MDSCR_EL1 not named/summed"; exit 1; }
grep -q '^HVC64,register,ICH_MISR_EL2,8,0.800$' "$w/out.csv" || { echo "ICH_MISR_EL2 not named"; exit 1; }
grep -q '^HVC64,register,S3_1_C15_C2_0,4,0.400$' "$w/out.csv" || { echo "unknown register not in generic form"; exit 1; }
"$pv" "$w/nested_traps" | grep -q 'mean 5.20, min 5, max 6; L2 exits handled by L0 alone: 3' ||
	{ echo "summary line wrong"; "$pv" "$w/nested_traps"; exit 1; }
# An exit with more traps than the histogram has buckets still counts them all.
printf 'vcpu 0 exits irq 1\nvcpu 0 traps-done irq 600\nvcpu 0 traps irq ec 0x18 600\nvcpu 0 hist 511 1\n' > "$w/big"
"$pv" --csv "$w/big" | grep -q '^all,traps,,600,600.000$' || { echo "overflow bucket miscounted:"; "$pv" --csv "$w/big"; exit 1; }
"$pv" --csv "$w/big" | grep -q '^IRQ,nested-exits,,1,$' || { echo "irq cause not named IRQ"; exit 1; }
# PV nested mode: artifacts apart from traps, and the PV call counters.
printf 'vcpu 0 exits hvc 2\nvcpu 0 traps-done hvc 10\nvcpu 0 artifacts hvc 6\nvcpu 0 hist 5 2\nvcpu 0 pv calls 40\nvcpu 0 pv invalid 1\nvcpu 0 pv self-returns 3\n' > "$w/pv"
"$pv" --csv "$w/pv" > "$w/pv.csv"
for want in 'HVC64,artifacts,,6,3.000' 'all,traps,,10,5.000' 'all,pv-calls,,40,' 'all,pv-invalid,,1,' 'all,pv-self-returns,,3,'; do
	grep -qx "$want" "$w/pv.csv" || { echo "PV lines: no '$want' in:"; cat "$w/pv.csv"; exit 1; }
done
echo 'vcpu 0 frobnicate 1' > "$w/bad"
if "$pv" "$w/bad" 2> "$w/err"; then echo "bad input accepted"; exit 1; fi
grep -q 'bad:1: not a nested_exit_traps line' "$w/err" || { echo "bad message: $(cat "$w/err")"; exit 1; }
echo "pvstat: totals, ratios, register names and bad input as expected"
