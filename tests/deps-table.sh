#!/bin/sh
# The host packages have one home (scripts/packages.txt, installed by
# scripts/deps.sh): every `deps.sh NAME` in the Makefile and the scripts
# names a target or group of the table, every group a `need` line uses
# exists, every package name is one this host's apt knows, and nothing else
# in the project runs apt-get install.
#   deps-table.sh PROJECT_DIR
set -eu
cd "$1"
t=scripts/packages.txt
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
groups=$(awk '$1 == "group" { print $2 }' "$t" | sort -u)
for g in $(awk '$1 == "need" { for (i = 3; i <= NF; i++) print $i }' "$t" | sort -u); do
	echo "$groups" | grep -qx "$g" || fail "$t: need uses group '$g', which has no group line"
done
# Calls: lines that start with `sh .../deps.sh NAME...` (messages quoting it are not calls).
names=$(git ls-files Makefile '*.sh' | xargs grep -hE '^[[:space:]@]*sh [^ ]*deps\.sh"? [a-z]' |
	sed -E 's/^[[:space:]@]*sh [^ ]*deps\.sh"? //; s/[^a-z0-9 -].*//' | tr ' ' '\n' | grep . | sort -u)
[ -n "$names" ] || fail "no deps.sh calls found"
for n in $names; do
	sh scripts/deps.sh --list "$n" > /dev/null 2>&1 || fail "deps.sh $n: not a target or group of $t"
done
for spec in $(awk '$1 == "group" { for (i = 3; i <= NF; i++) print $i }' "$t" | sort -u); do
	p=${spec%%>=*}; p=${p%%@*}
	apt-cache show "$p" > /dev/null 2>&1 || fail "$t: package '$p' unknown to apt here"
done
others=$(git ls-files '*.sh' Makefile .ci/run | grep -v -e '^scripts/deps\.sh$' -e '^tests/deps-table\.sh$' | xargs grep -ln 'apt-get[^|]* install' || true)
[ -z "$others" ] || fail "apt-get install outside scripts/deps.sh: $others"
[ $fails -eq 0 ] || exit 1
echo "$(echo "$groups" | wc -l) groups, $(echo "$names" | wc -l) names used by the scripts, all in $t; no other apt-get install"
