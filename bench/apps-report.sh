#!/bin/sh
# Data files, figures and report.md for an application-suite run (bench/apps.sh):
#   apps-report.sh [--baseline CONFIG] OUT [MICROBENCH_DIR]
# OUT holds apps.csv, apps-traps.csv (nested configs) and provenance.json.
# Writes OUT/apps-overhead.{csv,dat,pdf,png,svg}, OUT/apps-traps-summary.csv,
# OUT/apps-traps{,-class}.{dat,pdf,png,svg} and OUT/report.md. CONFIG is the
# configuration overheads are over (default native, else vm). MICROBENCH_DIR:
# a testbed/microbench.sh results folder; its summary.csv becomes a table.
set -eu
usage="usage: apps-report.sh [--baseline CONFIG] OUT [MICROBENCH_DIR]"
base=""
while [ $# -gt 0 ]; do
	case $1 in
	--baseline) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; base=$2; shift 2 ;;
	--baseline=*) base=${1#--baseline=}; shift ;;
	-h|--help) echo "$usage"; exit 0 ;;
	-*) echo "$usage" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "$usage" >&2; exit 2; }
out=$1 mb=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
[ -s "$out/apps.csv" ] || { echo "apps-report: no $out/apps.csv" >&2; exit 1; }
[ -z "$mb" ] || [ -d "$mb" ] || { echo "apps-report: $mb is not a folder" >&2; exit 1; }
traps=""; [ -s "$out/apps-traps.csv" ] && traps=$out/apps-traps.csv
# Nothing stale from an earlier report survives (apps-traps.csv is an input).
rm -f "$out"/apps-overhead.csv "$out"/apps-overhead.dat "$out"/apps-traps-summary.csv "$out"/apps-traps.dat \
	"$out"/apps-traps-class.dat "$out"/report.md
for f in apps-overhead apps-traps apps-traps-class; do rm -f "$out/$f.pdf" "$out/$f.png" "$out/$f.svg"; done

awk -v out="$out" -v baseline="$base" -f "$top/bench/apps-summarize.awk" "$out/apps.csv" $traps
# The baseline the summarizer chose (the .dat's first line names it).
[ -s "$out/apps-traps-summary.csv" ] || traps=""	# a header and no rows: no counters
base=$(sed -n '1s/^# normalized overhead over \([^,]*\),.*/\1/p' "$out/apps-overhead.dat")

# Figures: a missing gnuplot or terminal costs the figures, not the report.
plotted=""
if command -v gnuplot > /dev/null 2>&1; then
	(cd "$out" && gnuplot -e "data='apps-overhead.dat'; out='apps-overhead'; base='$base'" "$top/plots/apps-overhead.gp") ||
		echo "apps-report: gnuplot failed on apps-overhead" >&2
	if [ -s "$out/apps-traps.dat" ]; then
		(cd "$out" && gnuplot -e "data='apps-traps.dat'; out='apps-traps'" "$top/plots/apps-traps.gp" &&
			gnuplot -e "data='apps-traps-class.dat'; out='apps-traps-class'; by='trap class'" "$top/plots/apps-traps.gp") ||
			echo "apps-report: gnuplot failed on apps-traps" >&2
	fi
	plotted=$(gnuplot --version 2>/dev/null || true)
else
	echo "apps-report: no gnuplot; data files and report only" >&2
fi

# A figure's line in the report: the SVG inline, every format linked, or why not.
figure() {	# NAME CAPTION
	links=""
	for e in svg pdf png; do [ -s "$out/$1.$e" ] && links="$links [$e]($1.$e)"; done
	if [ -z "$links" ]; then
		why="no gnuplot"; [ -n "$plotted" ] && why="gnuplot failed or had nothing to draw: see apps-report's output"
		echo "*$2: not drawn* ($why; data in \`$1.dat\`)."
	else
		[ -s "$out/$1.svg" ] && printf '![%s](%s.svg)\n\n' "$2" "$1"
		echo "$2 —$links; data: [\`$1.dat\`]($1.dat)."
	fi
	echo
}
# A path to DIR relative to OUT for links (absolute if realpath cannot).
rel() { realpath -m --relative-to="$out" "$1" 2>/dev/null || (cd "$1" && pwd); }

