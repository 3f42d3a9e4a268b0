# Class of each sensitive instruction in aarch64-linux-gnu-objdump output
# (registers named by binutils, not by pvrewrite's database): prints
# "CLASS COUNT" per class seen. Used by objdump-classes.sh (the input's
# counts against the report) and objdump-leftover.sh (what is left in an
# output). With -v lines=1 it prints each classified line instead, prefixed
# by its class.
function reg(r) { r = tolower(r); sub(/,$/, "", r); return r }
{
	m = $3; c = ""
	if (m ~ /^eret/) c = "eret"
	else if (m == "hvc" || m == "smc") c = m
	else if (m == "tlbi") c = ($4 ~ /e2|^alle1|vmalls12e1|ipas2/) ? "tlbi-el2" : "tlbi-el1"
	else if (m == "at") c = ($4 ~ /s1e2|s12e/) ? "at-el2" : "at-el1"
	else {
		r = (m == "mrs") ? reg($5) : reg($4)
		if (r == "currentel") c = "currentel"
		else if (r ~ /_el12$|_el02$|^s[23]_5_/) c = "el12"
		else if (r ~ /_el2$|^s[23]_4_|^sp_el1$|^spsr_(irq|abt|und|fiq)$/) c = "el2"
	}
	if (c != "" && lines) print c, $0
	else if (c != "") n[c]++
}
END { for (c in n) print c, n[c] }