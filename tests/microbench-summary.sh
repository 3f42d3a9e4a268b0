#!/bin/sh
# The suite's table, JSON and figures again from a committed run's raw data
# (microbench.sh --summarize): summary.csv and summary.json must come out
# byte for byte as they were committed, and the figures must be drawn.
#   microbench-summary.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2
src=$top/results/bench/fresh-make-run-20261203T125921Z/microbench
rm -rf "$w" && mkdir -p "$w"
for d in "$src"/*/; do cp -r "$d" "$w/"; done
sh "$top/testbed/microbench.sh" --summarize "$w" > "$w/out.txt"
for f in summary.csv summary.json; do
	cmp "$src/$f" "$w/$f" || { echo "FAIL: $f differs from the committed one"; diff "$src/$f" "$w/$f" | head; exit 1; }
done
for f in traps-per-exit overhead; do
	for x in pdf png svg; do [ -s "$w/$f.$x" ] || { echo "FAIL: no $f.$x"; exit 1; }; done
done
echo "summary.csv ($(($(wc -l < "$w/summary.csv") - 1)) rows) and summary.json as committed; both figures drawn"
