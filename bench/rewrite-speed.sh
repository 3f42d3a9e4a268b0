#!/bin/sh
# How fast is pvrewrite? Rewrite the pinned Debian kernel Image (nv2, VHE) and
# time it against `cp` of the same file followed by an fsync of the copy
# (pvrewrite fsyncs its output, as an atomic write must, so the fair
# baseline does too), plain `cp`, and `aarch64-linux-gnu-objdump -d` over the
# same text, in one run. Best and median of REPS each; the ratio that counts
# is best pvrewrite over best cp+fsync (goal: <= 1.5x).
#   rewrite-speed.sh BUILD_DIR OUTDIR [REPS]
# OUTDIR gets rewrite-speed.csv (one row) and provenance.json; nothing under
# results/ that is committed is touched (make bench: results/runs/...).
set -eu
build=${1:?usage: rewrite-speed.sh BUILD_DIR OUTDIR [REPS]} out=${2:?usage: rewrite-speed.sh BUILD_DIR OUTDIR [REPS]} reps=${3:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
PVNEST_COMMIT=${PVNEST_COMMIT:-$(sh "$top/scripts/provenance.sh" --commit)}; export PVNEST_COMMIT
img=$(sh "$top/scripts/fetch-kernel.sh")
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
pv=$build/rewriter/pvrewrite
"$pv" -p nv2 -r "$w/r.json" -l "$img" > /dev/null
text=$(jq -r '.ranges[0] | "\(.foff) \(.size)"' "$w/r.json")
set -- $text
t0=$1 t1=$(($1 + $2))
now() { date +%s.%N; }
# "BEST MEDIAN" of the times on stdin.
stats() { sort -n | awk '{ a[NR] = $1 } END { print a[1], a[int((NR + 1) / 2)] }'; }
run() {	# NAME CMD...
	name=$1; shift
	i=0
	while [ $i -lt "$reps" ]; do
		s=$(now); "$@" > /dev/null 2>&1; e=$(now)
		echo "$e - $s" | bc -l
		i=$((i + 1))
	done | stats > "$w/$name"
}
cp_fsync() { cp "$1" "$2" && sync "$2"; }	# sync FILE: fsync of that file
sync
run cp cp "$img" "$w/copy"
run cpsync cp_fsync "$img" "$w/copy2"
run pvrewrite "$pv" -p nv2 -o "$w/out" "$img"
run objdump aarch64-linux-gnu-objdump -D -b binary -m aarch64 --start-address=$t0 --stop-address=$t1 "$img"
mkdir -p "$out"
csv=$out/rewrite-speed.csv
echo "date,commit,cpu,input,input_bytes,reps,cp_s,cp_fsync_s,pvrewrite_s,objdump_s,cp_fsync_median_s,pvrewrite_median_s,pvrewrite_over_cp_fsync,pvrewrite_over_cp,objdump_over_pvrewrite" > "$csv"
commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n1 | tr ',' ' ')
read -r cp_s cp_m < "$w/cp"
read -r cs_s cs_m < "$w/cpsync"
read -r pv_s pv_m < "$w/pvrewrite"
read -r od_s od_m < "$w/objdump"
r0=$(echo "$pv_s / $cs_s" | bc -l) r1=$(echo "$pv_s / $cp_s" | bc -l) r2=$(echo "$od_s / $pv_s" | bc -l)
printf '%s,%s,%s,%s,%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%.2f,%.2f\n' "$(date -u +%FT%TZ)" "$commit" "$cpu" \
	"$(basename "$(dirname "$img")")" "$(wc -c < "$img")" "$reps" "$cp_s" "$cs_s" "$pv_s" "$od_s" "$cs_m" "$pv_m" \
	"$r0" "$r1" "$r2" >> "$csv"
sh "$top/scripts/provenance.sh" "$out/provenance.json" bench=rewrite-speed reps:=$reps \
	input="$(basename "$(dirname "$img")")" input_sha256="$(sha256sum "$img" | cut -d' ' -f1)" \
	objdump="$(aarch64-linux-gnu-objdump --version | head -n1)" pins:="$(sh "$top/scripts/provenance-pins.sh" "$img")"
printf 'best of %s: pvrewrite %.3fs, cp+fsync %.3fs: %.2fx (goal <= 1.5x); plain cp %.3fs (%.2fx)\n' \
	"$reps" "$pv_s" "$cs_s" "$r0" "$cp_s" "$r1"
printf 'medians: pvrewrite %.3fs, cp+fsync %.3fs; objdump -d of .text %.3fs (%.1fx pvrewrite)\n' "$pv_m" "$cs_m" "$od_s" "$r2"
