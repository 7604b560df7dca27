#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/scale.sh - what N supervised resources cost one node (issue 14).
# For each mode in SG_SCALE_MODES (default "publisher unaligned own": the SAM
# children call cmap through the node's samguard-publisher; the same with
# SAM's `running` written at once instead of at the next 100 ms mark,
# SG_SAM_ALIGN=off, so that corosync's watchdog timers fall at random
# moments; each SAM child on a connection of its own, SG_PUBLISHER=off, as
# before) and each N in
# SG_SCALE_COUNTS (default "1 10 100 300 1000"), on a private corosync
# (cts/lib/sandbox.sh):
#   - N-1 standalone samguard-run instances (health=exit, 1000 ms, a sleeping
#     daemon) plus one SAMProcess resource running sg-testd;
#   - RAM per resource: the supervisors' and the publisher's PSS without
#     shared memory, and /dev/shm (libqb's IPC rings) above the node's
#     baseline, separately; the number of corosync IPC connections;
#   - corosync's CPU over SG_SCALE_CPU_S seconds (default 20), and how
#     often it woke (voluntary context switches: its main loop blocking in
#     epoll_wait; libqb's loop scans every poll entry, one per client
#     connection, on each run: the part of corosync's CPU that grows with
#     idle connections, docs/scale.md);
#   - kill -9 of the SAMProcess daemon -> running again (the daemon stamps
#     CLOCK_MONOTONIC when it starts), median of SG_SCALE_TRIALS (default 10),
#     and its ratio to the first row's (1 resource: the unloaded figure);
#   - wall time of SAMProcess monitor, SAMHealth monitor, samguardctl list
#     (direct, and served by samguardctl serve), median of SG_SCALE_N (10).
# Then, for each N, corosync's CPU in every mode measured and its ratio to
# the publisher's.
# Every figure is measured in this run; nothing is assumed.
# SG_SCALE_DESTDIR=DIR measures an installed tree (make DESTDIR=DIR install)
# instead of this one's, e.g. an older release for comparison.
set -u
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "bench/scale.sh needs root (namespaces, a private corosync)" >&2; exit 1; }
	make -s all >/dev/null || exit 1
	dest=${SG_SCALE_DESTDIR:-}
	if [ -z "$dest" ]; then
		dest=$(mktemp -d /tmp/samguard-scale.XXXXXX)
		trap 'rm -rf "$dest"' EXIT
		make -s DESTDIR="$dest" install >/dev/null || exit 1
	fi
	SG_TESTD=$PWD/build/cts/sg-testd SG_TIMEIT=$PWD/build/bench/timeit \
		cts/lib/sandbox.sh --root "$dest" -- "$0" --inside
	exit $?
fi

COUNTS=${SG_SCALE_COUNTS:-1 10 100 300 1000}
MODES=${SG_SCALE_MODES:-publisher unaligned own}
N=${SG_SCALE_N:-10}
TRIALS=${SG_SCALE_TRIALS:-10}
CPU_S=${SG_SCALE_CPU_S:-20}
SAM=/usr/lib/ocf/resource.d/samguard/SAMProcess
HEALTH=/usr/lib/ocf/resource.d/samguard/SAMHealth
RUN=/usr/sbin/samguard-run
S=$SG_SANDBOX_DIR
export OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 HA_LOGFACILITY=none \
	OCF_RESKEY_CRM_meta_timeout=60000 OCF_EXIT_REASON_PREFIX=ocf-exit-reason:
ulimit -n 65536 2>/dev/null

ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print a[int((NR + 1) / 2)] }'; }
get() { corosync-cmapctl -g "samguard.resource.$1.$2" 2>/dev/null | sed 's/.*= //'; }
running_count() { corosync-cmapctl -b samguard.resource. 2>/dev/null | grep -c '\.state (str) = running$'; }
serve_up() { grep -q '@samguard/ctl$' /proc/net/unix; }
shm_kib() { df -k --output=used /dev/shm | tail -1 | tr -d ' '; }
clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wakeups() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$1/status"; }

