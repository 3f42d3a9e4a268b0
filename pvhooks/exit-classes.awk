# Exit class names for awk tools, from pvhooks/exit-classes.txt (the one list).
# Include with -f before the tool; set -v classes=PATH.
#   ec_name(ec)        name of an exception class (a number), or EC_0xNN
#   cause_name(cause)  name for a cause of pvnest's L0 kernel, or the cause
function load_exit_classes(   line, f) {
	if (classes == "") { print "exit-classes.awk: set -v classes=pvhooks/exit-classes.txt" > "/dev/stderr"; exit 2 }
	while ((getline line < classes) > 0) {
		if (line ~ /^#/ || line !~ /[^ \t]/) continue
		split(line, f, /[ \t]+/)
		if (f[1] != "-") ecn[hexnum(f[1])] = f[2]
		if (f[3] != "-") cn[f[3]] = f[2]
	}
	close(classes); loaded = 1
}
function hexnum(s,   i, v, c) {
	sub(/^0x/, "", s); s = tolower(s); v = 0
	for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); if (!c) break; v = v * 16 + c - 1 }
	return v
}
function ec_name(ec) { if (!loaded) load_exit_classes(); return (ec in ecn) ? ecn[ec] : sprintf("EC_0x%02x", ec) }
function cause_name(c) { if (!loaded) load_exit_classes(); return (c in cn) ? cn[c] : c }
