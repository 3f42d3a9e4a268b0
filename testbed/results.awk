#!/usr/bin/awk -f
# The micro-benchmarks' result lines ("PVNEST RESULT bench=NAME iters=N
# ticks=T freq=F", workloads/microbench/main.c) as CSV rows of
# microbench.csv (header: config,bench,iters,ticks,freq_hz,ticks_per_op,ns_per_op).
#   awk -v config=CONFIG -f results.awk console.log
/PVNEST RESULT / {
	sub(/\r$/, ""); sub(/.*PVNEST RESULT /, "")
	delete v
	for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	printf "%s,%s,%d,%d,%d,%.1f,%.1f\n", config, v["bench"], v["iters"], v["ticks"], v["freq"],
		v["ticks"] / v["iters"], v["ticks"] / v["iters"] * 1e9 / v["freq"]
}
