#!/bin/sh
# The workload table (workloads/apps/workloads.txt) is the one home of the
# application suite's ports, tools and sizes: it parses (with every awk the
# guest or host may use), each of its servers, loads and in-guest workloads
# has its function in serve.sh or loadgen.sh and each such function a row
# (a workload missing from the table fails here), every wl_ variable the
# scripts use is a column or key of it, every file serve.sh reads travels
# into the guest with it (testbed/build-images.sh), and a malformed table
# stops every caller with FILE:LINE.
#   workload-table.sh PROJECT_DIR WORKDIR
set -eu
top=$(cd "$1" && pwd) w=$2
rm -rf "$w" && mkdir -p "$w"
a=$top/workloads/apps t=$a/workloads.txt
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
wl() { sh "$a/workload.sh" "$@"; }

# 1. It parses, with each awk present (mawk is the image's).
for k in gawk mawk busybox; do
	p=$(command -v $k) || continue
	mkdir -p "$w/$k"
	if [ $k = busybox ]; then printf '#!/bin/sh\nexec busybox awk "$@"\n' > "$w/$k/awk" && chmod +x "$w/$k/awk"
	else ln -sf "$p" "$w/$k/awk"; fi
	PATH=$w/$k:$PATH sh "$a/workload.sh" --check || fail "$t does not parse with $k"
	[ "$(PATH=$w/$k:$PATH sh "$a/workload.sh" --vars hackbench full)" = "$(wl --vars hackbench full)" ] ||
		fail "$k and the default awk disagree on --vars hackbench full"
done
wl --check || { fail "$t is malformed"; exit 1; }
names=$(wl --names)

# 2. Both ways between the table and the functions that run its rows.
funcs() { sed -n "s/^$2\([a-z0-9_]*\)() {.*/\1/p" "$1" | sort -u; }
col() { for n in $names; do v=$(wl "$n" "$1"); [ "$v" = guest ] || [ -z "$v" ] || echo "$v"; done | sort -u; }
guests=$(wl --names load guest | sort -u)
for s in $(col server); do funcs "$a/serve.sh" start_ | grep -qx "$s" || fail "server $s (workloads.txt) has no start_$s in serve.sh"; done
for s in $(funcs "$a/serve.sh" start_); do col server | grep -qx "$s" || fail "serve.sh has start_$s but no workload in workloads.txt uses server $s"; done
for l in $(col load); do funcs "$top/bench/loadgen.sh" load_ | grep -qx "$l" || fail "load $l (workloads.txt) has no load_$l in bench/loadgen.sh"; done
for l in $(funcs "$top/bench/loadgen.sh" load_); do col load | grep -qx "$l" || fail "loadgen.sh has load_$l but no workload in workloads.txt uses it"; done
for g in $guests; do funcs "$a/serve.sh" run_ | grep -qx "$g" || fail "in-guest workload $g (workloads.txt) has no run_$g in serve.sh"; done
for g in $(funcs "$a/serve.sh" run_); do echo "$guests" | grep -qx "$g" || fail "serve.sh has run_$g but workloads.txt has no in-guest workload $g"; done
# pvnest.conf's default selection, and the documentation's pairs table.
. "$top/pvnest.conf"
for n in $APPS_WORKLOADS; do echo "$names" | grep -qx "$n" || fail "pvnest.conf APPS_WORKLOADS names $n, not in workloads.txt"; done
for n in $names; do grep -q "^| $n |" "$top/docs/workloads.md" || fail "workload $n is not in docs/workloads.md's table of pairs"; done

# 3. Every wl_NAME the scripts read is a column or a key of the table.
fields=" port server load $(grep -v '^#' "$t" | awk 'NF { for (i = 5; i <= NF; i++) print $i }' | tr ',' '\n' | sed -n 's/=.*//p' | sort -u | tr '\n' ' ')"
for v in $(cat "$a/serve.sh" "$top/bench/loadgen.sh" | grep -o 'wl_[a-z][a-z_]*' | sort -u); do
	case $fields in *" ${v#wl_} "*) ;; *) fail "$v is read by serve.sh or loadgen.sh but is no column or key of workloads.txt" ;; esac
done
# Each row gives every size (no wl_ variable is left unset at any size).
for n in $names; do for s in smoke small full; do wl --vars "$n" "$s" > /dev/null || fail "--vars $n $s"; done; done

# 4. What serve.sh and workload.sh read beside themselves goes into the guest
# with them (build-images.sh's list; apps-pairs.sh copies the same).
list=$(sed -n 's/^apps="\(.*\)"$/\1/p' "$top/testbed/build-images.sh")
[ -n "$list" ] || fail "no apps=\"...\" list in testbed/build-images.sh"
for f in serve.sh $(cat "$a/serve.sh" "$a/workload.sh" | grep -o '\$here/[a-z.]*' | sed 's|\$here/||' | sort -u); do
	case " $list " in *" $f "*) ;; *) fail "$f is read in the guest but not in build-images.sh's apps list" ;; esac
	grep -q "workloads/apps/$f" "$top/tests/apps-pairs.sh" || fail "tests/apps-pairs.sh does not copy $f into the chroot"
done

# 5. Malformed tables: each stops every query with FILE:LINE, exit 2.
line() { grep -n "^$1 " "$t" | cut -d: -f1; }
bad() {	# WHAT LINE SED-EXPRESSION
	sed "$3" "$t" > "$w/bad.txt"
	rc=0; PVNEST_WORKLOADS=$w/bad.txt sh "$a/workload.sh" apache port > "$w/bad.out" 2> "$w/bad.err" || rc=$?
	[ $rc = 2 ] && [ ! -s "$w/bad.out" ] && grep -q "^$w/bad.txt:$2: " "$w/bad.err" ||
		{ fail "malformed ($1): exit $rc, not 2 with $w/bad.txt:$2:"; sed 's/^/  | /' "$w/bad.err"; }
}
bad "port out of range" "$(line apache)" '/^apache /s/ 80 / 99999 /'
bad "a field missing" "$(line nginx)" '/^nginx /s/ [^ ]*$//'
bad "a size without a key" "$(line apache)" '/^apache /s/conc=8,requests=200000/conc=8/'
bad "a key twice" "$(line mysql)" '/^mysql /s/tables=1,rows=1000,/tables=1,tables=2,/'
bad "in-guest with a port" "$(line hackbench)" '/^hackbench /s/^hackbench  *-/hackbench 5/'
bad "not KEY=VALUE" "$(line netperf-rr)" '/^netperf-rr /s/TCP_RR/TCP_RR;x/'
bad "host load without a server" "$(line memcached)" '/^memcached /s/ memcached  *memcaslap/ - memcaslap/'
n=$(wc -l < "$t")
bad "a workload twice" $((n + 1)) '$a\
apache 80 apache2 ab - - - -'
[ $fails -eq 0 ] || exit 1
echo "workload table: $(echo "$names" | wc -w) workloads, each with its functions, fields and files; 8 malformed tables refused with FILE:LINE"
