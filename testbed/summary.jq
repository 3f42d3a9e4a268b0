# summary.csv (the suite's table, testbed/summarize.awk) as JSON rows, with
# each configuration's provenance beside them.
#   jq -R -s --argjson prov PROVENANCE_BY_CONFIG -f summary.jq summary.csv
split("\n") | map(select(length > 0) | split(",")) | .[0] as $h | .[1:] |
{ results: map([$h, .] | transpose | map({(.[0]): .[1]}) | add),
  provenance: $prov }
