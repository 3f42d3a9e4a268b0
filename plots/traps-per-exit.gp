# Traps per nested exit by trap class, per micro-benchmark and nested
# configuration (stacked bars, configurations side by side).
# gnuplot -e "data='traps-by-class.dat'; out='traps-per-exit'" traps-per-exit.gp
if (!exists("data")) data = 'traps-by-class.dat'
if (!exists("out")) out = 'traps-per-exit'
if (!exists("label")) label = 'nested configurations, QEMU TCG (pv-*: PV mode on a host without NV)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.6
set key outside right top title 'trap class' noenhanced
set ylabel 'L0 traps per nested exit (lower is better)'
set xlabel 'micro-benchmark / configuration'
set xtics rotate by -35 left
set title sprintf('Traps per nested exit by class: %s', label) noenhanced
set grid ytics
set yrange [0:*]
set termoption noenhanced
ncol = system(sprintf("awk -F'\t' '!/^#/ {print NF; exit}' %s", data)) + 0
set terminal pdfcairo size 7in,4in font 'Sans,10' noenhanced
set output out.'.pdf'
plot for [i=2:ncol] data using i:xtic(1) title columnhead(i)
set terminal pngcairo size 1050,600 font 'Sans,10' noenhanced
set output out.'.png'
replot
set terminal svg size 1050,600 font 'Sans,10' noenhanced
set output out.'.svg'
replot
