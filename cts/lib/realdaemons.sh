# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2034  # (the RD_ variables are for the scripts that source this)
# cts/lib/realdaemons.sh - the four process models of issue 10 with real
# Debian daemons (cts/lib/deps.sh installs them), configured the way their
# users configure them, for cts/suites/real-daemons and bench/real-daemons.sh.
#
#   rd_setup MODEL DIR ADDR PORT
#       writes MODEL's config into DIR (created, private to the test) and
#       sets what a resource and a client need:
#         RD_BIN      binfile
#         RD_EXE      the program its processes run (/proc/PID/exe: Debian's
#                     redis-server is a link to redis-check-rdb)
#         RD_OPTS     cmdline_options, as a user writes it
#         RD_USER     the agent's user parameter (empty: root)
#         RD_PIDFILE  the pid file of a self-daemonizing daemon (else empty)
#         RD_FG_OPTS  cmdline_options that keep it in the foreground (for
#                     ocf:heartbeat:anything and the cold-start measurement)
#         RD_REQ RD_EXPECT  one request of the daemon's own protocol and a
#                     piece of its answer (cts/lib/tcpprobe -q/-e)
#   MODEL: memcached (single process), nginx (master + 2 workers), redis
#   (sd_notify READY=1 only), haproxy (daemonizes itself, pid file).
#   rd_have MODEL   the daemon is installed

rd_bin() {
	case $1 in
	memcached) echo /usr/bin/memcached ;;
	nginx) echo /usr/sbin/nginx ;;
	redis) echo /usr/bin/redis-server ;;
	haproxy) echo /usr/sbin/haproxy ;;
	*) return 1 ;;
	esac
}

rd_have() {
	local b
	b=$(rd_bin "$1") && [ -x "$b" ] || return 1
	[ "$1" != redis ] || [ -x /usr/bin/redis-cli ]
}

rd_setup() {
	local model=$1 dir=$2 addr=$3 port=$4
	RD_BIN=$(rd_bin "$model") || return 1
	RD_EXE=$(readlink -f "$RD_BIN") || return 1
	RD_USER='' RD_PIDFILE='' RD_FG_OPTS=''
	mkdir -p "$dir" && chmod 755 "$dir" || return 1
	case $model in
	memcached)
		# no config file: memcached reads only its command line (Debian's
		# /etc/memcached.conf is read by the init script's wrapper)
		RD_OPTS="-u memcache -l $addr -p $port -m 16"
		RD_FG_OPTS=$RD_OPTS
		RD_REQ='version\r\n' RD_EXPECT=VERSION
		;;
	nginx)
		cat >"$dir/nginx.conf" <<-EOF
		# nginx, master + 2 workers (written by cts/lib/realdaemons.sh)
		user www-data;
		worker_processes 2;
		pid $dir/nginx.pid;
		error_log $dir/error.log;
		events { worker_connections 128; }
		http {
		    access_log off;
		    server {
		        listen $addr:$port;
		        location / { return 200 "ok\n"; }
		    }
		}
		EOF
		RD_OPTS="-c $dir/nginx.conf -g 'daemon off;'"
		RD_FG_OPTS=$RD_OPTS
		RD_REQ='GET / HTTP/1.0\r\n\r\n' RD_EXPECT=' 200 '
		;;
	redis)
		cat >"$dir/redis.conf" <<-EOF
		# redis, sd_notify READY=1 (written by cts/lib/realdaemons.sh)
		bind $addr
		port $port
		protected-mode no
		# as in Debian's /etc/redis/redis.conf: the command line overrides it
		daemonize yes
		dir $dir
		save ""
		appendonly no
		logfile $dir/redis.log
		EOF
		chown redis: "$dir" || return 1
		RD_USER=redis
		# what Debian's redis-server.service runs
		RD_OPTS="$dir/redis.conf --supervised systemd --daemonize no"
		RD_FG_OPTS=$RD_OPTS
		RD_REQ='PING\r\n' RD_EXPECT=+PONG
		;;
	haproxy)
		cat >"$dir/haproxy.cfg" <<-EOF
		# haproxy, daemonizes itself (written by cts/lib/realdaemons.sh)
		global
		    daemon
		    user haproxy
		    group haproxy
		defaults
		    mode http
		    timeout connect 1s
		    timeout client 5s
		    timeout server 5s
		frontend fe
		    bind $addr:$port
		    http-request return status 200 content-type text/plain string "ok"
		EOF
		RD_PIDFILE=$dir/haproxy.pid
		RD_OPTS="-f $dir/haproxy.cfg -p $RD_PIDFILE"
		# -db: stay in the foreground despite "daemon" in the config
		RD_FG_OPTS="-db -f $dir/haproxy.cfg"
		RD_REQ='GET / HTTP/1.0\r\n\r\n' RD_EXPECT=' 200 '
		;;
	*) return 1 ;;
	esac
}
