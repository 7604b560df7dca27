#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh - make bench: SAMProcess against ocf:heartbeat:anything on the
# same daemon, in one run, on a private corosync (cts/lib/sandbox.sh).
#   - monitor wall time (median of N runs) of both agents, and the ratio;
#   - meta-data and probe wall time of both;
#   - SAMProcess: kill -9 -> daemon running again, and SIGSTOP (hang, with
#     health=notify) -> daemon running again, median and p90 of TRIALS.
# The daemon stamps CLOCK_MONOTONIC when it starts; recovery is measured
# from the instant of the signal to that stamp, so polling adds nothing.
# Tunables: SG_BENCH_N (30), SG_BENCH_TRIALS (20), SG_BENCH_INTERVAL (500 ms).
set -u
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "make bench needs root (namespaces, a private corosync)" >&2; exit 1; }
	dest=$(mktemp -d /tmp/samguard-bench.XXXXXX)
	trap 'rm -rf "$dest"' EXIT
	make -s DESTDIR="$dest" install >/dev/null || exit 1
	SG_TESTD=$PWD/build/cts/sg-testd SG_TIMEIT=$PWD/build/bench/timeit \
		cts/lib/sandbox.sh --root "$dest" -- "$0" --inside
	rc=$?
	echo
	# the cluster scenarios, SAMProcess against anything (bench/cluster.sh)
	SG_DESTDIR=$dest SG_TESTD=$PWD/build/cts/sg-testd bench/cluster.sh || rc=1
	echo
	# a Pacemaker Remote node: kill -9, SAMProcess against anything (bench/remote.sh)
	SG_DESTDIR=$dest bench/remote.sh || rc=1
	echo
	# real daemons (nginx, redis, memcached, haproxy): client outage after
	# kill -9, SAMProcess against anything (bench/real-daemons.sh)
	SG_DESTDIR=$dest bench/real-daemons.sh || rc=1
	echo
	# cost at scale: 1 to 1000 resources on one node (bench/scale.sh)
	SG_SCALE_DESTDIR=$dest bench/scale.sh || rc=1
	exit $rc
fi

N=${SG_BENCH_N:-30}
TRIALS=${SG_BENCH_TRIALS:-20}
INTERVAL=${SG_BENCH_INTERVAL:-500}
SAM=/usr/lib/ocf/resource.d/samguard/SAMProcess
ANY=/usr/lib/ocf/resource.d/heartbeat/anything
S=$SG_SANDBOX_DIR
export OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 HA_LOGFACILITY=none \
	OCF_RESKEY_CRM_meta_timeout=20000 OCF_EXIT_REASON_PREFIX=ocf-exit-reason:
export HA_RSCTMP=/run/resource-agents
mkdir -p "$HA_RSCTMP"

ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
median_p90() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "- -"; exit } m = a[int((NR + 1) / 2)]; p = a[int(NR * 0.9 + 0.999)]; printf "%.1f %.1f\n", m, p }'; }
get() { corosync-cmapctl -g "samguard.resource.$1.$2" 2>/dev/null | sed 's/.*= //'; }
wait_state() { local end=$((SECONDS + 10)); while [ $SECONDS -le $end ]; do [ "$(get "$1" state)" = running ] && return 0; sleep 0.01; done; return 1; }
wait_stamp_change() { # file old
	local end=$((SECONDS + 10)) v
	while [ $SECONDS -le $end ]; do
		v=$(cat "$1" 2>/dev/null)
		[ -n "$v" ] && [ "$v" != "$2" ] && { echo "$v"; return 0; }
		sleep 0.002
	done
	return 1
}
as() { # as INSTANCE ACTION [k=v...]: run an agent action for one resource
	local inst=$1 agent=$2 action=$3
	shift 3
	env OCF_RESOURCE_INSTANCE="$inst" "${@/#/OCF_RESKEY_}" "$agent" "$action" >/dev/null 2>&1
}

echo "samguard benchmark: $(nproc) cores, N=$N monitor runs, $TRIALS recovery trials, health_interval=${INTERVAL} ms"
echo

# --- the same daemon under both agents
as bsam "$SAM" start binfile="$SG_TESTD" cmdline_options="--stamp $S/bsam.stamp" \
	max_restarts=1000 restart_window=1 health_interval=1000 || { echo "SAMProcess start failed"; exit 1; }
