#!/bin/sh
# Mutation test: single-byte and single-bit changes to the parts of real
# inputs a rewrite trusts (headers, the kallsyms tables, ELF section and
# program headers) of the pinned Debian kernel Image, a Debian module and
# Xen's xen-syms, each run through pvrewrite built with ASan + UBSan (leak
# check on). The oracle, per mutant:
#  - no crash, no sanitizer report, no hang (60 s), exit 0 or 1;
#  - exit 1 (refusal): one "pvrewrite: error:" line last, and neither the
#    image nor the report nor a temporary file left behind;
#  - exit 0: a valid UTF-8 JSON report, and an image that equals the clean
#    input's rewrite everywhere but at the mutated byte, or else in which
#    binutils' objdump finds no EL2/EL12/EL02 access, EL2 TLBI/AT or ERET in
#    the code that runs at virtual EL2 (for the Image and Xen: the clean
#    run's ranges, which no mutation moved; for the module: its sections).
# Mutants come from a seeded awk PRNG: the same seed, the same mutants.
#   mutate.sh PROJECT_DIR GENERATED_INCLUDE_DIR PVREWRITE WORKDIR [PER_INPUT [SEED]]
set -eu
top=$1 gen=$2 pv=$3 w=$4 per=${5:-24} seed=${6:-17}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w/x" "$w/o"
. "${PVNEST_CONF:-$top/pvnest.conf}"

# The sanitized build: every rewriter source with ASan + UBSan, errors fatal
# (clang and its runtimes: scripts/packages.txt, group test).
san=$w/pvrewrite-asan
clang -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -D_GNU_SOURCE \
	-DPVNEST_VERSION='"mutate"' -I"$top/rewriter" -I"$top/pvhooks" -I"$gen" \
	"$top"/rewriter/*.c $(pkg-config --cflags --libs libelf capstone) -o "$san"

# Inputs: the pinned kernel Image, its largest guest module (ext4: 372 sites
# rewritten under nv2), xen-syms.
img=$(sh "$top/scripts/fetch-kernel.sh")
mods=$(sh "$top/scripts/fetch-modules.sh")
mod=$(ls -S "$mods"/*.ko | head -n1)
for deb in $(sh "$top/scripts/aptfetch.sh" "$XEN_SUITE" "$XEN_PACKAGE-dbg"); do dpkg-deb -x "$deb" "$w/x"; done
xen=$(ls "$w"/x/usr/lib/debug/boot/xen-syms-*-arm64 | head -n1)

u8() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
u64() { od -An -tu8 -j "$2" -N8 "$1" | tr -d ' '; }
# Regions "NAME START END" of the parts a rewrite trusts, per input.
regions_elf() {
	shoff=$(u64 "$1" 40) shnum=$(od -An -tu2 -j 60 -N2 "$1" | tr -d ' ')
	phoff=$(u64 "$1" 32) phnum=$(od -An -tu2 -j 56 -N2 "$1" | tr -d ' ')
	echo "elf-header 0 64"
	echo "section-headers $shoff $((shoff + 64 * shnum))"
	[ "$phnum" -eq 0 ] || echo "program-headers $phoff $((phoff + 56 * phnum))"
}
regions_image() {
	pe=$(u32 "$1" 60)
	nsec=$(od -An -tu2 -j $((pe + 6)) -N2 "$1" | tr -d ' ') opt=$(od -An -tu2 -j $((pe + 20)) -N2 "$1" | tr -d ' ')
	echo "image-header 0 64"
	echo "pe-header $pe $((pe + 24 + opt + 40 * nsec))"
	# kallsyms: from 1 MiB before the token table (names, markers,
	# seqs_of_names) to the end of the offsets (pvrewrite -v names both).
	set -- $("$pv" -v --list "$1" 2>&1 >/dev/null |
		sed -n 's/.*kallsyms: \([0-9]*\) symbols (token table at \(0x[0-9a-f]*\), offsets at \(0x[0-9a-f]*\).*/\1 \2 \3/p')
	[ $# -eq 3 ] || { echo "mutate.sh: pvrewrite -v did not say where kallsyms is" >&2; exit 1; }
	echo "kallsyms $(($2 - 0x100000)) $(($3 + 4 * $1 + 8))"
}

