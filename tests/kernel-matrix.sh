#!/bin/sh
# Every Debian arm64 kernel of tests/kernel-matrix.txt, rewritten for every
# profile and mode, each output cross-checked by binutils' objdump: no
# EL2/EL12/EL02 access, EL2 TLBI/AT or ERET left in the ranges the report
# marks vEL2 (objdump-leftover.sh), and per kernel the input's per-class
# counts equal objdump's over the same ranges (objdump-classes.sh). Not part
# of make test: it fetches ~110 MB of kernels (~900 MB more with --with-dbg,
# for the System.map row), and takes ~10 min on 2 cores.
#   kernel-matrix.sh [--with-dbg] PVREWRITE OUTDIR
# OUTDIR gets matrix.csv (a row per kernel, profile and mode), summary.md
# (a row per kernel) and provenance.json. Exit 1 when any check failed.
set -eu
dbg=0; [ "${1:-}" = --with-dbg ] && { dbg=1; shift; }
pv=${1:?usage: kernel-matrix.sh [--with-dbg] PVREWRITE OUTDIR} out=${2:?usage: kernel-matrix.sh [--with-dbg] PVREWRITE OUTDIR}
here=$(cd "$(dirname "$0")" && pwd) top=$(cd "$(dirname "$0")/.." && pwd)
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
mkdir -p "$out"
csv=$out/matrix.csv
echo "kernel,profile,mode,exit,rewritten,unhandled,trampoline_bytes,trampolines_missed,gaps,postcheck_data,postcheck_outside_code,postcheck_not_as_planned,objdump_left,input_counts_agree" > "$csv"
pins="[]" fails=0
# One file from a package: FILE OF DEB into DIR.
extract() { dpkg-deb --fsys-tarfile "$1" | tar -x -C "$3" "./$2"; }
grep -v '^#' "$here/kernel-matrix.txt" | while read -r name suite pkg ver path syms; do
	[ -n "$name" ] || continue
	extra=
	case $syms in
	sysmap:*)
		[ $dbg = 1 ] || { echo "$name: skipped (needs --with-dbg)"; continue; }
		dpkg=${syms#sysmap:} dpath=${dpkg#*:} dpkg=${dpkg%%:*}
		ddeb=$(sh "$top/scripts/aptfetch.sh" "$suite" "$dpkg=$ver" | tail -n1)
		mkdir -p "$w/$name"
		extract "$ddeb" "$dpath" "$w/$name"
		extra="--system-map $w/$name/$dpath"
		echo "$suite $dpkg $ver $(sha256sum "$ddeb" | cut -c1-64)" >> "$w/pins"
		;;
	esac
	deb=$(sh "$top/scripts/aptfetch.sh" "$suite" "$pkg=$ver" | tail -n1)
	echo "$suite $pkg $ver $(sha256sum "$deb" | cut -c1-64)" >> "$w/pins"
	mkdir -p "$w/$name"
	extract "$deb" "$path" "$w/$name"
	img=$w/$name/$path
	# 6.1's kallsyms bounds only .text and .init.text: the post-check stops
	# the rewrite there; list what it finds instead (the report says which).
	allow=
	[ "$name" = 6.1.176 ] && allow=--allow-unhandled
	first=1
	for p in v8.3 neve nv2; do
		for m in vhe nvhe; do
			r=$w/$name/$p-$m
			mkdir -p "$r"
			echo "[$(date -u +%T)] $name $p/$m" >&2
			rc=0
			# shellcheck disable=SC2086  # $extra and $allow: words or nothing
			"$pv" -p $p -m $m $allow $extra -o "$r/out" -r "$r/rep.json" "$img" > "$r/sum.txt" 2> "$r/err.txt" || rc=$?
			if [ $rc -ne 0 ]; then
				echo "$name,$p,$m,$rc,,,,,,,,,," >> "$csv"
				echo "$name $p/$m: exit $rc: $(tail -n1 "$r/err.txt")"
				echo x >> "$w/fail"
				continue
			fi
			left=0
			sh "$here/objdump-leftover.sh" "$r/out" "$r/rep.json" "$r" > "$r/left.txt" 2>&1 || { left=1; echo x >> "$w/fail"; }
			left=$(sed -n 's/.*: \([0-9]*\) EL2\/EL12.*/\1/p' "$r/left.txt" | head -n1)
			agree=
			if [ $first = 1 ]; then
				agree=yes
				sh "$here/objdump-classes.sh" binary "$img" "$r/rep.json" "$r" > "$r/classes.txt" 2>&1 ||
					{ agree=no; echo x >> "$w/fail"; }
				first=0
			fi
			jq -r --arg k "$name" --arg p $p --arg m $m --arg left "$left" --arg agree "$agree" '
				[$k, $p, $m, 0,
				 ([.sites[] | select(.action != "native" and .action != "el1-context" and .action != "passthrough" and .action != "unhandled")] | length),
				 ([.sites[] | select(.action == "unhandled")] | length),
				 .trampolines.used_bytes, .trampolines.missed, .trampolines.gaps,
				 .postcheck.data_like, .postcheck.outside_code, .postcheck.not_as_planned, $left, $agree] | @csv' \
				"$r/rep.json" | tr -d '"' >> "$csv"
		done
	done
done
[ -f "$w/pins" ] && pins=$(jq -R -s -c 'split("\n") | map(select(length > 0) | split(" ") |
	{suite: .[0], package: .[1], version: .[2], deb_sha256: .[3]})' "$w/pins")
# Per kernel: runs, rewritten (v8.3 -> nv2, vhe / nvhe), objdump, post-check.
awk -F, 'NR > 1 {
	k = $1; if (!(k in runs)) order[++n] = k; runs[k]++
	if ($4 != 0) { bad[k]++; next }
	rw[k, $2, $3] = $5; if ($13 == 0) zero[k]++; if ($14 != "") agree[k] = $14
	post[k] = $10 " / " $11; un[k] = $6; if ($2 == "nv2" && $3 == "vhe") tr[k] = $7 " B, " $8 " missed, " $9 " gaps"
}
END {
	print "| kernel | runs | rewritten vhe / nvhe (v8.3 -> nv2) | EL2-class left (objdump) | input counts = objdump | post-check data / outside code | nv2/vhe trampolines |"
	print "|---|---|---|---|---|---|---|"
	for (i = 1; i <= n; i++) {
		k = order[i]
		printf "| %s | %d%s | %s -> %s / %s -> %s | %s | %s | %s%s | %s |\n", k, runs[k], bad[k] ? " (" bad[k] " failed)" : "",
			rw[k, "v8.3", "vhe"], rw[k, "nv2", "vhe"], rw[k, "v8.3", "nvhe"], rw[k, "nv2", "nvhe"],
			zero[k] == runs[k] ? "0 in all " runs[k] : "left in " runs[k] - zero[k], agree[k], post[k],
			(un[k] > 0 ? " (" un[k] " unhandled, listed)" : ""), tr[k]
	}
}' "$csv" > "$out/summary.md"
sh "$top/scripts/provenance.sh" "$out/provenance.json" check=kernel-matrix pins:="$pins" \
	objdump="$(aarch64-linux-gnu-objdump --version | head -n1)" pvrewrite="$("$pv" --version)"
cat "$out/summary.md"
[ ! -f "$w/fail" ] || { echo "kernel-matrix: $(wc -l < "$w/fail") check(s) failed (matrix.csv)"; exit 1; }
echo "kernel-matrix: every rewrite exited 0, objdump found nothing left, input counts agree"