# timed CMD...: median wall time in us of SG_SCALE_N runs, whatever exit
# status the command has (taken from a first run)
timed() {
	local rc m
	"$@" >/dev/null 2>&1
	rc=$?
	read -r m _ < <("$SG_TIMEIT" "$N" "$rc" "$@" 2>/dev/null)
	echo "${m:-0}"
}

# wait_for SECONDS CMD...: poll CMD every 50 ms
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}
all_running() { [ "$(running_count)" -ge "$1" ]; }

# pss_kib: sum over every samguard-run process (supervisors and SAM children)
# and the publisher of Pss_Anon + Pss_File, and of Pss_Shmem; prints
# "private shmem"
pss_kib() {
	local p a=0 s=0 x y
	for p in $(pgrep -x samguard-run) $(pgrep -x samguard-publis); do
		read -r x y < <(awk '/^Pss_(Anon|File):/ { a += $2 } /^Pss_Shmem:/ { s += $2 } END { print a + 0, s + 0 }' \
			"/proc/$p/smaps_rollup" 2>/dev/null)
		a=$((a + ${x:-0})) s=$((s + ${y:-0}))
	done
	echo "$a $s"
}

start_plain() { # start_plain FROM TO
	local i
	for ((i = $1; i <= $2; i++)); do
		setsid "$RUN" --name "scale-$i" --health exit --health-interval 1000 -- /bin/sleep 1000000 \
			</dev/null >/dev/null 2>&1 &
	done
	disown -a
}

# corosync IPC connections now (any client, any service)
connections() { corosync-cmapctl -m stats -b stats.ipcs. 2>/dev/null | grep -c '\.procname '; }

stop_all() {
	pkill -TERM -x samguard-run
	wait_for 120 sh -c '! pgrep -x samguard-run >/dev/null' || { echo "supervisors did not stop"; pkill -KILL -x samguard-run; }
	pkill -TERM -x samguard-publis
	wait_for 10 sh -c '! pgrep -x samguard-publis >/dev/null'
	corosync-cmapctl -D samguard.resource. >/dev/null 2>&1
	corosync-cmapctl -D resources.process. >/dev/null 2>&1
}

as() { # as INSTANCE AGENT ACTION [k=v...]
	local inst=$1 agent=$2 action=$3
	shift 3
	env OCF_RESOURCE_INSTANCE="$inst" "${@/#/OCF_RESKEY_}" "$agent" "$action" >/dev/null 2>&1
}

coro=$(pgrep -x corosync | head -1)
base_shm=$(shm_kib)
echo "scale benchmark: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
	"corosync $(corosync -v | sed -n 's/.*version .\([0-9.]*\).*/\1/p'), libqb $(dpkg-query -W -f='${Version}' libqb100 2>/dev/null)"
echo "node baseline: /dev/shm $((base_shm / 1024)) MiB"
declare -A CPU
for mode in $MODES; do
unset SG_PUBLISHER SG_SAM_ALIGN kill9_1
echo
case $mode in
own)
	export SG_PUBLISHER=off
	echo "SAM children's state calls: each on a corosync connection of its own (SG_PUBLISHER=off)" ;;
unaligned)
	export SG_SAM_ALIGN=off
	echo "through the node's samguard-publisher, SAM's running written at once (SG_SAM_ALIGN=off)" ;;
*)
	echo "SAM children's state calls: through the node's samguard-publisher (the default)" ;;
esac
printf '%6s %9s %9s %9s %6s %8s %8s %9s %6s %9s %9s %9s %9s\n' resources "pss/res" "shm/res" "all/res" conns corosync \
	wakeups "kill-9" ratio monitor SAMHealth "list" "list-srv"
printf '%6s %9s %9s %9s %6s %8s %8s %9s %6s %9s %9s %9s %9s\n' "" MiB MiB MiB "" "% core" "/s" ms "" ms ms ms ms