crash=0 wrong=0 refused=0 same=0 checked=0 n=0
run_input() {	# NAME FILE MODE REGIONS-FUNCTION
	name=$1 in=$2 mode=$3
	"$pv" -p nv2 -m "$mode" -o "$w/$name.clean" -r "$w/$name.clean.json" "$in" > /dev/null
	$4 "$in" > "$w/$name.regions"
	awk -v per="$per" -v seed="$seed" -v name="$name" '
		{ n++; s[n] = $2; e[n] = $3; r[n] = $1 }
		END {
			srand(seed + length(name));
			for (i = 0; i < per; i++) {
				k = 1 + i % n; off = s[k] + int(rand() * (e[k] - s[k]));
				if (rand() < 0.5) print r[k], off, "bit", int(rand() * 8);
				else print r[k], off, "byte", int(rand() * 256);
			}
		}' "$w/$name.regions" > "$w/$name.mutants"
	while read -r region off kind v; do
		n=$((n + 1)) m=$w/m.in o=$w/o/out r=$w/o/rep.json
		rm -f "$w"/o/* && cp "$in" "$m"
		old=$(u8 "$m" "$off")
		if [ "$kind" = bit ]; then new=$((old ^ (1 << v))); else new=$v; fi
		printf "$(printf '\\%03o' "$new")" | dd of="$m" bs=1 seek="$off" conv=notrunc 2>/dev/null
		what="$name $region +$off $kind $v ($old->$new)"
		rc=0
		ASAN_OPTIONS=detect_leaks=1:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1 \
			timeout 60 "$san" -p nv2 -m "$mode" -o "$o" -r "$r" "$m" > "$w/stdout" 2> "$w/stderr" || rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 1 ] || grep -q 'Sanitizer\|runtime error' "$w/stderr"; then
			echo "CRASH $what: exit $rc"; tail -n 30 "$w/stderr"; crash=$((crash + 1)); continue
		fi
		if [ $rc -eq 1 ]; then
			if ! tail -n1 "$w/stderr" | grep -q '^pvrewrite: error: ' || [ -n "$(ls "$w/o")" ]; then
				echo "WRONG $what: a refusal without its message, or with files left: $(ls "$w/o")"
				tail -n 3 "$w/stderr"; wrong=$((wrong + 1)); continue
			fi
			refused=$((refused + 1)); echo "refused $what: $(tail -n1 "$w/stderr" | cut -c1-160)" >> "$w/log"
			continue
		fi
		if ! jq -e . "$r" > /dev/null 2>&1 || ! iconv -f UTF-8 -t UTF-8 "$r" > /dev/null 2>&1; then
			echo "WRONG $what: the report is not valid UTF-8 JSON"; wrong=$((wrong + 1)); continue
		fi
		# Differences from the clean rewrite, as file offsets (cmp -l counts from 1).
		diff=$(cmp -l "$w/$name.clean" "$o" 2>/dev/null | awk -v off="$off" '$1 - 1 != off { n++ } END { print n + 0 }')
		if [ "$(wc -c < "$o")" -eq "$(wc -c < "$w/$name.clean")" ] && [ "$diff" -eq 0 ]; then
			same=$((same + 1)); echo "same $what" >> "$w/log"; continue
		fi
		if [ "$name" = module ]; then
			left=$(aarch64-linux-gnu-objdump -d "$o" 2>/dev/null | awk '$3 ~ /^(mrs|msr|tlbi|at|eret|eretaa|eretab)$/' |
				awk -v lines=1 -f "$here/objdump-classify.awk" | grep -cE '^(el2|el12|tlbi-el2|at-el2|eret) ' || true)
		else
			left=0
			sh "$here/objdump-leftover.sh" "$o" "$w/$name.clean.json" "$w/left" > "$w/left.txt" || left=1
		fi
		if [ "$left" -ne 0 ]; then
			echo "WRONG $what: exit 0 and EL2-class instructions left"; wrong=$((wrong + 1)); continue
		fi
		checked=$((checked + 1)); echo "differs, objdump finds nothing left: $what" >> "$w/log"
	done < "$w/$name.mutants"
}
run_input image "$img" vhe regions_image
run_input module "$mod" vhe regions_elf
run_input xen "$xen" nvhe regions_elf
echo "$n mutants (seed $seed, $per per input) of $(basename "$img"), $(basename "$mod"), $(basename "$xen"):" \
	"$refused refused, $same rewritten as the clean input, $checked rewritten otherwise and objdump-clean;" \
	"$crash crash(es), $wrong wrong output(s)"
[ $crash -eq 0 ] && [ $wrong -eq 0 ]
