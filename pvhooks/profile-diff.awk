#!/usr/bin/awk -f
# List the database rows on which two profiles differ.
#   awk -v a=neve -v b=nv2 -f profile-diff.awk sysregs.db
/^profile / { col[$2] = 4 + (++np); next }
/^[ \t]*(#|$)/ || /^(host|proxy) / { next }
{
	if (!(a in col) || !(b in col)) { print "unknown profile " a " or " b > "/dev/stderr"; exit 1 }
	if ($(col[a]) != $(col[b])) printf "%-16s %-12s %-18s %s\n", $2, $3, $(col[a]), $(col[b])
}
