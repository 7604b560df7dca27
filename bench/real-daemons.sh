#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/real-daemons.sh - what a client of a real daemon sees after kill -9
# of its main process: SAMProcess against ocf:heartbeat:anything on the same
# daemon, configured the same way, in one run, on a private single-node
# corosync + Pacemaker (cts/lib/sandbox.sh --pacemaker).  The daemons and
# their configs are those of cts/suites/real-daemons (cts/lib/realdaemons.sh).
#   - cold start: the daemon started by hand -> first served request
#   - outage: first failed request -> first served one, a client (cts/lib/
#     tcpprobe, the daemon's own protocol) trying every 2 ms
# median and p90 of SG_BENCH_RD_TRIALS (default 5) each; monitor interval
# 2 s for both agents, health_interval 500 ms for SAMProcess.
# Targets (reported, not asserted): SAMProcess outage <= the daemon's cold
# start + 50 ms; master + workers (nginx) within 50 ms of single process
# (memcached).  Run as root after "make" (BUILDDIR, default build);
# SG_DESTDIR: an installed build (default: installed here into a temp dir).
set -u
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "bench/real-daemons.sh needs root (namespaces, a private Pacemaker)" >&2; exit 1; }
	BUILDDIR=${BUILDDIR:-build}
	dest=${SG_DESTDIR:-}
	if [ -z "$dest" ]; then
		dest=$(mktemp -d /tmp/samguard-bench-rd.XXXXXX) || exit 1
		trap 'rm -rf "$dest"' EXIT
		make -s BUILDDIR="$BUILDDIR" DESTDIR="$dest" install >/dev/null || exit 1
	fi
	case $BUILDDIR in /*) ;; *) BUILDDIR=$PWD/$BUILDDIR ;; esac
	SG_TCPPROBE=$BUILDDIR/cts/tcpprobe
	[ -x "$SG_TCPPROBE" ] || { echo "$SG_TCPPROBE missing: make BUILDDIR=$BUILDDIR first" >&2; exit 1; }
	export SG_TCPPROBE
	cts/lib/sandbox.sh --pacemaker --root "$dest" -- "$0" --inside
	exit
fi

# shellcheck source=cts/lib/realdaemons.sh
. cts/lib/realdaemons.sh
TRIALS=${SG_BENCH_RD_TRIALS:-5}
PROBE=$SG_TCPPROBE
ADDR=127.0.0.1
WORK=$TMPDIR/real-daemons
MODELS="memcached nginx redis haproxy"
mkdir -p "$WORK" && chmod 755 "$WORK"

median_p90() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "- -"; exit } printf "%.1f %.1f\n", a[int((NR + 1) / 2)], a[int(NR * 0.9 + 0.999)] }'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
# cmdline_options as the agent splits it (quotes as in a shell, nothing expanded)
words() { printf '%s\n' "$1" | xargs printf '%s\0'; }
last_op() {
	cibadmin -Q -o status 2>/dev/null | xmllint --xpath \
		"concat(//lrm_rsc_op[@id='$1_last_0']/@operation,' ',//lrm_rsc_op[@id='$1_last_0']/@rc-code)" - 2>/dev/null
}
# served: one request is answered within MS ms
served() { "$PROBE" -q "$RD_REQ" -e "$RD_EXPECT" -w "$2" -d 1 "$ADDR" "$1" >/dev/null 2>&1; }
# the main process of resource ID under AGENT (anything: its pid file)
main_pid() { # AGENT ID DIR
	case $1 in
	anything) tr -dc '0-9' <"$3/anything.pid" 2>/dev/null ;;
	*) if [ -n "$RD_PIDFILE" ]; then tr -dc '0-9' <"$RD_PIDFILE" 2>/dev/null
	   else corosync-cmapctl -g "samguard.resource.$2.daemon_pid" 2>/dev/null | sed 's/^[^=]*= //'; fi ;;
	esac
}
alive() { [ -n "$1" ] && [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

# stable AGENT ID DIR PORT: served, same main process for 1 s (2 health
# intervals): what a trial starts from
stable() {
	local p end=$((SECONDS + 30))
	while [ "$SECONDS" -lt "$end" ]; do
		p=$(main_pid "$1" "$2" "$3")
		if alive "$p" && served "$4" 200; then
			sleep 1
			[ "$(main_pid "$1" "$2" "$3")" = "$p" ] && alive "$p" && served "$4" 200 && return 0
		fi
		sleep 0.2
	done
	return 1
}

# processes of the daemon's binary that no resource owns (left behind)
orphans() { # BIN MAINPID
	local d
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/exe" 2>/dev/null)" = "$1" ] || continue
		[ "${d#/proc/}" = "$2" ] && continue
		grep -q "^PPid:[[:space:]]*${2:-x}$" "$d/status" 2>/dev/null && continue
		echo "${d#/proc/}"
	done
}

echo "real daemons: $(nproc) cores, $TRIALS trials each, client request every 2 ms," \
	"monitor interval 2 s, SAMProcess health_interval 500 ms"
echo
: >"$WORK/results"
port=20000
for m in $MODELS; do
	if ! rd_have "$m"; then
		echo "$m: not installed (make deps)"
		continue
	fi
	port=$((port + 10))
	# --- cold start: the daemon started by hand (foreground), as its user
	rd_setup "$m" "$WORK/$m-cold" "$ADDR" "$port" || { echo "$m: config failed"; continue; }
	mapfile -d '' w < <(words "$RD_FG_OPTS")
	pre=()
	[ -z "$RD_USER" ] || pre=(/usr/bin/setpriv --reuid "$RD_USER" --regid "$RD_USER" --init-groups)
	: >"$WORK/$m.cold"
	for _ in $(seq "$TRIALS"); do
		out=$("$PROBE" -x -q "$RD_REQ" -e "$RD_EXPECT" -w 10000 "$ADDR" "$port" -- "${pre[@]}" "$RD_BIN" "${w[@]}" 2>&1)
		v=$(field up_ms "$out")
		[ -n "$v" ] && echo "$v" >>"$WORK/$m.cold"
	done
	read -r c50 c90 < <(median_p90 <"$WORK/$m.cold")

	for agent in SAMProcess anything; do
		port=$((port + 1))
		id=${m:0:4}-${agent:0:3}
		dir=$WORK/$id
		rd_setup "$m" "$dir" "$ADDR" "$port"
		note=''
		if [ "$agent" = SAMProcess ]; then
			params=(binfile="$RD_BIN" cmdline_options="$RD_OPTS" ${RD_USER:+user=$RD_USER} health_interval=500)
			case $m in
			redis) params+=(health=notify) ;;
			*) params+=(health=tcp health_target="$ADDR:$port") ;;
			esac
			[ -z "$RD_PIDFILE" ] || params+=(pidfile="$RD_PIDFILE")
			out=$(pcs resource create "$id" ocf:samguard:SAMProcess "${params[@]}" \
				op monitor interval=2s timeout=20s 2>&1)
			prc=$?
		else
			# anything runs the daemon through "su - USER": a nologin account
			# (redis) cannot be used, and it needs the daemon in the foreground
			out=$(pcs resource create "$id" ocf:heartbeat:anything binfile="$RD_BIN" \
				cmdline_options="$RD_FG_OPTS" pidfile="$dir/anything.pid" logfile="$dir/anything.log" \
				op monitor interval=2s timeout=20s 2>&1)
			prc=$?
			[ "$RD_FG_OPTS" = "$RD_OPTS" ] || note+="foreground options; "
			[ -z "$RD_USER" ] || note+="as root; "
		fi
		: >"$WORK/$id.out"
		if [ "$prc" != 0 ]; then
			echo "$m $agent: pcs resource create: $out" | head -2
			note+="not created (pcs)"
		elif ! stable "$agent" "$id" "$dir" "$port"; then
			note+="never stable: last op '$(last_op "$id")'"
		else
			for t in $(seq "$TRIALS"); do
				stable "$agent" "$id" "$dir" "$port" || { note+="not stable before trial $t; "; break; }
				p=$(main_pid "$agent" "$id" "$dir")
				out=$("$PROBE" -q "$RD_REQ" -e "$RD_EXPECT" -w 30000 -k "$p" "$ADDR" "$port" 2>&1)
				rc=$?
				case $rc in
				0) field outage_ms "$out" >>"$WORK/$id.out" ;;
				3) note+="trial $t: no outage; "
				   left=$(orphans "$RD_EXE" "$(main_pid "$agent" "$id" "$dir")")
				   [ -z "$left" ] || note+="$(wc -w <<<"$left") processes of the killed instance still serve; " ;;
				*) note+="trial $t: not served within 30 s; " ;;
				esac
				# (orphans serving a port would make every later trial meaningless)
				[ "$rc" = 0 ] || break
			done
		fi
		read -r o50 o90 < <(median_p90 <"$WORK/$id.out")
		echo "$m $agent $c50 $c90 $o50 $o90 $(wc -l <"$WORK/$id.out") ${note:-ok}" >>"$WORK/results"
		pcs resource disable "$id" >/dev/null 2>&1
		for _ in $(seq 150); do [ "$(last_op "$id")" = "stop 0" ] && break; sleep 0.2; done
		# whatever the agent left behind must not disturb the next daemon
		for p in $(orphans "$RD_EXE" 0); do kill -9 "$p" 2>/dev/null; done
	done
done

# the table
printf '%-10s %9s %9s | %-10s %9s %9s %6s | %9s %9s %7s | %s\n' daemon "cold" "" agent "outage" "" trials \
	"SAM/any" "target" "met" note
printf '%-10s %9s %9s | %-10s %9s %9s %6s | %9s %9s %7s |\n' "" median p90 "" median p90 "" "" "<= cold+50" ""
while read -r m agent c50 c90 o50 o90 n note; do
	ratio='' target='' met=''
	if [ "$agent" = SAMProcess ]; then
		a=$(awk -v m="$m" '$1 == m && $2 == "anything" { print $5 }' "$WORK/results")
		ratio=$(awk -v s="$o50" -v a="$a" 'BEGIN { if (s + 0 > 0 && a + 0 > 0) printf "%.3f", s / a; else print "-" }')
		target=$(awk -v c="$c50" 'BEGIN { if (c != "-") printf "%.1f", c + 50; else print "-" }')
		met=$(awk -v o="$o50" -v t="$target" 'BEGIN { if (o == "-" || t == "-") print "-"; else print (o + 0 <= t + 0) ? "yes" : "NO" }')
	fi
	printf '%-10s %9s %9s | %-10s %9s %9s %6s | %9s %9s %7s | %s\n' "$m" "$c50" "$c90" "$agent" "$o50" "$o90" "$n" \
		"$ratio" "$target" "$met" "$note"
done <"$WORK/results"
echo
s=$(awk '$1 == "memcached" && $2 == "SAMProcess" { print $5 }' "$WORK/results")
mw=$(awk '$1 == "nginx" && $2 == "SAMProcess" { print $5 }' "$WORK/results")
awk -v s="${s:--}" -v w="${mw:--}" 'BEGIN {
	if (s == "-" || w == "-") { print "master + workers vs single process: not measured"; exit }
	d = w - s; printf "master + workers (nginx) - single process (memcached), SAMProcess outage median: %+.1f ms (target <= 50): %s\n", d, (d <= 50) ? "met" : "NOT met" }'
echo "outage: first failed request -> first served request after kill -9 of the main process (ms);"
echo "cold: the daemon started by hand -> first served request (ms).  anything: next monitor (2 s) + Pacemaker's stop and start."
