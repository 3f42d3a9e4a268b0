#!/bin/sh
# The one accessor of the workload table (workloads.txt beside this file,
# or PVNEST_WORKLOADS): every script that needs a workload's port, tool or
# size asks here instead of keeping its own copy.
#   workload.sh NAME FIELD [SIZE]  one value: a column (port, server, load)
#                                  or a KEY of params or of SIZE's column;
#                                  - prints as an empty line
#   workload.sh --vars NAME [SIZE] wl_FIELD=VALUE lines for eval (all columns,
#                                  params and SIZE's keys)
#   workload.sh --names [COLUMN VALUE]  the names in table order (those
#                                  whose COLUMN is VALUE)
#   workload.sh --check            check the table only
# A malformed table fails every call with FILE:LINE (exit 2); an unknown
# workload, field or size exits 1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
t=${PVNEST_WORKLOADS:-$here/workloads.txt}
[ -r "$t" ] || { echo "workload.sh: no table $t" >&2; exit 2; }
q() { awk -f "$here/workload.awk" "$@" "$t"; }
case ${1:-} in
--check) q -v mode=check ;;
--names) q -v mode=names -v col="${2:-}" -v want="${3:-}" ;;
--vars) q -v mode=vars -v name="${2:?usage: workload.sh --vars NAME [SIZE]}" -v size="${3:-}" ;;
-* | '') echo "usage: workload.sh NAME FIELD [SIZE] | --vars NAME [SIZE] | --names [COLUMN VALUE] | --check" >&2; exit 2 ;;
*) q -v mode=get -v name="$1" -v field="${2:?usage: workload.sh NAME FIELD [SIZE]}" -v size="${3:-}" ;;
esac