for n in $COUNTS; do
	as bscale "$SAM" start binfile="$SG_TESTD" cmdline_options="--stamp $S/scale.stamp" \
		max_restarts=1000 restart_window=1 health_interval=1000 || { echo "SAMProcess start failed at N=$n"; stop_all; exit 1; }
	start_plain 2 "$n"
	if ! wait_for $((30 + n / 5)) all_running "$n"; then
		echo "N=$n: only $(running_count) of $n running after $((30 + n / 5)) s: not measured"
		as bscale "$SAM" stop
		stop_all
		continue
	fi
	sleep 5 # let every instance finish its start-up writes
	read -r pss shmem < <(pss_kib)
	shm=$(( $(shm_kib) - base_shm ))
	conns=$(connections)
	c0=$(cpu_ticks "$coro") w0=$(wakeups "$coro") t0=$(date +%s%N)
	sleep "$CPU_S"
	c1=$(cpu_ticks "$coro") w1=$(wakeups "$coro") t1=$(date +%s%N)
	cpu=$(awk -v c=$((c1 - c0)) -v k="$clk" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", 100 * c / k / (ns / 1e9) }')
	wps=$(awk -v w=$((w1 - w0)) -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", w / (ns / 1e9) }')

	# the environment is set outside the timed command: only the agent is timed
	mon=$(export OCF_RESOURCE_INSTANCE=bscale OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_binfile="$SG_TESTD"
		timed "$SAM" monitor)
	hmon=$(export OCF_RESOURCE_INSTANCE=health OCF_RESKEY_CRM_meta_interval=10000; timed "$HEALTH" monitor)
	list=$(timed /usr/sbin/samguardctl list --direct)
	/usr/sbin/samguardctl serve &
	server=$!
	wait_for 20 serve_up
	slist=$(timed /usr/sbin/samguardctl list)
	kill "$server"
	wait "$server" 2>/dev/null

	: > "$S/kill.txt"
	for _ in $(seq "$TRIALS"); do
		wait_for 10 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.bscale.state 2>/dev/null | sed 's/.*= //')\" = running ]"
		old=$(cat "$S/scale.stamp")
		k0=$("$SG_TIMEIT" kill 9 "$(get bscale daemon_pid)")
		new=$old
		for _ in $(seq 5000); do
			new=$(cat "$S/scale.stamp" 2>/dev/null)
			[ -n "$new" ] && [ "$new" != "$old" ] && break
			sleep 0.002
		done
		[ "$new" != "$old" ] && echo $(( (new - k0) / 1000 )) >> "$S/kill.txt"
	done
	kill9=$(median < "$S/kill.txt")
	[ -z "${kill9_1:-}" ] && kill9_1=$kill9

	CPU[$mode.$n]=$cpu
	printf '%6s %9s %9s %9s %6s %8s %8s %9s %6s %9s %9s %9s %9s\n' "$n" \
		"$(awk -v k="$pss" -v n="$n" 'BEGIN { printf "%.2f", k / 1024 / n }')" \
		"$(awk -v k="$shm" -v n="$n" 'BEGIN { printf "%.2f", k / 1024 / n }')" \
		"$(awk -v a="$pss" -v k="$shm" -v n="$n" 'BEGIN { printf "%.2f", (a + k) / 1024 / n }')" \
		"$conns" "$cpu" "$wps" "$(ms "${kill9:-0}")" "$(awk -v a="${kill9:-0}" -v b="${kill9_1:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$(ms "${mon:-0}")" "$(ms "${hmon:-0}")" "$(ms "${list:-0}")" "$(ms "${slist:-0}")"
	[ -n "${VERBOSE:-}" ] && echo "  (shmem mapped by the supervisors: $((shmem / 1024)) MiB PSS, part of /dev/shm)"
	as bscale "$SAM" stop
	stop_all
done
done

echo
for n in $COUNTS; do
	[ -n "${CPU[publisher.$n]:-}" ] || continue
	line="corosync CPU at $n resources: publisher ${CPU[publisher.$n]} %"
	for m in $MODES; do
		[ "$m" = publisher ] || [ -z "${CPU[$m.$n]:-}" ] && continue
		line+=", $m ${CPU[$m.$n]} % (publisher / $m: $(awk -v a="${CPU[publisher.$n]}" -v b="${CPU[$m.$n]}" \
			'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'))"
	done
	echo "$line"
done
