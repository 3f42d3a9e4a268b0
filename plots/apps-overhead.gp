# Normalized overhead of each application over the baseline configuration
# (the NEVE paper's main figure): clustered bars, one per configuration,
# error bars min..max over repetitions, a reference line at 1 (no overhead).
# Log scale when the bars span more than 20x (nested v8.3 vs a VM).
# gnuplot -e "data='apps-overhead.dat'; out='apps-overhead'" apps-overhead.gp
# Optional: base='native' (y label), label='...' (title), logy=0|1 (force),
# formats='pdf png svg' (the terminals to draw with).
if (!exists("data")) data = 'apps-overhead.dat'
if (!exists("out")) out = 'apps-overhead'
if (!exists("base")) base = 'native'
if (!exists("label")) label = 'QEMU TCG: times of the emulated machine'
if (!exists("formats")) formats = 'pdf png svg'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set bars front
set key outside right top title 'configuration' noenhanced
set ylabel sprintf('normalized overhead over %s (lower is better)', base) noenhanced
set xlabel 'workload'
set title sprintf('Application overhead (%s)', label) noenhanced
set grid ytics
set termoption noenhanced
set datafile columnheaders	# the header row names columns in every clause ($0 = 0 is the first workload)
# 1 + 3 columns per configuration: mean, min, max (NaN = missing: no bar).
ncol = system(sprintf("awk -F'\t' '!/^#/ {print NF; exit}' '%s'", data)) + 0
ncfg = (ncol - 1) / 3
if (ncfg < 1) { print 'apps-overhead.gp: no configuration besides the baseline; nothing to draw'; exit }
# Range over every finite, positive number in the data columns.
lo = system(sprintf("awk -F'\t' '!/^#/ && n++ { for (i = 2; i <= NF; i++) if ($i != \"NaN\" && $i + 0 > 0 && (m == \"\" || $i + 0 < m)) m = $i + 0 } END { print (m == \"\" ? 1 : m) }' '%s'", data)) + 0
hi = system(sprintf("awk -F'\t' '!/^#/ && n++ { for (i = 2; i <= NF; i++) if ($i != \"NaN\" && $i + 0 > m) m = $i + 0 } END { print m + 0 }' '%s'", data)) + 0
if (!exists("logy")) logy = (hi / (lo < 1 ? lo : 1) > 20)
nrow = system(sprintf("awk '!/^#/ && n++' '%s' | wc -l", data)) + 0
if (nrow > 5) set xtics rotate by -30 left	# long names would run together
if (logy) {
	set logscale y
	set ytics 0.125, 2 format '%g'	# ..., 0.5, 1, 2, 4, ...: factors read off directly
	set yrange [(lo < 1 ? lo : 1) / 1.5 : hi * 1.5]
} else {
	set yrange [0 : (hi > 1 ? hi : 1) * 1.1]
}
# The no-overhead reference.
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5 lc rgb 'black' front
# A missing result gets the word "missing" in its slot, not a bar of 0
# (bar k of a cluster of n sits at row + (k - (n-1)/2) / (n + gap)).
# One terminal per format; a missing terminal is reported, not fatal.
do for [fmt in formats] {
	term = fmt eq 'pdf' ? 'pdfcairo size 7in,4in' : fmt eq 'png' ? 'pngcairo size 1050,600' : 'svg size 1050,600'
	if (strstrt(GPVAL_TERMINALS, word(term, 1)) == 0) {
		print sprintf('apps-overhead.gp: no %s terminal in this gnuplot; no %s.%s', word(term, 1), out, fmt)
	} else {
		eval sprintf("set terminal %s font 'Sans,10' noenhanced", term)
		set output out.'.'.fmt
		plot for [k=0:ncfg-1] data using 2+3*k:3+3*k:4+3*k:xtic(1) title columnhead(2+3*k), \
			for [k=0:ncfg-1] data using ($0 + (k - (ncfg - 1) / 2.) / (ncfg + 1)):(1): \
				(strcol(2+3*k) eq 'NaN' ? 'missing' : '') with labels rotate by 90 left offset 0,0.5 notitle
		unset output
	}
}
