#!/usr/bin/awk -f
# report.md's "Beside the paper": the NEVE paper's numbers beside ours, from
# apps-overhead.csv (memcached's overhead per configuration) and, if given
# first, the micro-benchmarks' summary.csv (traps per nested hvc).
#   awk -F, -v base=CONFIG -v mbfile=SUMMARY -f apps-report-paper.awk [SUMMARY] apps-overhead.csv
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
}
