#!/bin/sh
# The rewriter's module graph, from its compiled objects: object A calls
# module B when A has an undefined symbol that B defines (nm). Prints the
# graph and fails on any cycle. Before the real archive it checks itself on
# two fabricated nm listings: an acyclic one must pass, one with a cycle
# must fail.
#   module-graph.sh ARCHIVE      (libpvrewrite_core.a)
set -eu

# nm listing on stdin -> "A B" per edge, and "A A" for every object so that
# objects without edges still appear.
edges() {
	awk '
	/^$/ { next }
	/:$/ { obj = $0; sub(/:$/, "", obj); sub(/.*\//, "", obj); sub(/\.c\.o$|\.o$/, "", obj); seen[obj] = 1; next }
	NF >= 2 {
		t = $(NF - 1); s = $NF
		if (t == "U") use[++nu] = obj SUBSEP s
		else if (t ~ /^[A-TV-Z]$/) def[s] = obj
	}
	END {
		for (i = 1; i <= nu; i++) {
			split(use[i], p, SUBSEP)
			if ((p[2] in def) && def[p[2]] != p[1]) e[p[1] " " def[p[2]]] = 1
		}
		for (k in e) print k
		for (o in seen) print o, o
	}'
}

# Edges -> "A: B C" per module, sorted.
show() {
	sort -u | awk '{ if (!($1 in d)) d[$1] = ""; if ($1 != $2) d[$1] = d[$1] " " $2 }
		END { for (m in d) print m ":" d[m] }' | sort
}

# Edges on stdin; fails (with the loop on stderr) when they have a cycle.
acyclic() {
	tsort > /dev/null
}

check() {	# LABEL: nm listing on stdin; prints the graph, fails on a cycle
	e=$(edges)
	printf '%s\n' "$e" | show
	printf '%s\n' "$e" | acyclic
}

self_test() {
	good='a.c.o:
0000000000000000 T fa
                 U fb
b.c.o:
0000000000000000 T fb
                 U fc
c.c.o:
0000000000000000 T fc
                 U printf'
	bad="$good
                 U fa"	# c now calls back into a: a -> b -> c -> a
	printf '%s\n' "$good" | check > /dev/null 2>&1 || { echo "self-test: acyclic listing rejected"; exit 1; }
	if printf '%s\n' "$bad" | check > /dev/null 2>&1; then
		echo "self-test: a -> b -> c -> a not found"; exit 1
	fi
	echo "self-test: acyclic listing passes, a -> b -> c -> a fails"
}

[ $# -eq 1 ] || { echo "usage: module-graph.sh ARCHIVE" >&2; exit 2; }
self_test
[ -f "$1" ] || { echo "$1: no such archive" >&2; exit 1; }
echo "module graph of $(basename "$1") (module: modules it calls):"
if ! ${NM:-nm} "$1" | check; then
	echo "FAIL: the module graph has a cycle (tsort names it above)"
	exit 1
fi
echo "no cycle"
