#!/bin/sh
# The one provenance writer (scripts/provenance.sh): valid JSON whatever the
# strings hold (quotes, backslashes, newlines, a command line with := in it),
# JSON values taken as they are, the common fields present, and a malformed
# argument or JSON value refused with a non-zero exit and no file.
#   provenance.sh PROJECT_DIR WORKDIR
set -eu
top=$1 w=$2
rm -rf "$w" && mkdir -p "$w"
p=$top/scripts/provenance.sh
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
nl='a
b'
sh "$p" "$w/ok.json" s='say "hi" \ there' cmd='qemu -append "x:=y z=1"' multi="$nl" n:=3 o:='{"k": [1, 2]}' z:=null
jq -e --arg nl "$nl" '.s == "say \"hi\" \\ there" and .cmd == "qemu -append \"x:=y z=1\"" and .multi == $nl
	and .n == 3 and .o.k == [1, 2] and .z == null
	and (.date | test("^[0-9]{4}-")) and (.pvnest_commit | length > 0) and (.host_cpus | type == "number")' "$w/ok.json" > /dev/null ||
	{ cat "$w/ok.json"; fail "fields not as given"; }
for bad in 'noequals' '=x' 'Bad-Name=x' 'j:=not json'; do
	if sh "$p" "$w/bad.json" "$bad" 2> "$w/err"; then fail "accepted '$bad'"; fi
	[ ! -e "$w/bad.json" ] || { fail "'$bad' left a file"; rm -f "$w/bad.json"; }
done
# The commit is the one the run began at; a tree that changed since is named.
now=$(sh "$p" --commit)
PVNEST_COMMIT=$now sh "$p" "$w/same.json" x=1
jq -e --arg c "$now" '.pvnest_commit == $c' "$w/same.json" > /dev/null || fail "commit at start: $(jq .pvnest_commit "$w/same.json")"
PVNEST_COMMIT=0123abc sh "$p" "$w/moved.json" x=1
jq -e --arg c "$now" '.pvnest_commit == "0123abc (the tree changed during the run: now \($c))"' "$w/moved.json" > /dev/null ||
	fail "a tree that changed during the run is not named: $(jq .pvnest_commit "$w/moved.json")"
[ $fails -eq 0 ] || exit 1
echo "provenance.sh: strings escaped, JSON values kept, common fields present, 4 malformed arguments refused, the run's first commit kept and a change named"
