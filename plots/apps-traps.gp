# L0 traps per nested exit over each application's run, split by nested-exit
# cause (or trap class): stacked bars per nested configuration, one group per
# workload (the data file has one block per workload, as bench/apps-summarize.awk
# writes it; a configuration without counters is labelled "(missing)").
# gnuplot -e "data='apps-traps.dat'; out='apps-traps'" apps-traps.gp
# Optional: by='nested-exit cause' (legend title), label='...' (title),
# formats='pdf png svg'.
if (!exists("data")) data = 'apps-traps.dat'
if (!exists("out")) out = 'apps-traps'
if (!exists("by")) by = 'nested-exit cause'
if (!exists("label")) label = 'applications, QEMU TCG (pv-*: PV mode on a host without NV)'
if (!exists("formats")) formats = 'pdf png svg'
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.75
set key outside right top title by noenhanced
set ylabel 'L0 traps per nested exit (lower is better)'
set xtics rotate by 90 right font ',8'
set title sprintf('Traps per nested exit by %s: %s', by, label) noenhanced
set grid ytics
set yrange [0:*]
set termoption noenhanced
set datafile columnheaders
ncol = system(sprintf("awk -F'\t' '!/^#/ {print NF; exit}' '%s'", data)) + 0
# The workloads, in block order (the part of the first column before "/").
wl = system(sprintf("awk -F'\t' '!/^#/ && $1 ~ /\\// && $1 != \"workload/config\" { split($1, a, \"/\"); if (!(a[1] in s)) { s[a[1]] = 1; printf \"%%s \", a[1] } }' '%s'", data))
# Rows per block (every block has every nested configuration).
nb = system(sprintf("awk '/^#/ { next } /^$/ { exit } n++' '%s' | wc -l", data)) + 0
cfg(s) = s[strstrt(s, '/') + 1:]
# One newhistogram per workload (its name under the group), colours restarted
# and the key written once, each group placed explicitly (gnuplot stacks
# one-row groups on one another); gnuplot cannot iterate over newhistogram, so eval.
cmd = 'plot'
do for [g=0:words(wl)-1] {
	cmd = cmd . sprintf("%s newhistogram '%s' font ',9' lt 1 at %d, for [i=2:%d] data index %d using (strcol(i) eq 'NaN' ? 0 : column(i)):xtic(cfg(strcol(1))) title (%d ? '' : columnhead(i))", g ? ',' : '', word(wl, g + 1), g * (nb + 1), ncol, g, g)
}
do for [fmt in formats] {
	term = fmt eq 'pdf' ? 'pdfcairo size 7in,4in' : fmt eq 'png' ? 'pngcairo size 1050,600' : 'svg size 1050,600'
	if (strstrt(GPVAL_TERMINALS, word(term, 1)) == 0) {
		print sprintf('apps-traps.gp: no %s terminal in this gnuplot; no %s.%s', word(term, 1), out, fmt)
	} else {
		eval sprintf("set terminal %s font 'Sans,10' noenhanced", term)
		set output out.'.'.fmt
		eval cmd
		unset output
	}
}
