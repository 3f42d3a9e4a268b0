#!/bin/sh
# Bad input gets a clear message, a non-zero exit and no output file; an
# existing output file is left as it was.
#   bad-input.sh PVREWRITE WORKDIR
set -eu
pv=$1 w=$2
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$w" && mkdir -p "$w"
cc="clang --target=aarch64-linux-gnu -march=armv8.4-a -c"
$cc "$src/asm/sites.S" -o "$w/sites.o"
$cc "$src/asm/head.S" -o "$w/head.o"
$cc "$src/asm/alts.S" -o "$w/alts.o"
fails=0 n=0
expect_fail() {	# LABEL MESSAGE-REGEX pvrewrite-args...
	label=$1 msg=$2; shift 2
	n=$((n + 1))
	echo keep > "$w/out"
	if "$pv" "$@" -o "$w/out" > "$w/stdout" 2> "$w/err"; then
		echo "FAIL $label: accepted"; fails=$((fails + 1)); return
	fi
	grep -Eq "$msg" "$w/err" || { echo "FAIL $label: message: $(cat "$w/err")"; fails=$((fails + 1)); }
	[ "$(cat "$w/out")" = keep ] || { echo "FAIL $label: output file changed"; fails=$((fails + 1)); }
	ls "$w" | grep -q pvtmp && { echo "FAIL $label: temporary file left"; fails=$((fails + 1)); }
	return 0
}
head -c 100 "$w/sites.o" > "$w/trunc.o"
expect_fail truncated-elf "corrupt|truncated|past the end" "$w/trunc.o"
sz=$(wc -c < "$w/sites.o"); head -c $((sz - 64)) "$w/sites.o" > "$w/short.o"
expect_fail short-elf "corrupt|truncated|past the end" "$w/short.o"
clang --target=x86_64-linux-gnu -c -x c /dev/null -o "$w/x86.o"
expect_fail wrong-arch "not AArch64" "$w/x86.o"
printf 'hello, not a kernel\n' > "$w/text"
expect_fail not-an-image "neither an ELF file nor an arm64 kernel Image" "$w/text"
: > "$w/empty"
expect_fail empty "empty or truncated" "$w/empty"
# An Image header on too little data, and an Image without kallsyms.
{ head -c 56 /dev/zero; printf 'ARMd'; head -c 4 /dev/zero; } > "$w/hdr.img"
expect_fail truncated-image "truncated arm64 Image" "$w/hdr.img"
{ head -c 56 /dev/zero; printf 'ARMd'; head -c 200000 /dev/zero; } > "$w/nosyms.img"
expect_fail image-no-kallsyms "no usable kallsyms table: no token table" "$w/nosyms.img"
# Overlapping sections: point section 2's file offset at section 1's.
shoff=$(od -An -t u8 -j 40 -N 8 "$w/sites.o" | tr -d ' ')
cp "$w/sites.o" "$w/overlap.o"
off1=$(od -An -t u8 -j $((shoff + 64 + 24)) -N 8 "$w/sites.o" | tr -d ' ')
printf "$(printf '%016x' "$off1" | sed 's/\(..\)/\1 /g' | awk '{for (i = NF; i > 0; i--) printf "\\\\x%s", $i}')" |
	dd of="$w/overlap.o" bs=1 seek=$((shoff + 128 + 24)) conv=notrunc 2>/dev/null
