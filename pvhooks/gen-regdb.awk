#!/usr/bin/awk -f
# Generate regdb-table.h from sysregs.db (see the header of that file).
# Usage: awk -f gen-regdb.awk sysregs.db > regdb-table.h
# The PV page limits come from pvabi.h beside sysregs.db, or -v pvabi=FILE.
# Any malformed line stops the generation with "sysregs.db:LINE: message".

function die(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; failed = 1; exit 1 }

# One behaviour token -> C initializer; el1: targets are resolved in END.
function beh(tok,   v) {
	if (tok == "native") return "{ PV_NATIVE, 0 }"
	if (tok == "trap") return "{ PV_TRAP, 0 }"
	if (tok ~ /^mem:0x[0-9a-fA-F]+$/) {
		v = hex(substr(tok, 5))
		if (v % 8 || v < vncr || v >= pgsize)
			die("VNCR offset " tok " not 8-aligned in [" sprintf("%#05x", vncr) ", " sprintf("%#x", pgsize) ")")
		return "{ PV_MEM, " substr(tok, 5) " }"
	}
	if (tok ~ /^const:(0x[0-9a-fA-F]+|[0-9]+)$/) {
		v = substr(tok, 7)
		if ((v ~ /^0x/ ? hex(v) : v + 0) > 65535) die("constant " tok " does not fit 16 bits")
		return "{ PV_CONST, " v " }"
	}
	if (tok ~ /^el1:[A-Za-z0-9_]+$/) { pending[n, ++npend[n]] = substr(tok, 5); return "EL1:" substr(tok, 5) }
	die("unknown behaviour '" tok "'")
}

function hex(s,   i, c, v) {
	v = 0; s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); v = v * 16 + c - 1 }
	return v
}

# Split "A|B" into the VHE and non-VHE behaviours.
function pair(tok,   p) {
	if (split(tok, p, "|") == 2) return beh(p[1]) ", " beh(p[2])
	if (index(tok, "|")) die("behaviour '" tok "' has more than two alternatives")
	return beh(tok) ", " beh(tok)
}

function ident(s) { gsub(/[^A-Za-z0-9_]/, "_", s); return toupper(s) }

# A small stable hash of the rows (ABI identity: host and image must agree).
function hashstr(s,   i) {
	for (i = 1; i <= length(s); i++)
		h = (h * 31 + index(chars, substr(s, i, 1))) % 2147483647
}

# "#define NAME 0x...u" from pvabi.h, as a number.
function abi(name,   l, a, v) {
	while ((getline l < pvabi) > 0)
		if (split(l, a) >= 3 && a[1] == "#define" && a[2] == name) { v = a[3]; sub(/u$/, "", v) }
	close(pvabi)
	if (v == "") { printf "gen-regdb.awk: no %s in %s (-v pvabi=FILE)\n", name, pvabi > "/dev/stderr"; failed = 1; exit 1 }
	return v ~ /^0x/ ? hex(v) : v + 0
}

BEGIN {
	if (pvabi == "") { pvabi = ARGV[1]; sub(/[^\/]*$/, "", pvabi); pvabi = pvabi "pvabi.h" }
	vncr = abi("PV_PAGE_OFF_VNCR"); pgsize = abi("PV_PAGE_SIZE")
	chars = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
	n = 0; np = 0; nh = 0; h = 7
}

