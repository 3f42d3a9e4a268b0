#!/bin/busybox sh
# The application suite's command agent at a testbed level: busybox
# `nc -ll -p 7777 -e /agent.sh` runs it once per connection with the socket
# as stdin/stdout. The harness on the host (bench/apps-drive.sh) sends one
# line; the reply is the command's output and a last line "EXIT status".
#   serve ARGS...     /pvnest/serve.sh ARGS in the workload image (target level)
#   counters reset|dump   pvnest's L0 nested-exit counters (level 0)
#   ping | shutdown
exec 2>&1
read -r cmd args
cmd=$(echo "$cmd" | tr -d '\r')
args=$(echo "$args" | tr -d '\r')
rc=0
case $cmd in
ping) echo "pong $(sed -n 's/.*pvnest\.level=\([0-9]\).*/L\1/p' /proc/cmdline) $(uname -r)" ;;
serve)
	# shellcheck disable=SC2086  # the arguments are words
	PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root chroot /mnt /bin/sh /pvnest/serve.sh $args || rc=$? ;;
counters)
	set -- /sys/kernel/debug/kvm/*/nested_exit_traps
	[ -f "$1" ] || { echo "agent: no nested-exit counters here (pvnest's L0 kernel, debugfs)"; echo "EXIT 1"; exit 0; }
	case $args in
	reset) for f in "$@"; do echo 0 > "$f" || rc=1; done ;;
	dump) cat "$@" || rc=1 ;;
	*) echo "agent: counters reset|dump"; rc=2 ;;
	esac ;;
shutdown) touch /tmp/pvnest-shutdown ;;
*) echo "agent: unknown command '$cmd'"; rc=2 ;;
esac
echo "EXIT $rc"
