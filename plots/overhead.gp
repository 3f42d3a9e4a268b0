# Time per operation of each configuration over the same run's vm (clustered
# bars, log scale: nested costs are tens of times vm's).
# gnuplot -e "data='overhead.dat'; out='overhead'" overhead.gp
if (!exists("data")) data = 'overhead.dat'
if (!exists("out")) out = 'overhead'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top title 'configuration' noenhanced
set ylabel 'ticks per operation / vm (lower is better)'
set xlabel 'micro-benchmark'
set title 'Micro-benchmark cost over a VM (QEMU TCG: times of the emulated machine)' noenhanced
set grid ytics
set logscale y
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
