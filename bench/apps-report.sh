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
awk -F, -f "$top/bench/apps-report-ran.awk" "$out/apps.csv"
echo
# Boots that ended badly (a level hung or QEMU died): their finished items
# are above, but the reader should know.
# jq reads what provenance.sh wrote (escapes undone); a file it cannot
# parse is listed too, the reader should look at it.
bad=$(for f in "$out"/*/boot-*/provenance.json; do
	[ -f "$f" ] || continue
	if ! command -v jq > /dev/null 2>&1; then r="not read (no jq)"
	else r=$(jq -r 'if type == "object" then .failure // empty | tostring | gsub("\n"; " ") else "not a JSON object" end' "$f" 2>/dev/null) ||
		r="not valid JSON"; fi
	# printf, here and below: dash's echo would expand a backslash in it.
	if [ -n "$r" ]; then printf '%s\n' "- \`${f#"$out"/}\`: $r"; fi
done)
if [ -n "$bad" ]; then
	echo "Boots that failed (what finished before the failure is kept and counted above):"
	echo
	printf '%s\n' "$bad"
	echo
fi
# The cross-checks testbed/run.sh ran in each boot (provenance.json's
# "checks": NAME -> passed, failed or "no rows"), counted per check, so the
# report says what was checked instead of claiming it.
boots=0 unchecked=0
for f in "$out"/*/boot-*/provenance.json; do
	[ -f "$f" ] || continue
	boots=$((boots + 1))
	command -v jq > /dev/null 2>&1 &&
		jq -r 'if type == "object" and (.checks | type) == "object" and (.checks | length) > 0
		       then .checks | to_entries[] | "\(.key) \(.value)" else "- none" end' "$f" 2> /dev/null || echo "- none"
done > "$out/.checks.tmp"
unchecked=$(grep -c '^- none$' "$out/.checks.tmp" || true)
echo "Cross-checks (each boot's \`provenance.json\`, \`checks\`; testbed/run.sh fails a boot whose check fails):"
echo
if [ "$boots" -eq 0 ]; then
	echo "- no boot folders with a provenance.json: no check is recorded for this run."
else
	grep -v '^- none$' "$out/.checks.tmp" | awk -v boots="$boots" '
		{ n[$1]++; st[$1 " " $2]++; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
		END {
			for (i = 1; i <= k; i++) {
				c = order[i]
				printf "- %s: passed in %d of %d boots", c, st[c " passed"], boots
				if (st[c " failed"]) printf ", FAILED in %d", st[c " failed"]
				if (st[c " no rows"]) printf ", no rows in %d", st[c " no rows"]
				print ""
			}
		}'
	[ "$unchecked" -eq 0 ] || echo "- $unchecked of $boots boots recorded no check (none ran there, or an older harness)."
fi
rm -f "$out/.checks.tmp"
echo
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
awk -F, -v base="$base" -f "$top/bench/apps-report-overhead.awk" "$out/apps-overhead.csv"
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
	awk -F, -f "$top/bench/apps-report-traps.awk" "$out/apps-traps-summary.csv"
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
	awk -F, -f "$top/bench/csv-markdown.awk" "$mb/summary.csv"
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
awk -F, -v base="$base" -v mbfile="$mbhvc" -f "$top/bench/apps-report-paper.awk" ${mbhvc:+"$mbhvc"} "$out/apps-overhead.csv"
echo
echo "## What these numbers mean (QEMU TCG)"
echo
echo "This run emulates the arm64 machine with QEMU TCG (see \`provenance.json\`). Trap"
echo "counts are L0's in-kernel counters of the traps the guest hypervisor takes (PV"
echo "emulation artifacts apart), whatever the emulation's speed; the cross-checks above say"
echo "which other sources they were compared with. They are not deterministic under TCG:"
echo "interrupts land in different exits from run to run, so compare configurations by"
echo "their min..max over repetitions, not by single values. Times"
echo "and rates (and so the normalized overheads) are those of the emulated machine: TCG"
echo "makes some operations (exceptions, system-register accesses, device emulation)"
echo "relatively dearer or cheaper than silicon does, and the host's load leaks into them,"
echo "so the overheads show the direction and rough size of the cost of each"
echo "architecture, not what real hardware would measure. On a real arm64 server with KVM,"
echo "the same harness gives hardware times."
} > "$r"
echo "apps-report: $r"