r=$out/report.md
{
echo "# Application suite: $(basename "$(cd "$out" && pwd)")"
echo
echo "Written by \`bench/apps-report.sh\` from \`apps.csv\`, \`apps-traps.csv\` and"
echo "\`provenance.json\` in this folder (the harness \`bench/apps.sh\` wrote them)."
echo
echo "## What ran"
echo
awk -F, 'NR > 1 && $1 != "" {
		if (!($1 in cs)) { cs[$1] = 1; co[++nc] = $1 }
		if (!($2 in ws)) { ws[$2] = 1; wo[++nw] = $2; m[$2] = $5; u[$2] = $7; b[$2] = $8 }
		if (index(" " sz[$2] " ", " " $3 " ") == 0) sz[$2] = sz[$2] (sz[$2] == "" ? "" : " ") $3
		k = $1 SUBSEP $2 SUBSEP $4
		if (!(k in seen)) { seen[k] = 1; reps[$1, $2]++; if ($9 + 0 > 0) { wall[$1] += $9; tot += $9 } }
	}
	function hms(s) { return sprintf("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60) }
	END {
		s = ""; for (j = 1; j <= nc; j++) s = s (j > 1 ? ", " : "") "`" co[j] "`"
		print "Configurations: " s "."
		print ""
		print "| workload | size | headline metric | unit | better | reps per configuration |"
		print "|---|---|---|---|---|---|"
		for (i = 1; i <= nw; i++) {
			w = wo[i]; s = ""
			for (j = 1; j <= nc; j++) s = s (j > 1 ? ", " : "") co[j] " " (reps[co[j], w] ? reps[co[j], w] : "missing")
			printf "| %s | %s | %s | %s | %s | %s |\n", w, sz[w], m[w], u[w], b[w], s
		}
		print ""
		s = ""; for (j = 1; j <= nc; j++) s = s (j > 1 ? ", " : "") co[j] " " hms(wall[co[j]])
		printf "Wall time of the workloads (sum of `wall_s` over repetitions): %s (%d s); by configuration: %s.\n", hms(tot), tot, s
	}' "$out/apps.csv"
echo
# Boots that ended badly (a level hung or QEMU died): their finished items
# are above, but the reader should know.
bad=$(for f in "$out"/*/boot-*/provenance.json; do
	[ -f "$f" ] || continue
	r=$(sed -n 's/.*"failure": "\(.*\)".*/\1/p' "$f")
	if [ -n "$r" ]; then echo "- \`${f#"$out"/}\`: $r"; fi
done)
if [ -n "$bad" ]; then
	echo "Boots that failed (what finished before the failure is kept and counted above):"
	echo
	echo "$bad"
	echo
fi
if [ ! -s "$out/provenance.json" ]; then
	echo "**No provenance.json in this folder: the run's provenance is missing.**"
elif command -v jq > /dev/null 2>&1 && jq -e 'type == "object"' "$out/provenance.json" > /dev/null 2>&1; then
	echo "Provenance ([\`provenance.json\`](provenance.json)):"
	echo
	echo "| key | value |"
	echo "|---|---|"
	jq -r 'to_entries[] | "| \(.key) | \(.value | if type == "string" then . else tojson end | gsub("\\|"; "\\|")) |"' "$out/provenance.json"
else
	echo "Provenance: [\`provenance.json\`](provenance.json) (not tabulated: no jq, or not a JSON object)."
fi
echo
echo "## Normalized overhead over \`$base\`"
echo
echo "Headline metric of each workload; overhead = $base's mean / the mean where higher is"
echo "better, the mean / $base's mean where lower is: 1.00 = no overhead, higher is worse."
echo "Brackets: min–max of the per-repetition overheads. *missing*: no result for that cell."
echo
awk -F, -v base="$base" 'NR == 1 { next }
	{ if (!($2 in cs)) { cs[$2] = 1; co[++nc] = $2 }; if (!($1 in ws)) { ws[$1] = 1; wo[++nw] = $1; met[$1] = $3 " (" $4 ")" }
	  k = $1 SUBSEP $2; n[k] = $5; mean[k] = $6; lo[k] = $7; hi[k] = $8; o[k] = $9; ol[k] = $10; oh[k] = $11 }
	function cell(k) {
		if (n[k] == 0) return "*missing*"
		if (o[k] == "") return "*no " base " result*"
		return sprintf("%.2f [%.2f–%.2f]", o[k], ol[k], oh[k])
	}
	END {
		s = "| workload |"; t = "|---|"; for (j = 1; j <= nc; j++) { s = s " " co[j] " |"; t = t "---|" }
		print s; print t
		for (i = 1; i <= nw; i++) { s = "| " wo[i] " |"; for (j = 1; j <= nc; j++) s = s " " cell(wo[i] SUBSEP co[j]) " |"; print s }
		print ""
		print "The headline metric itself, mean [min–max] (n repetitions):"
		print ""
		s = "| workload | metric (unit) |"; t = "|---|---|"; for (j = 1; j <= nc; j++) { s = s " " co[j] " |"; t = t "---|" }
		print s; print t
		for (i = 1; i <= nw; i++) {
			s = "| " wo[i] " | " met[wo[i]] " |"
			for (j = 1; j <= nc; j++) { k = wo[i] SUBSEP co[j]; s = s " " (n[k] == 0 ? "*missing*" : mean[k] " [" lo[k] "–" hi[k] "] (n=" n[k] ")") " |" }
			print s
		}
	}' "$out/apps-overhead.csv"
echo
echo "## Figures"
echo
figure apps-overhead "Normalized overhead per workload and configuration (lower is better)"
if [ -n "$traps" ]; then
	figure apps-traps "L0 traps per nested exit by nested-exit cause"
	figure apps-traps-class "L0 traps per nested exit by trap class"
fi
echo "## Traps per nested exit"
echo
if [ -z "$traps" ]; then
	echo "*missing*: no apps-traps.csv in this folder (L0's counters were not recorded)."
else
	echo "L0's counters over each workload's window (\`pvstat --csv\`): all traps of the guest"
	echo "hypervisor over all nested exits, mean [min–max] over repetitions. Per configuration"
	echo "below: the nested-exit causes and trap classes with the most traps per exit, the traps"
	echo "L0 answered in its hyp fast path, and PV emulation artifacts (not traps)."
	echo "Everything per (workload, config, cause/class): [\`apps-traps-summary.csv\`](apps-traps-summary.csv)."
	echo
	awk -F, 'NR == 1 { next }
		{ k = $1 SUBSEP $2
		  if (!($2 in cs)) { cs[$2] = 1; co[++nc] = $2 }; if (!($1 in ws)) { ws[$1] = 1; wo[++nw] = $1 }
		  if ($4 == "total") { n[k] = $3; m[k] = $6; lo[k] = $7; hi[k] = $8 }
		  else if ($4 == "fast-path") fp[k] = $6
		  else if ($4 == "artifacts") ar[k] = $6
		  else { nm[k, $4, ++cnt[k, $4]] = $5; v[k, $4, cnt[k, $4]] = $6 } }
		function top(k, kd,    i, j, b, bv, used, s, p) {
			for (p = 0; p < 3; p++) {
				b = 0; bv = 0
				for (i = 1; i <= cnt[k, kd]; i++) if (!(i in used) && v[k, kd, i] + 0 > bv) { bv = v[k, kd, i] + 0; b = i }
				if (!b) break
				used[b] = 1; s = s (s == "" ? "" : ", ") nm[k, kd, b] " " sprintf("%.1f", bv)
			}
			return s
		}
		END {
			s = "| workload |"; t = "|---|"; for (j = 1; j <= nc; j++) { s = s " " co[j] " |"; t = t "---|" }
			print s; print t
			for (i = 1; i <= nw; i++) {
				s = "| " wo[i] " |"
				for (j = 1; j <= nc; j++) { k = wo[i] SUBSEP co[j]; s = s " " (n[k] + 0 == 0 ? "*missing*" : sprintf("%.1f [%.1f–%.1f]", m[k], lo[k], hi[k])) " |" }
				print s
			}
			print ""
			print "| workload | config | reps | traps/exit | top causes (traps/exit) | top trap classes | fast path/exit | artifacts/exit |"
			print "|---|---|---|---|---|---|---|---|"
			for (i = 1; i <= nw; i++) for (j = 1; j <= nc; j++) {
				k = wo[i] SUBSEP co[j]
				if (n[k] + 0 == 0) { printf "| %s | %s | 0 | *missing* | | | | |\n", wo[i], co[j]; continue }
				printf "| %s | %s | %d | %.1f | %s | %s | %.1f | %.1f |\n", wo[i], co[j], n[k], m[k], top(k, "cause"), top(k, "class"), fp[k], ar[k]
			}
		}' "$out/apps-traps-summary.csv"
fi
echo
echo "## Micro-benchmarks"
echo
if [ -z "$mb" ]; then
	echo "No micro-benchmark folder given (\`apps-report.sh OUT MICROBENCH_DIR\`)."
elif [ ! -s "$mb/summary.csv" ]; then
	echo "*missing*: \`$mb\` has no summary.csv (\`sh testbed/microbench.sh --summarize $mb\` makes it)."
else
	d=$(rel "$mb")
	echo "From [\`$d/summary.csv\`]($d/summary.csv) (\`testbed/summarize.awk\`; its run:"
	echo "[\`README.md\`]($d/README.md)). Ticks per operation and their ratio to \`vm\`; traps per"
	echo "nested exit of the benchmark's own cause (L0 counters), of which in the fast path;"
	echo "PV artifacts (not traps); the three registers trapped most per exit. Figures:"
	echo "[cost over vm]($d/overhead.svg), [traps per exit]($d/traps-per-exit.svg)."
	echo
	awk -F, 'NR == 1 { s = "|"; t = "|"; for (i = 1; i <= NF; i++) { s = s " " $i " |"; t = t "---|" }; print s; print t; next }
		{ s = "|"; for (i = 1; i <= NF; i++) s = s " " ($i == "" ? "–" : $i) " |"; print s }' "$mb/summary.csv"
fi
echo
echo "## Beside the paper"
echo
echo "NEVE: Nested Virtualization Extensions for ARM (Lim, Dall, Li, Nieh, Hu; SOSP'17)."
echo "The paper's numbers as quoted in pvnest's issues 6 and 7 (hardware times; ours are"
echo "QEMU TCG's, see below). Our guest hypervisor is VHE; traps per nested hypercall are"
echo "the micro-benchmark folder's hvc row."
echo
mbhvc=""; [ -n "$mb" ] && [ -s "$mb/summary.csv" ] && mbhvc=$mb/summary.csv
awk -F, -v base="$base" -v mbfile="$mbhvc" '
	FILENAME == mbfile { if ($1 == "hvc") tpe[$2] = $6; next }
	FNR > 1 && $1 == "memcached" { have = 1; n[$2] = $5; o[$2] = $9; ol[$2] = $10; oh[$2] = $11 }
	function mc(c) {
		if (!have) return "*missing* (no memcached in this run)"
		if (!(c in n)) return "not run (" c ")"
		if (n[c] == 0) return "*missing* (" c ")"
		if (o[c] == "") return "*no " base " result*"
		return sprintf("%.2f× [%.2f–%.2f] (%s%s)", o[c], ol[c], oh[c], c, base == "native" ? "" : ", over " base " not native")
	}
	function tp(c) {
		if (mbfile == "") return "*no micro-benchmark folder given*"
		if (tpe[c] == "") return "*missing* (" c ")"
		return sprintf("%.1f (%s, hvc)", tpe[c], c)
	}
	END {
		print "| quantity | paper | ours |"
		print "|---|---|---|"
		print "| Memcached overhead over native, nested ARMv8.3 | > 40× | " mc("nested-pv-v8.3") " |"
		print "| Memcached overhead over native, nested NEVE | < 3× | " mc("nested-pv-neve") " |"
		print "| Memcached overhead over native, nested x86 | 8× | no x86 configuration |"
		print "| Memcached overhead over native, nested ARMv8.4 NV2 | not in the paper | " mc("nested-nv2") "; " mc("nested-pv-nv2") " |"
		print "| traps per nested hypercall, ARMv8.3, VHE guest hypervisor | ~82 | " tp("nested-pv-v8.3") " |"
		print "| traps per nested hypercall, ARMv8.3, non-VHE guest hypervisor | ~126 | not measured (VHE only) |"
		print "| traps per nested hypercall, NEVE | ~15 | " tp("nested-pv-neve") " |"
	}' ${mbhvc:+"$mbhvc"} "$out/apps-overhead.csv"
echo
echo "## What these numbers mean (QEMU TCG)"
echo
echo "This run emulates the arm64 machine with QEMU TCG (see \`provenance.json\`). Trap"
echo "counts are exact: L0's in-kernel counters count every trap the guest hypervisor"
echo "takes (PV emulation artifacts apart), whatever the emulation's speed. Times"
echo "and rates (and so the normalized overheads) are those of the emulated machine: TCG"
echo "makes some operations (exceptions, system-register accesses, device emulation)"
echo "relatively dearer or cheaper than silicon does, and the host's load leaks into them,"
echo "so the overheads show the direction and rough size of the cost of each"
echo "architecture, not what real hardware would measure. On a real arm64 server with KVM,"
echo "the same harness gives hardware times."
} > "$r"
echo "apps-report: $r"