/^[ \t]*(#|$)/ { next }

$1 == "proxy" {
	if (NF != 4 || $4 !~ /^0x[0-9a-fA-F]+$/) die("proxy REG EL1REG OFFSET")
	if (hex($4) % 8 || hex($4) < 8 || hex($4) >= vncr)
		die("proxy offset must be 8-aligned in [0x008, " sprintf("%#05x", vncr) ") (the pvnest-reserved part of the page, after the magic)")
	proxy[++nproxy] = $2 SUBSEP $3 SUBSEP $4
	next
}

$1 == "profile" || $1 == "host" {
	if (n) die($1 " lines must come before the first register")
	desc = $0; sub(/^[^"]*"/, "", desc); sub(/"[ \t]*$/, "", desc)
	if ($1 == "profile") { pname[++np] = $2; pdesc[np] = desc }
	else { hname[++nh] = $2; hdesc[nh] = desc }
	next
}

{
	want = 4 + np + nh
	if (NF != want) die("expected " want " fields, got " NF)
	kind = $1; name = $2; enc = $3; dir = $4
	if (name in row) die("duplicate name " name)
	row[name] = n
	ucrow[toupper(name)] = n	# el1: targets are case-insensitive, as in profile files
	if (kind == "sysreg") ck = "PV_KIND_SYSREG"
	else if (kind == "tlbi") ck = "PV_KIND_TLBI"
	else if (kind == "at") ck = "PV_KIND_AT"
	else if (kind == "insn") ck = "PV_KIND_INSN"
	else die("unknown kind " kind)
	if (kind == "insn") {
		if (enc !~ /^0x[0-9a-fA-F]+$/ || length(enc) != 10) die("insn encoding must be 0xXXXXXXXX")
		cenc = enc
	} else {
		if (split(enc, f, ".") != 5) die("encoding must be op0.op1.CRn.CRm.op2")
		if (f[1] > 3 || f[2] > 7 || f[3] > 15 || f[4] > 15 || f[5] > 7) die("encoding field out of range")
		if ((kind == "sysreg") != (f[1] >= 2)) die(kind " with op0=" f[1])
		key = kind ":" enc
		if (key in encseen) die("encoding " enc " already used by " encseen[key])
		encseen[key] = name
		cenc = "PV_ENC(" f[1] ", " f[2] ", " f[3] ", " f[4] ", " f[5] ")"
	}
	if (dir == "rw") cd = "PV_DIR_RW"; else if (dir == "r") cd = "PV_DIR_R"
	else if (dir == "w") cd = "PV_DIR_W"; else if (dir == "-") cd = "PV_DIR_NONE"
	else die("unknown direction " dir)
	b = ""
	for (i = 1; i <= np; i++) b = b (i > 1 ? ", " : "") "{ " pair($(4 + i)) " }"
	hb = ""
	for (i = 1; i <= nh; i++) {
		t = $(4 + np + i)
		hb = hb (i > 1 ? ", " : "") (t == "-" ? "{ PV_NATIVE, 0 }" : beh(t))
	}
	names[n] = name
	rowline[n] = FNR
	line[n] = "\t{ \"" name "\", " ck ", " cd ", " cenc ", { " b " }, { " hb " } },"
	hashstr(kind " " name " " enc " " dir)
	n++
}

END {
	if (failed) exit 1
	if (np == 0) { print FILENAME ": no profile lines" > "/dev/stderr"; exit 1 }
	if (n > 511) { print FILENAME ": " n " rows; the PV ABI has room for 511" > "/dev/stderr"; exit 1 }
	print "/* Generated from pvhooks/sysregs.db by pvhooks/gen-regdb.awk. Do not edit. */"
	print "#ifndef PVNEST_REGDB_TABLE_H\n#define PVNEST_REGDB_TABLE_H\n"
	printf "#define PV_NR_REGS %d\n#define PV_NR_PROFILES %d\n#define PV_NR_HOSTS %d\n", n, np, nh
	printf "#define PV_REGDB_HASH 0x%08xu\n\n", h
	printf "#define PV_PROFILE_NAMES {"; for (i = 1; i <= np; i++) printf " \"%s\",", pname[i]; print " }"
	printf "#define PV_PROFILE_DESCS {"; for (i = 1; i <= np; i++) printf " \\\n\t\"%s\",", pdesc[i]; print " }"
	printf "#define PV_HOST_NAMES {"; for (i = 1; i <= nh; i++) printf " \"%s\",", hname[i]; print " }\n"
	for (i = 0; i < n; i++) printf "#define PVREG_%s %d\n", ident(names[i]), i
	print "\n#define PV_REGDB_ROWS \\"
	for (i = 0; i < n; i++) {
		l = line[i]
		while (match(l, /EL1:[A-Za-z0-9_]+/)) {
			t = substr(l, RSTART + 4, RLENGTH - 4)
			if (!(toupper(t) in ucrow)) { print FILENAME ":" rowline[i] ": el1:" t " names no register" > "/dev/stderr"; exit 1 }
			l = substr(l, 1, RSTART - 1) "{ PV_EL1, " ucrow[toupper(t)] " }" substr(l, RSTART + RLENGTH)
		}
		print l " \\"
	}
	printf "\n#define PV_NR_PROXIES %d\n#define PV_PROXY_ROWS \\\n", nproxy
	for (i = 1; i <= nproxy; i++) {
		split(proxy[i], p, SUBSEP)
		if (!(p[1] in row) || !(p[2] in row)) { print FILENAME ": proxy names unknown register" > "/dev/stderr"; exit 1 }
		printf "\t{ %d, %d, %s }, \\\n", row[p[1]], row[p[2]], p[3]
	}
	print "\n#endif"
}
