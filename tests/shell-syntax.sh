#!/bin/sh
# Every shell script of the project parses (sh -n), so a broken script is
# caught by the tests before a long run reaches it.
#   shell-syntax.sh PROJECT_DIR
set -eu
cd "$1"
n=0 bad=0
for f in $(git ls-files '*.sh' .ci/run 2>/dev/null || find . -name '*.sh'); do
	n=$((n + 1))
	sh -n "$f" || { echo "syntax error: $f"; bad=$((bad + 1)); }
done
echo "$((n - bad)) of $n shell scripts parse"
[ $bad -eq 0 ]
