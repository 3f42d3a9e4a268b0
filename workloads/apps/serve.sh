#!/bin/sh
# The guest side of the application suite, run as root inside the workload
# root filesystem (workloads/rootfs/) as /pvnest/serve.sh; the host side is
# bench/loadgen.sh (docs/workloads.md, "Server and load pairs").
#   serve.sh start WORKLOAD SIZE   start the server, wait, print READY WORKLOAD
#   serve.sh stop WORKLOAD         stop it and wait until it is gone
#   serve.sh run WORKLOAD SIZE     in-guest workloads: print RESULT lines
# WORKLOAD: a name in workloads.txt (beside this script, read through
# workload.sh: ports and sizes live there); those with load "guest" are
# run here (run), the others are started and stopped. SIZE: smoke small full.
# For the in-guest workloads start and stop are optional: start kernbench
# does the untimed preparation (see run_kernbench) outside the measured
# window, stop removes it; for hackbench both do nothing.
# Servers are detached (own session, stdin from /dev/null, output to
# /tmp/serve-WORKLOAD.log) so that the caller's connection can close.
# shellcheck disable=SC2154  # wl_* come from workload.sh --vars (eval)
set -eu
die() { echo "serve: $*" >&2; exit 1; }
usage() { die "usage: serve.sh start|stop|run WORKLOAD [smoke|small|full]"; }
[ $# -ge 2 ] || usage
cmd=$1 w=$2 size=${3:-small}
case $size in smoke | small | full) ;; *) usage ;; esac
log=/tmp/serve-$w.log
pidf=/tmp/serve-$w.pid
# A nested TCG guest is 50-500x slower than hardware: generous waits.
wait_s=${SERVE_WAIT:-600}
www=/var/www/pvnest
conf=/tmp/pvnest-conf
export LC_ALL=C
# The caller's environment may be a bare agent's (busybox nc -e).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The workload's row of workloads.txt as wl_PORT, wl_server, wl_load and
# its keys at SIZE (wl_tables, wl_page, ...): bench/loadgen.sh reads the
# same row.
here=$(cd "$(dirname "$0")" && pwd)
vars=$(sh "$here/workload.sh" --vars "$w" "$size") || die "no workload '$w' in $here/workloads.txt"
eval "$vars"
sb_socket=/run/mysqld/mysqld.sock
listening() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }
alive() { [ -s "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }
# Start a daemon that stays in the foreground, in its own session.
spawn() {
	setsid "$@" < /dev/null >> "$log" 2>&1 &
	echo $! > "$pidf"
}
wait_ready() {	# PORT: until it listens (the daemon must stay alive)
	i=0
	while ! listening "$1"; do
		alive || { tail -n 20 "$log" >&2; die "$w exited while starting (log: $log)"; }
		[ $i -lt "$wait_s" ] || die "$w not listening on port $1 after $wait_s s (log: $log)"
		sleep 1
		i=$((i + 1))
	done
}
# A daemon that forks itself: its pid file says it is set up.
wait_pidfile() {	# NAME
	i=0
	until [ -s "$pidf" ]; do
		[ $i -lt "$wait_s" ] || die "$1 wrote no pid file (log: $log)"
		sleep 1; i=$((i + 1))
	done
}
# The static page of wl_page bytes (1 KiB), the same for apache and nginx:
# 18 bytes of head, the text, 22 of tail.
page() {
	mkdir -p "$www"
	{ printf '<html><body><pre>\n'; yes 'pvnest application suite, a static page of 1 KiB.' | head -c $((wl_page - 40))
		printf '\n</pre></body></html>\n'; } > "$www/index.html"
	[ "$(wc -c < "$www/index.html")" -eq "$wl_page" ] || die "index.html is not $wl_page bytes"
}

start_apache2() {
	page
	mkdir -p "$conf" /tmp/apache2-run
	m=/usr/lib/apache2/modules
	# Only what a static file needs; no access log (mod_log_config without
	# CustomLog), errors to the log.
	cat > "$conf/apache2.conf" <<-EOF
		ServerRoot /etc/apache2
		ServerName pvnest
		Listen 0.0.0.0:$wl_port
		PidFile $pidf
		ErrorLog $log
		LogLevel warn
		DefaultRuntimeDir /tmp/apache2-run
		Mutex file:/tmp/apache2-run default
		LoadModule mpm_event_module $m/mod_mpm_event.so
		LoadModule authz_core_module $m/mod_authz_core.so
		LoadModule dir_module $m/mod_dir.so
		LoadModule mime_module $m/mod_mime.so
		User www-data
		Group www-data
		TypesConfig /etc/mime.types
		DocumentRoot $www
		DirectoryIndex index.html
		<Directory $www>
			Require all granted
		</Directory>
		KeepAlive On
	EOF
	rm -f "$pidf"
	# apache2 forks its daemon itself; the parent returns once it is set up.
	setsid apache2 -f "$conf/apache2.conf" -k start < /dev/null >> "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "apache2 did not start (log: $log)"; }
	wait_pidfile apache2
}

start_nginx() {
	page
	mkdir -p "$conf"
	cat > "$conf/nginx.conf" <<-EOF
		user www-data;
		worker_processes auto;
		pid $pidf;
		error_log $log warn;
		events { worker_connections 1024; }
		http {
			access_log off;
			sendfile on;
			default_type text/html;
			server {
				listen $wl_port default_server;
				root $www;
				index index.html;
			}
		}
	EOF
	rm -f "$pidf"
	# shellcheck disable=SC2094  # both append to the log
	setsid nginx -e "$log" -c "$conf/nginx.conf" < /dev/null >> "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "nginx did not start (log: $log)"; }
	wait_pidfile nginx
}

sql() { mariadb --no-defaults -uroot --socket="$sb_socket" -e "$1"; }
start_mariadbd() {
	mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
	# --no-defaults: Debian's my.cnf binds to 127.0.0.1. Errors go to stderr
	# (the log).
	spawn mariadbd --no-defaults --user=mysql --datadir=/var/lib/mysql \
		--socket="$sb_socket" --pid-file=/run/mysqld/mysqld.pid \
		--bind-address=0.0.0.0 --port="$wl_port" --skip-name-resolve \
		--max-connections=256 --character-set-server=utf8mb4 \
		--innodb-buffer-pool-size=128M
	wait_ready "$wl_port"
	# Access from the host: a password user 'sbtest'@'%' limited to the
	# sbtest database (root keeps unix-socket-only access). The database is
	# made afresh: a start always serves the same tables.
	sql "DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest;
		CREATE USER IF NOT EXISTS 'sbtest'@'%' IDENTIFIED BY 'sbtest';
		GRANT ALL PRIVILEGES ON sbtest.* TO 'sbtest'@'%'; FLUSH PRIVILEGES;" >> "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "cannot set up the sbtest database (log: $log)"; }
	sysbench oltp_read_write --db-driver=mysql --mysql-socket="$sb_socket" --mysql-user=root \
		--mysql-db=sbtest --tables="$wl_tables" --table-size="$wl_rows" prepare >> "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "sysbench prepare failed (log: $log)"; }
}

start_netserver() {
	# -D: netserver stays in the foreground (spawn detaches it); it still
	# forks a child per test.
	spawn netserver -D -4 -p "$wl_port"
}

start_memcached() {
	# 64 MB of items, 4 worker threads (memcached's default).
	spawn memcached -u nobody -l 0.0.0.0 -p "$wl_port" -U 0 -m 64 -c 1024 -t 4
}

start() {
	if [ "$wl_load" = guest ]; then
		[ "$w" != kernbench ] || kb_prepare
		echo "READY $w"; return
	fi
	port=$wl_port
	command -v "start_$wl_server" > /dev/null || die "no start_$wl_server in serve.sh (server of $w in workloads.txt)"
	listening "$port" && die "port $port is already in use (another server running? serve.sh stop it first)"
	: > "$log"
	"start_$wl_server"
	wait_ready "$port"
	echo "READY $w"
}

stop() {
	if [ "$wl_load" = guest ]; then
		[ "$w" != kernbench ] || rm -rf "$kb_base" "$kb_base.done" /tmp/kernbench-smoke.log /tmp/kernbench-small.log
		echo "STOPPED $w"; return
	fi
	port=$wl_port
	if [ -s "$pidf" ]; then
		pid=$(cat "$pidf")
		# TERM: each server shuts down cleanly (apache and nginx take their
		# workers with them); KILL if it is still there after the wait.
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null; do
			if [ $i -ge "$wait_s" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
			[ $i -lt $((wait_s + 10)) ] || die "$w (pid $pid) does not exit"
			sleep 1; i=$((i + 1))
		done
		rm -f "$pidf"
	fi
	# Forked children (netserver's per-test processes, workers) may linger.
	i=0
	while listening "$port"; do
		[ $i -lt 60 ] || die "port $port still in use after stopping $w"
		sleep 1; i=$((i + 1))
	done
	echo "STOPPED $w"
}

result() { echo "RESULT workload=$w metric=$1 value=$2 unit=$3 better=$4"; }
positive() { echo "$1" | grep -Eq '^[0-9]*\.?[0-9]+$' && awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }

run_hackbench() {
	# Unix sockets, processes (hackbench's defaults); -f 10 halves the tasks
	# per group (10 senders + 10 receivers) for the emulated sizes.
	# (fds - : hackbench's default.)
	args="-g $wl_groups${wl_fds:+ -f $wl_fds} -l $wl_loops"
	# shellcheck disable=SC2086  # one option per word
	out=$(timeout "$wait_s" hackbench $args 2>&1) || { echo "$out" >&2; die "hackbench failed"; }
	t=$(echo "$out" | sed -n 's/^Time: *\([0-9.]*\)$/\1/p')
	positive "$t" || { echo "$out" >&2; die "cannot read hackbench's time"; }
	result time "$t" s lower
}

# The generated headers (make pregen: a minute of CPU under qemu-user,
# mostly make evaluating uClibc's makefiles, more than ten minutes in a nested TCG
# guest) come made with the image (kernbench-prepare.sh: TREE.pregen); an
# older image gets them once per boot, untimed, in /tmp. smoke and small
# runs copy that tree.
kb=/opt/kernbench
kb_base=/tmp/kernbench-pregen
kb_prepare() {
	if [ -f "$kb/$(cat "$kb/tree").pregen/.pvnest-pregen-done" ]; then
		kb_base=$kb/$(cat "$kb/tree").pregen
		return 0
	fi
	[ ! -f "$kb_base.done" ] || return 0
	rm -rf "$kb_base" && cp -a "$kb/$(cat "$kb/tree")" "$kb_base"
	timeout "$wait_s" make -C "$kb_base" pregen > "$kb_base.log" 2>&1 ||
		{ tail -n 20 "$kb_base.log" >&2; die "kernbench pregen failed (log: $kb_base.log)"; }
	touch "$kb_base.done"
}

run_kernbench() {
	jobs=$(nproc)
	out=""
	if [ "$wl_objects" = all ]; then
		# The documented kernbench (docs/workloads.md): the whole library.
		out=$(timeout $((wait_s * 4)) "$kb/run.sh" "$jobs" full 2>&1) || { echo "$out" >&2; die "kernbench failed"; }
		line=$(echo "$out" | grep '^kernbench ' | tail -n 1)
	else
		# A subset for TCG: the first N objects of libc/string (make's own
		# start, uClibc's Rules.mak probing gcc for flags, is part of it, as
		# in a kernel build), built in the prepared tree itself with those
		# objects removed first: the image is a throwaway snapshot at every
		# level, and a copy of the tree took 9 of the 11 minutes of a small
		# run in a nested guest.
		n=$wl_objects
		kb_prepare
		targets=$(grep '^libc/string/' "$kb/small.targets" | head -n "$n")
		for o in $targets; do rm -f "$kb_base/$o"; done
		log=/tmp/kernbench-$size.log
		t0=$(date +%s.%N)
		# shellcheck disable=SC2086  # one target per word
		timeout "$wait_s" make -C "$kb_base" -j"$jobs" $targets > "$log" 2>&1 ||
			{ tail -n 20 "$log" >&2; die "kernbench build failed (log: $log)"; }
		t1=$(date +%s.%N)
		objs=0
		for o in $targets; do [ -s "$kb_base/$o" ] && objs=$((objs + 1)); done
		[ "$objs" -eq "$n" ] || die "kernbench built $objs of $n objects (log: $log)"
		line="kernbench size=$size jobs=$jobs objects=$objs elapsed_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
	fi
	t=$(echo "$line" | sed -n 's/.* elapsed_s=\([0-9.]*\)$/\1/p')
	positive "$t" || { echo "$out" >&2; die "cannot read kernbench's time"; }
	echo "serve: $line" >&2
	result time "$t" s lower
}

case $cmd in
start) start ;;
stop) stop ;;
run)
	[ "$wl_load" = guest ] ||
		die "'$w' is not an in-guest workload ($(sh "$here/workload.sh" --names load guest | tr '\n' ' '| sed 's/ $//'))"
	"run_$w" ;;
*) usage ;;
esac
