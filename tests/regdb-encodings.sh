#!/bin/sh
# Check every register database encoding against two independent encoders:
# LLVM's MC layer (assemble the name) and capstone (decode the word).
#   regdb-encodings.sh REGDB_DUMP
set -eu
dump=$1
attrs=+v8.8a,+vh,+pauth,+pan-rwv,+sve,+sme,+mte,+mpam,+ecv,+fgt,+hcx,+ras,+trbe,+spe,+amvs,+specrestrict,+tlb-rmi,+xs,+brbe
llvm_known=0 llvm_unknown=0 cs_named=0 bad=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$dump" > "$tmp/rows"
while read -r kind name word rest; do
	case $kind in
	sysreg) asm="mrs x0, $name" ;;
	tlbi)	asm="tlbi $name, x0" ;;
	at)	asm="at $name, x0" ;;
	insn)	asm=$(echo "$name" | tr 'A-Z' 'a-z') ;;
	esac
	# TLBI operations without an address operand take no register.
	if ! out=$(echo "$asm" | llvm-mc -triple=aarch64 -mattr=$attrs -show-encoding 2>/dev/null) || [ -z "$out" ]; then
		[ "$kind" = tlbi ] && out=$(echo "tlbi $name" | llvm-mc -triple=aarch64 -mattr=$attrs -show-encoding 2>/dev/null || true)
	fi
	enc=$(echo "$out" | sed -n 's/.*encoding: \[0x\(..\),0x\(..\),0x\(..\),0x\(..\)\].*/\4\3\2\1/p')
	if [ -z "$enc" ]; then
		llvm_unknown=$((llvm_unknown + 1))
		echo "llvm-mc does not know $kind $name"
	else
		# tlbi without operand encodes Rt=31: compare without the Rt field.
		e=$(( 0x$enc & ~31 )) d=$(( 0x$word & ~31 ))
		if [ $e -ne $d ]; then
			echo "MISMATCH $kind $name: database $word, llvm-mc $enc"
			bad=$((bad + 1))
		fi
		llvm_known=$((llvm_known + 1))
	fi
	# capstone: when it names the register/operation, the name must agree.
	lname=$(echo "$name" | tr 'A-Z' 'a-z')
	ltext=$(echo "$rest" | tr 'A-Z' 'a-z')
	# Names capstone 4 spells differently for the same encoding: an older
	# LLVM spelling, and a GICv4 draft register whose encoding GICv5 reuses.
	case $lname in
	ich_elrsr_el2) lname=ich_elsr_el2 ;;
	ich_hfgrtr_el2) lname=ich_vseir_el2 ;;
	esac
	case $ltext in
	*" s3_"*|*" s2_"*|*"sys "*|"?") ;;
	*"$lname"*) cs_named=$((cs_named + 1)) ;;
	*) echo "MISMATCH capstone decodes $kind $name ($word) as: $rest"; bad=$((bad + 1)) ;;
	esac
done < "$tmp/rows"
rows=$(wc -l < "$tmp/rows")
echo "$rows rows: llvm-mc agrees on $llvm_known (does not know $llvm_unknown), capstone names $cs_named the same"
# A database that llvm-mc mostly cannot check is itself suspect.
[ $((llvm_known * 10)) -ge $((rows * 8)) ] || { echo "too few rows checked by llvm-mc"; exit 1; }
[ $bad -eq 0 ]
