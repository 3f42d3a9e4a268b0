# Read workloads.txt (see its header), check every line, answer one query.
# Run through workload.sh; -v mode=check|names|get|vars, name, field, size.
# Any malformed line stops it with "FILE:LINE: message" (exit 2), before
# any answer: a caller never acts on half a table.
# POSIX awk: gawk and mawk on the host, mawk in the workload image.

function die(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 2 }
function fail(msg) { printf "workload.sh: %s\n", msg > "/dev/stderr"; bad = 1; exit 1 }

# KEY=VALUE,... (or -) of column COL into kv[NAME, COL, KEY]; its keys in
# keys[NAME, COL] (sorted by appearance, blank-separated).
function pairs(col, s,    n, i, p, k, v, seen) {
	keys[$1, col] = ""
	if (s == "-") return
	n = split(s, p, ",")
	for (i = 1; i <= n; i++) {
		if (p[i] !~ /^[a-z][a-z0-9_]*=([A-Za-z0-9_.]+|-)$/) die(col ": '" p[i] "' is not KEY=VALUE (KEY: a-z0-9_, VALUE: A-Za-z0-9_. or -)")
		k = substr(p[i], 1, index(p[i], "=") - 1); v = substr(p[i], index(p[i], "=") + 1)
		if (k in iscol) die(col ": key '" k "' is a column's name")
		if ((k, col) in seen) die(col ": key '" k "' twice")
		seen[k, col] = 1
		kv[$1, col, k] = v
		keys[$1, col] = keys[$1, col] (keys[$1, col] == "" ? "" : " ") k
	}
}

BEGIN {
	ncol = split("name port server load params smoke small full", cols, " ")
	for (i = 1; i <= ncol; i++) iscol[cols[i]] = i
	nsize = split("smoke small full", sizes, " ")
}
/^[ \t]*(#|$)/ { next }
{
	if (NF != ncol) die(NF " fields, not " ncol " (" cols[1] " " cols[2] " ... " cols[ncol] ")")
	if ($1 !~ /^[a-z][a-z0-9-]*$/) die("name '" $1 "': a-z, 0-9 and -, starting with a letter")
	if ($1 in known) die("workload " $1 " again (first at line " known[$1] ")")
	known[$1] = FNR; order[++n] = $1
	if ($2 != "-" && !($2 ~ /^[1-9][0-9]*$/ && $2 + 0 <= 65535)) die("port '" $2 "': 1..65535 or -")
	if ($3 !~ /^([a-z][a-z0-9_]*|-)$/) die("server '" $3 "': a-z0-9_ or -")
	if ($4 !~ /^[a-z][a-z0-9_]*$/) die("load '" $4 "': a-z0-9_ (a load_ function of loadgen.sh, or guest)")
	if ($4 == "guest" && ($2 != "-" || $3 != "-")) die($1 " runs in the guest (load guest): port and server must be -")
	if ($4 != "guest" && ($2 == "-" || $3 == "-")) die($1 " is driven from the host (load " $4 "): it needs a port and a server")
	col_[$1, "port"] = $2; col_[$1, "server"] = $3; col_[$1, "load"] = $4
	pairs("params", $5)
	for (s = 1; s <= nsize; s++) {
		pairs(sizes[s], $(5 + s))
		if (keys[$1, sizes[s]] != keys[$1, sizes[1]])
			die(sizes[s] " has keys '" keys[$1, sizes[s]] "', " sizes[1] " '" keys[$1, sizes[1]] "': every size names the same")
	}
	m = split(keys[$1, "params"], p, " ")
	for (i = 1; i <= m; i++) if (($1, sizes[1], p[i]) in kv) die("key '" p[i] "' both in params and per size")
}
function val(v) { return v == "-" ? "" : v }
END {
	if (bad) exit
	if (!n) { FNR = 0; die("no workloads") }
	if (mode == "check") exit 0
	if (mode == "names") {
		for (i = 1; i <= n; i++) if (col == "" || col_[order[i], col] == want) print order[i]
		exit 0
	}
	if (!(name in known)) fail("unknown workload '" name "' (" FILENAME ")")
	if (size != "" && !((size in iscol) && iscol[size] > 5)) fail("unknown size '" size "' (smoke, small, full)")
	if (mode == "get") {
		if ((name, field) in col_) { print val(col_[name, field]); exit 0 }
		if ((name, "params", field) in kv) { print val(kv[name, "params", field]); exit 0 }
		if ((name, sizes[1], field) in kv) {
			if (size == "") fail(name "'s " field " is per size: workload.sh " name " " field " SIZE")
			print val(kv[name, size, field]); exit 0
		}
		fail(name " has no " field " (" FILENAME ":" known[name] ")")
	}
	if (mode == "vars") {
		# wl_KEY=VALUE lines for eval: keys and values are checked above
		# (no quoting needed).
		printf "wl_port=%s wl_server=%s wl_load=%s\n", val(col_[name, "port"]), val(col_[name, "server"]), val(col_[name, "load"])
		m = split(keys[name, "params"], p, " ")
		for (i = 1; i <= m; i++) printf "wl_%s=%s\n", p[i], val(kv[name, "params", p[i]])
		if (size == "") exit 0
		m = split(keys[name, size], p, " ")
		for (i = 1; i <= m; i++) printf "wl_%s=%s\n", p[i], val(kv[name, size, p[i]])
		exit 0
	}
	fail("unknown mode '" mode "'")
}
