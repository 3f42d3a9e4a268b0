#!/bin/sh
# Install the host packages a make target (or a package group) needs, as
# scripts/packages.txt lists them. Idempotent: each package is checked on its
# own (installed, and new enough where the list says >=), so a second run
# costs one dpkg query per package and installs nothing.
#   deps.sh NAME...      NAME: a target of a `need` line or a group
#   deps.sh --list NAME  print the packages, install nothing
set -eu
here=$(cd "$(dirname "$0")" && pwd)
table=$here/packages.txt
list=0
[ "${1:-}" = --list ] && { list=1; shift; }
[ $# -gt 0 ] || { echo "usage: deps.sh [--list] TARGET|GROUP..." >&2; exit 2; }

groups=""
for n in "$@"; do
	g=$(awk -v n="$n" '$1 == "need" && $2 == n { for (i = 3; i <= NF; i++) print $i }' "$table")
	[ -n "$g" ] || g=$(awk -v n="$n" '$1 == "group" && $2 == n { print n; exit }' "$table")
	[ -n "$g" ] || { echo "deps: '$n' is neither a target nor a group in $table" >&2; exit 2; }
	groups="$groups $g"
done
pkgs=$(for g in $groups; do
	awk -v g="$g" '$1 == "group" && $2 == g { for (i = 3; i <= NF; i++) print $i }' "$table"
done | awk '!seen[$0]++')
[ $list = 1 ] && { echo "$pkgs"; exit 0; }

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
missing="" from_suite="" suites=""
for spec in $pkgs; do
	min="" suite=""
	case $spec in *'>='*) min=${spec#*>=}; spec=${spec%%>=*} ;; esac
	case $spec in *@*) suite=${spec#*@}; spec=${spec%%@*} ;; esac
	# A suite named for another release is this release's own suite here.
	case $suite in "$codename"-*) ;; *) suite="" ;; esac
	st=$(dpkg-query -W -f='${Status} ${Version}' "$spec" 2>/dev/null || true)
	case $st in
	"install ok installed "*)
		[ -z "$min" ] && continue
		dpkg --compare-versions "${st##* }" ge "$min" && continue ;;
	esac
	if [ -n "$suite" ]; then
		from_suite="$from_suite $spec@$suite"
		case " $suites " in *" $suite "*) ;; *) suites="$suites $suite" ;; esac
	else
		missing="$missing $spec"
	fi
done
[ -z "$missing$from_suite" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
# apt's and dpkg's lines go to a log, shown only when something fails.
alog=$(mktemp)
trap 'rm -f "$alog"' EXIT
apt_() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "$@" >> "$alog" 2>&1 ||
	{ tail -n 30 "$alog" >&2; echo "deps: apt-get $* failed" >&2; exit 1; }; }
apt_install() { apt_ install -y -qq --no-install-recommends "$@"; }
for s in $suites; do
	# The ordinary way to get a newer package on a Debian stable release.
	if ! grep -rqsE "^[^#]*[[:space:]]$s([[:space:]]|\$)|^Suites:.*[[:space:]]$s([[:space:]]|\$)" \
		/etc/apt/sources.list /etc/apt/sources.list.d/; then
		echo "deps: adding $s to the system's apt sources: /etc/apt/sources.list.d/pvnest-$s.list"
		echo "deb http://deb.debian.org/debian $s main" | $SUDO tee "/etc/apt/sources.list.d/pvnest-$s.list" >/dev/null
	fi
done
n=$(echo $missing $from_suite | wc -w)
echo "deps: installing $n packages (with their dependencies; a few minutes on a new machine):$missing$from_suite"
t0=$(date +%s)
apt_ update -qq
# shellcheck disable=SC2086  # one package per word
[ -z "$missing" ] || apt_install $missing
for s in $suites; do
	# shellcheck disable=SC2086
	apt_install -t "$s" $(for x in $from_suite; do [ "${x#*@}" = "$s" ] && echo "${x%@*}"; done)
done
# Say so if the archive still could not give a version the list requires.
for spec in $pkgs; do
	case $spec in *'>='*) ;; *) continue ;; esac
	min=${spec#*>=}; p=${spec%%>=*}; p=${p%%@*}
	v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)
	dpkg --compare-versions "${v:-0}" ge "$min" ||
		{ echo "deps: $p ${v:-not installed}, need >= $min" >&2; exit 1; }
done
echo "deps: installed in $(($(date +%s) - t0)) s"
