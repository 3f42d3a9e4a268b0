#!/bin/sh
# kernbench inside the workload image (installed as /opt/kernbench/run.sh):
# compile the fixed uClibc-ng tree (configured when the image was built)
# from a fresh copy, with the image's gcc, and print the elapsed seconds.
#   run.sh JOBS small|full
#   small: the generated headers, then libc/string and libc/stdio (~170 C files)
#   full:  the whole configured library (~600 C files, archives, crt files)
# KERNBENCH_WORK (default /tmp/kernbench) is the scratch copy, removed first.
set -eu
usage() { echo "usage: run.sh JOBS small|full" >&2; exit 2; }
[ $# -eq 2 ] || usage
jobs=$1 size=$2
case $jobs in '' | *[!0-9]* | 0) usage ;; esac
case $size in small | full) ;; *) usage ;; esac
here=$(cd "$(dirname "$0")" && pwd)
tree=$(cat "$here/tree")
work=${KERNBENCH_WORK:-/tmp/kernbench}
log=$work.log
# A pristine copy each run: the timed part is only the compilation.
rm -rf "$work" && cp -a "$here/$tree" "$work"
now() { date +%s.%N; }
t0=$(now)
if [ "$size" = small ]; then
	# pregen first: make -j would start the objects before their headers.
	# shellcheck disable=SC2046  # one object per word
	{ make -C "$work" pregen && make -C "$work" -j"$jobs" $(cat "$here/small.targets"); } > "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; echo "kernbench: build failed (log: $log)" >&2; exit 1; }
else
	make -C "$work" -j"$jobs" > "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; echo "kernbench: build failed (log: $log)" >&2; exit 1; }
fi
t1=$(now)
objs=$(find "$work" -name '*.o' | wc -l)
echo "kernbench size=$size jobs=$jobs objects=$objs elapsed_s=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')"
