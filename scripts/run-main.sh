#!/bin/sh
# The main job's second part: rewrite the pinned Debian
# arm64 kernel Image for every profile and guest-hypervisor mode, and keep the
# images, JSON reports and a CSV summary under results/runs/<time>/.
#   run-main.sh BUILD_DIR
set -eu
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
img=$(sh "$top/scripts/fetch-kernel.sh")
out=$top/results/runs/rewrite-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
csv=$out/summary.csv
echo "profile,mode,class,strategy,sites" > "$csv"
n=0
for p in v8.3 neve nv2; do
	for m in vhe nvhe; do
		n=$((n + 1))
		echo "[$n/6] rewriting $(basename "$img") for profile $p, $m guest hypervisor"
		"$build/rewriter/pvrewrite" -p $p -m $m -o "$out/Image-$p-$m" -r "$out/report-$p-$m.json" "$img" |
			tee "$out/summary-$p-$m.txt"
		jq -r --arg p $p --arg m $m '.counts | to_entries[] | .key as $c | .value | to_entries[] |
			"\($p),\($m),\($c),\(.key),\(.value)"' "$out/report-$p-$m.json" >> "$csv"
	done
done
sh "$top/scripts/provenance.sh" "$out/provenance.json" input="$img" input_sha256="$(sha256sum "$img" | cut -d' ' -f1)" \
	pins:="$(sh "$top/scripts/provenance-pins.sh" "$img")"
echo "results: $out (summary.csv, report-*.json, Image-*)"
