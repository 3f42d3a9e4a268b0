#!/bin/sh
# gen-nested-exits.awk: the real lists make a header with every cause, the
# limits and the class-to-cause table; each kind of bad input is refused
# with FILE:LINE (or the missing part named), never a header.
#   nested-exits.sh TOP WORKDIR
set -eu
top=$1 w=$2
gen=$top/pvhooks/gen-nested-exits.awk nx=$top/pvhooks/nested-exits.txt cl=$top/pvhooks/exit-classes.txt
fail() { echo "nested-exits: $*" >&2; exit 1; }
mkdir -p "$w"
awk -f "$gen" "$nx" "$cl" > "$w/ok.h" || fail "the real lists were refused"
for want in '#define PV_NX_CAUSES 8' '#define PV_NX_HIST 512' '#define PV_NX_ECS 65' '"other-sync", "hvc", "dabt", "sys64", "wfx", "iabt", "irq", "fiq-serror",' '[0x16] = 1,' '[0x24] = 2,' '#define PV_NX_CAUSE_IRQ 6'; do
	grep -qF -- "$want" "$w/ok.h" || fail "header lacks: $want"
done
# bad NAME CAUSES-EDIT CLASSES-EDIT EXPECT: sed scripts on copies of the lists.
n=0
bad() {
	sed "$2" "$nx" > "$w/nx.txt"; sed "$3" "$cl" > "$w/cl.txt"
	if awk -f "$gen" "$w/nx.txt" "$w/cl.txt" > "$w/bad.h" 2> "$w/bad.err"; then
		fail "$1: accepted"
	fi
	grep -q -- "$4" "$w/bad.err" || fail "$1: wrong message: $(cat "$w/bad.err")"
	n=$((n + 1))
}
bad duplicate-cause 's/^cause\tdabt\t\tsync$/cause\thvc\t\tsync/' '' 'nx.txt:[0-9]*: cause hvc twice'
bad first-not-sync 's/^cause\tother-sync\tsync$/cause\tother-sync\tirq/' '' 'nx.txt:[0-9]*: the first cause must be sync'
bad bad-kind 's/^cause\twfx\t\tsync$/cause\twfx\t\tsometimes/' '' 'nx.txt:[0-9]*: want: cause NAME'
bad no-limit '/^limit\tECS/d' '' 'needs limit HIST and limit ECS'
bad bad-limit 's/^limit\tHIST\t\t512$/limit\tHIST\t\tmany/' '' 'nx.txt:[0-9]*: want: limit NAME N'
bad unknown-line '$a\causes galore' '' 'nx.txt:[0-9]*: unknown line'
bad class-unknown-cause '' 's/^0x16\tHVC64\t\thvc$/0x16\tHVC64\t\thypercall/' 'cl.txt:[0-9]*: cause hypercall is not in nested-exits.txt'
bad class-async-cause '' 's/^0x18\tSYS64\t\tsys64$/0x18\tSYS64\t\tfiq-serror/' 'cl.txt:[0-9]*: a synchronous class names the async cause'
bad irq-class-not-irq '' 's/^0x40\tIRQ\t\tirq$/0x40\tIRQ\t\thvc/' 'cl.txt:[0-9]*: class 0x40 (IRQ exits) must name the irq cause'
echo "nested-exits: the real lists make the header; $n kinds of bad input refused with their place"
