#!/usr/bin/awk -f
# A CSV file (header first) as a Markdown table; an empty cell shows as –.
#   awk -F, -f csv-markdown.awk FILE.csv   (bench/apps-report.sh: the
#   micro-benchmarks' summary.csv)
NR == 1 { s = "|"; t = "|"; for (i = 1; i <= NF; i++) { s = s " " $i " |"; t = t "---|" }; print s; print t; next }
{ s = "|"; for (i = 1; i <= NF; i++) s = s " " ($i == "" ? "–" : $i) " |"; print s }