expect_fail overlapping-sections "overlap" "$w/overlap.o"
# e_shstrndx (at 62) past the section table: the writer once used it unchecked.
cp "$w/sites.o" "$w/shstrndx.o"
printf '\377\177' | dd of="$w/shstrndx.o" bs=1 seek=62 conv=notrunc 2>/dev/null
expect_fail bad-shstrndx "section name table index 32767 is out of range" "$w/shstrndx.o"
# A header libelf does not take, without an error of its own.
head -c 5 "$w/sites.o" > "$w/elf5.o"
expect_fail elf-header-no-error "corrupt ELF header: truncated" "$w/elf5.o"
expect_fail unknown-profile "not a built-in profile" -p nonesuch "$w/sites.o"
printf 'base nv2\nset NOPE_EL2 trap\n' > "$w/p1"
expect_fail profile-unknown-reg "p1:2: no register 'NOPE_EL2'" -p "$w/p1" "$w/sites.o"
printf 'base nv2\nset HCR_EL2 mem:0x7\n' > "$w/p2"
expect_fail profile-bad-offset "p2:2: .*8-aligned" -p "$w/p2" "$w/sites.o"
printf 'frobnicate\n' > "$w/p3"
expect_fail profile-bad-line "p3:1: expected" -p "$w/p3" "$w/sites.o"
expect_fail bad-mode "neither vhe nor nvhe" -m both "$w/sites.o"
# An input that already uses pvnest's hvc range is refused (unless allowed).
printf '\thvc #0x8123\n' | clang --target=aarch64-linux-gnu -c -x assembler - -o "$w/collide.o"
expect_fail hvc-collision "cannot be handled" "$w/collide.o"
"$pv" --allow-unhandled -o "$w/collide.out" "$w/collide.o" > /dev/null 2>&1 || { echo "FAIL allow-unhandled"; fails=$((fails + 1)); }
# An EL2/EL3 encoding the register database does not know (SCR_EL3).
printf '\tmrs x0, s3_6_c1_c1_0\n' | clang --target=aarch64-linux-gnu -c -x assembler - -o "$w/el3.o"
expect_fail unknown-register "missing from the register database" "$w/el3.o"
# A module signature block whose length runs past the start of the file.
{ cat "$w/sites.o"; printf '\0\0\0\0\0\0\0\0\177\377\377\377~Module signature appended~\n'; } > "$w/badsig.o"
expect_fail corrupt-signature "corrupt signature block" "$w/badsig.o"
# Module alternatives: the offsets must be PREL32 relocations.
printf '\t.section .altinstructions,"a"\n\t.word 0, 0, 0x00040004\n\t.text\n\tmrs x0, tpidr_el2\n' |
	clang --target=aarch64-linux-gnu -c -x assembler - -o "$w/altnorel.o"
expect_fail alternatives-no-relocations "has no relocations" "$w/altnorel.o"
printf '\t.section .altinstructions,"a"\n\t.quad .text\n\t.word 0x00040004\n\t.text\n\tmrs x0, tpidr_el2\n' |
	clang --target=aarch64-linux-gnu -c -x assembler - -o "$w/altabs.o"
expect_fail alternatives-wrong-relocation "not an entry's offset field" "$w/altabs.o"
# The output may not be the input, nor the report the image: compared as
# files (./a is a; a hard link too), and the input is left as it was.
cp "$w/sites.o" "$w/in.o" && ln -f "$w/in.o" "$w/link.o"
for args in "-o ./in.o in.o" "-o link.o in.o" "-r ./in.o in.o" "-o r.json -r ./r.json in.o"; do
	n=$((n + 1))
	if (cd "$w" && "$pv" $args) > /dev/null 2> "$w/err" || ! grep -Eq "is the input|would be the same file" "$w/err" ||
	   ! cmp -s "$w/sites.o" "$w/in.o" || [ -e "$w/r.json" ]; then
		echo "FAIL '$args': accepted or input changed: $(cat "$w/err")"; fails=$((fails + 1))
	fi
done
# All or nothing: a report that cannot be written leaves no image, neither
# over an existing file (expect_fail checks it kept its contents) nor new.
expect_fail report-no-dir "r.json: cannot create" -r "$w/nodir/r.json" "$w/sites.o"
n=$((n + 1))
if "$pv" -o "$w/new.o" -r "$w/nodir/r.json" "$w/sites.o" > /dev/null 2>&1 || [ -e "$w/new.o" ]; then
	echo "FAIL report-no-dir: an image was written"; fails=$((fails + 1))
fi
# A full disk says so (not the rename's error) and leaves nothing behind.
# Needs root for the small tmpfs; skipped otherwise.
ld.lld -T "$src/asm/kernel.lds" "$w/head.o" "$w/sites.o" "$w/alts.o" -o "$w/kernel.elf"
mkdir -p "$w/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k pvnest-full "$w/full" 2> /dev/null; then
	for args in "-o $w/full/k" "-o $w/k.out -r $w/full/big.json"; do
		n=$((n + 1))
		head -c 60000 /dev/zero > "$w/full/filler" 2> /dev/null || :
		if "$pv" $args "$w/kernel.elf" > /dev/null 2> "$w/err" || ! grep -q "No space left on device" "$w/err" ||
		   [ -e "$w/full/k" ] || [ -e "$w/k.out" ] || ls "$w/full" | grep -q pvtmp; then
			echo "FAIL full disk '$args': $(cat "$w/err")"; fails=$((fails + 1))
		fi
	done
	umount "$w/full"
	# An unwritable directory (root writes anywhere but on a read-only mount).
	if mount -t tmpfs -o ro pvnest-ro "$w/full" 2> /dev/null; then
		n=$((n + 1))
		if "$pv" -o "$w/k.out" -r "$w/full/r.json" "$w/kernel.elf" > /dev/null 2> "$w/err" ||
		   ! grep -q "Read-only file system" "$w/err" || [ -e "$w/k.out" ]; then
			echo "FAIL read-only report directory: $(cat "$w/err")"; fails=$((fails + 1))
		fi
		umount "$w/full"
	fi
