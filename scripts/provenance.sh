#!/bin/sh
# Write a result's provenance.json: the fields every result has (date, the
# pvnest commit, host CPU and QEMU), then the caller's, as valid JSON (jq
# escapes every string).
#   provenance.sh FILE NAME=STRING... NAME:=JSON...
#   provenance.sh --commit      the commit to export as PVNEST_COMMIT
# NAME:=JSON takes a JSON value as it is (a number, true, null, an object).
# The commit is `git describe --dirty`: a result made from a dirty tree says
# so. It is the tree's when the run began (PVNEST_COMMIT, set once by the
# Makefile or the first driver of a run); a tree that changed before the
# result was written is named too, so no result claims a commit it was not
# made at.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
now=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
[ "${1:-}" = --commit ] && { echo "$now"; exit 0; }
file=${1:?usage: provenance.sh FILE NAME=STRING... NAME:=JSON...}; shift
commit=${PVNEST_COMMIT:-$now}
[ "$commit" = "$now" ] || commit="$commit (the tree changed during the run: now $now)"
cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n1)
qemu=$(qemu-system-aarch64 --version 2>/dev/null | head -n1 || true)
set -- date="$(date -u +%FT%TZ)" pvnest_commit="$commit" host_cpu="$cpu" host_cpus:="$(nproc)" \
	host_qemu="$qemu" "$@"
# Each NAME=... becomes jq --arg/--argjson in place (the list rotates once).
for a do
	shift
	name=${a%%=*}
	case $name in
	"$a" | "" | *[!a-z0-9_:]* | *:*:) echo "provenance.sh: '$a' is not NAME=STRING or NAME:=JSON" >&2; exit 2 ;;
	*:) set -- "$@" --argjson "${name%:}" "${a#*=}" ;;
	*) set -- "$@" --arg "$name" "${a#*=}" ;;
	esac
done
jq -n "$@" '$ARGS.named' > "$file.tmp" || { rm -f "$file.tmp"; echo "provenance.sh: cannot write $file" >&2; exit 1; }
mv "$file.tmp" "$file"