as bany "$ANY" start binfile="$SG_TESTD" cmdline_options="--stamp $S/bany.stamp" || { echo "anything start failed"; exit 1; }

timed() { # label inst agent expected_rc action [env...]
	local label=$1 inst=$2 agent=$3 rc=$4 action=$5
	shift 5
	env OCF_RESOURCE_INSTANCE="$inst" "$@" "$SG_TIMEIT" "$N" "$rc" "$agent" "$action"
}
read -r sam_mon sam_mon90 < <(timed mon bsam "$SAM" 0 monitor OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_binfile="$SG_TESTD")
read -r any_mon any_mon90 < <(timed mon bany "$ANY" 0 monitor OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_binfile="$SG_TESTD")
read -r sam_md _ < <(timed md x "$SAM" 0 meta-data)
read -r any_md _ < <(timed md x "$ANY" 0 meta-data)
read -r sam_probe _ < <(timed probe never "$SAM" 7 monitor OCF_RESKEY_binfile="$SG_TESTD")
read -r any_probe _ < <(timed probe never "$ANY" 7 monitor OCF_RESKEY_binfile="$SG_TESTD")

printf '%-34s %12s %12s %8s\n' "wall time, median of $N (ms)" SAMProcess anything ratio
for row in "monitor (running):$sam_mon:$any_mon" "probe (never started):$sam_probe:$any_probe" "meta-data:$sam_md:$any_md"; do
	IFS=: read -r label a b <<<"$row"
	printf '%-34s %12s %12s %8s\n' "$label" "$(ms "$a")" "$(ms "$b")" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
done
echo "monitor p90: SAMProcess $(ms "$sam_mon90") ms, anything $(ms "$any_mon90") ms"
echo

# --- kill -9 -> running again (SAMProcess restarts in place; anything waits for Pacemaker)
: > "$S/kill.txt"
for _ in $(seq "$TRIALS"); do
	wait_state bsam || { echo "bsam not running"; exit 1; }
	old=$(cat "$S/bsam.stamp")
	t0=$("$SG_TIMEIT" kill 9 "$(get bsam daemon_pid)")
	new=$(wait_stamp_change "$S/bsam.stamp" "$old") || { echo "no restart after kill -9"; exit 1; }
	echo $(( (new - t0) / 1000 )) >> "$S/kill.txt"
done
read -r k50 k90 < <(awk '{ print $1 / 1000 }' "$S/kill.txt" | median_p90)

# --- hang (SIGSTOP) -> running again, health=notify
as bhang "$SAM" start binfile="$SG_TESTD" cmdline_options="--notify 50 --stamp $S/bhang.stamp" \
	health=notify health_interval="$INTERVAL" max_restarts=1000 restart_window=1 || { echo "notify start failed"; exit 1; }
: > "$S/hang.txt"
for _ in $(seq "$TRIALS"); do
	wait_state bhang || { echo "bhang not running"; exit 1; }
	old=$(cat "$S/bhang.stamp")
	t0=$("$SG_TIMEIT" kill 19 "$(get bhang daemon_pid)")
	new=$(wait_stamp_change "$S/bhang.stamp" "$old") || { echo "no restart after SIGSTOP"; exit 1; }
	echo $(( (new - t0) / 1000 )) >> "$S/hang.txt"
done
read -r h50 h90 < <(awk '{ print $1 / 1000 }' "$S/hang.txt" | median_p90)

printf '%-44s %10s %10s %s\n' "recovery, $TRIALS trials (ms)" median p90 target
printf '%-44s %10s %10s %s\n' "kill -9 -> daemon running again" "$k50" "$k90" "< 50"
printf '%-44s %10s %10s %s\n' "hang -> daemon running again (interval $INTERVAL)" "$h50" "$h90" "< $((2 * INTERVAL + 100))"
printf '%-44s %10s\n' "anything: kill -9 -> running again" "next monitor + Pacemaker recovery (no in-place restart)"
echo
ratio=$(awk -v a="$sam_mon" -v b="$any_mon" 'BEGIN { printf "%.2f", a / b }')
echo "monitor ratio SAMProcess/anything: $ratio (target <= 0.33)"

as bsam "$SAM" stop; as bhang "$SAM" stop; as bany "$ANY" stop binfile="$SG_TESTD"