else
	echo "skip full-disk checks (not root, or no tmpfs)"
fi
# An arm64 ELF that is no kernel (no _stext/_etext) is refused, not copied.
printf '\t.globl _start\n_start:\n\tmrs x0, tpidr_el2\n\tret\n' > "$w/prog.S"
clang --target=aarch64-linux-gnu -nostdlib -fuse-ld=lld -no-pie "$w/prog.S" -o "$w/prog"
expect_fail non-kernel-exec "not a Linux or Xen image, nor a relocatable object" "$w/prog"
clang --target=aarch64-linux-gnu -nostdlib -fuse-ld=lld -pie "$w/prog.S" -o "$w/prog.pie"
expect_fail non-kernel-pie "not a Linux or Xen image, nor a relocatable object" "$w/prog.pie"
# Xen (start_xen) is non-VHE: -m vhe is refused, no -m means nvhe, said once.
printf '\t.text\n\t.globl start_xen\nstart_xen:\n\tret\n' |
	clang --target=aarch64-linux-gnu -c -x assembler - -o "$w/startxen.o"
ld.lld -T "$src/asm/kernel.lds" "$w/head.o" "$w/sites.o" "$w/alts.o" "$w/startxen.o" -o "$w/xen.elf"
expect_fail xen-vhe "Xen does not run with VHE" -m vhe --allow-unhandled "$w/xen.elf"
n=$((n + 1))
if ! "$pv" --allow-unhandled -r "$w/xen.json" "$w/xen.elf" > /dev/null 2> "$w/err" ||
   [ "$(grep -c 'is Xen: using --mode nvhe' "$w/err")" != 1 ] || ! grep -q '"mode": "nvhe"' "$w/xen.json"; then
	echo "FAIL xen-default-mode: $(cat "$w/err")"; fails=$((fails + 1))
fi
n=$((n + 1))
"$pv" --allow-unhandled -m nvhe -r "$w/xen.json" "$w/xen.elf" > /dev/null 2> "$w/err" && ! grep -q 'is Xen' "$w/err" ||
	{ echo "FAIL xen-nvhe: $(cat "$w/err")"; fails=$((fails + 1)); }
# Options: -h/--help print the usage on stdout and exit 0; a bad option or
# no input prints it on stderr and exits 2. The usage lists every option
# docs/rewriter.md shows and the register database's profiles.
for h in -h --help; do
	n=$((n + 1))
	if ! "$pv" $h > "$w/help" 2> "$w/err" || [ -s "$w/err" ] || ! grep -q '^usage: pvrewrite' "$w/help"; then
		echo "FAIL $h: not usage on stdout with exit 0"; fails=$((fails + 1))
	fi
done
for o in $(sed -n '/^pvrewrite \[/,/INPUT$/p' "$src/../docs/rewriter.md" | grep -oE -- '--?[a-z][a-z-]*' | sort -u) --list-profiles; do
	n=$((n + 1))
	grep -qE -- "(^|[ ,])$o( |,|$)" "$w/help" || { echo "FAIL usage lacks $o"; fails=$((fails + 1)); }
done
# --version: the build's version, the PV ABI of pvhooks/pvabi.h, the database.
n=$((n + 1))
abi=$(sed -n 's/^#define PV_ABI_VERSION \([0-9]*\).*/\1/p' "$src/../pvhooks/pvabi.h")
"$pv" --version > "$w/version" 2> "$w/err" && [ ! -s "$w/err" ] &&
	grep -Eq "^pvrewrite [^ ]+ \(PV ABI $abi, register database [0-9a-f]{8}, [0-9]+ rows\)$" "$w/version" ||
	{ echo "FAIL --version: $(cat "$w/version" "$w/err")"; fails=$((fails + 1)); }
for p in $("$pv" --list-profiles | awk '{ print $1 }'); do
	n=$((n + 1))
	grep -q "built-in:.*$p" "$w/help" || { echo "FAIL usage lacks profile $p"; fails=$((fails + 1)); }
done
for args in "--bogus $w/sites.o" "-H kvm $w/sites.o" "-l"; do
	n=$((n + 1))
	rc=0; "$pv" $args > "$w/stdout" 2> "$w/err" || rc=$?
	if [ $rc -ne 2 ] || [ -s "$w/stdout" ] || ! grep -q '^usage: pvrewrite' "$w/err"; then
		echo "FAIL '$args': exit $rc, want 2 with the usage on stderr"; fails=$((fails + 1))
	fi
done
echo "$((n - fails)) of $n bad inputs rejected cleanly"
[ $fails -eq 0 ]
