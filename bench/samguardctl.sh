#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/samguardctl.sh - how long samguardctl list and a SAMHealth monitor
# take with many SAM processes on a node, on a private corosync and
# Pacemaker (cts/lib/sandbox.sh --pacemaker).
#
# The SAM processes are made of keys (corosync-cmapctl -p), exactly the
# keys a running SAMProcess resource (16 samguard.resource.<name>.* + 4
# resources.process.<pid>.*) or a plain libsam program (4
# resources.process.<pid>.*) publishes, with real, live supervisor
# processes behind them (sleep), so that every liveness check of /proc
# finds a process with the recorded start time: the tools do all their
# work, nothing is short-cut.
#
# Scenarios, each timed over SG_BENCH_N runs (median, p90, in ms):
#   samguardctl list            N_LIST plain SAM processes (target < 50 ms)
#   samguardctl list            N_LIST SAM processes started by samguard
#   samguardctl list --json     the same
#   SAMHealth monitor           N_HEALTH plain / samguard processes
#                               (target < 20 ms), colour unchanged (the
#                               common case: no attrd_updater) and changed
#   each list once more with SG_NO_COLOCATE=1 (no move to corosync's CPU)
# Tunables: SG_BENCH_N (30), SG_BENCH_LIST (1000), SG_BENCH_HEALTH (500).
set -u
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "the benchmark needs root (namespaces, a private corosync)" >&2; exit 1; }
	make -s all >/dev/null || exit 1
	dest=$(mktemp -d /tmp/samguard-bench.XXXXXX)
	trap 'rm -rf "$dest"' EXIT
	make -s DESTDIR="$dest" install >/dev/null || exit 1
	SG_TIMEIT=$PWD/build/bench/timeit SG_CMAPLOAD=$PWD/build/bench/cmapload cts/lib/sandbox.sh --pacemaker --root "$dest" -- "$0" --inside
	exit $?
fi

N=${SG_BENCH_N:-30}
N_LIST=${SG_BENCH_LIST:-1000}
N_HEALTH=${SG_BENCH_HEALTH:-500}
HEALTH=/usr/lib/ocf/resource.d/samguard/SAMHealth
S=$SG_SANDBOX_DIR
export HA_LOGFACILITY=none OCF_ROOT=/usr/lib/ocf

ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
mono_ns() { "$SG_TIMEIT" kill 0 $$; }

# sleepers N: start N live processes to stand for supervisors; their
# "pid start" pairs go to $S/sleepers
sleepers() {
	local i
	: > "$S/sleepers"
	for ((i = 0; i < $1; i++)); do
		sleep 100000 &
	done
	for pid in $(jobs -p); do
		echo "$pid $(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)" >> "$S/sleepers"
	done
	disown -a
}

kill_sleepers() {
	local pid _
	[ -f "$S/sleepers" ] || return 0
	while read -r pid _; do kill "$pid" 2>/dev/null; done < "$S/sleepers"
	wait 2>/dev/null
}

clear_keys() {
	corosync-cmapctl -D resources.process. >/dev/null 2>&1
	corosync-cmapctl -D samguard.resource. >/dev/null 2>&1
}

# load KIND N: keys of N SAM processes (KIND plain or samguard), one per sleeper
load() {
	local kind=$1 n=$2 now i=0 pid start
	clear_keys
	kill_sleepers
	sleepers "$n"
	# after the sleepers started: keys updated before a process started
	# would prove its pid reused (samscan.h)
	now=$(mono_ns)
	while read -r pid start; do
		i=$((i + 1))
		printf 'resources.process.%s.state str running\n' "$pid"
		printf 'resources.process.%s.recovery str restart\n' "$pid"
		printf 'resources.process.%s.poll_period u64 60000\n' "$pid"
		printf 'resources.process.%s.last_updated u64 %s\n' "$pid" "$now"
		[ "$kind" = samguard ] || continue
		local p=samguard.resource.bench-$i
		printf '%s.name str bench-%s\n' "$p" "$i"
		printf '%s.state str running\n' "$p"
		printf '%s.supervisor_pid u32 %s\n' "$p" "$pid"
		printf '%s.supervisor_start u64 %s\n' "$p" "$start"
		printf '%s.child_pid u32 %s\n' "$p" "$pid"
		printf '%s.daemon_pid u32 %s\n' "$p" "$pid"
		printf '%s.daemon_start u64 %s\n' "$p" "$start"
		printf '%s.instance u32 1\n' "$p"
		printf '%s.restarts u32 0\n' "$p"
		printf '%s.restart_history str \n' "$p"
		printf '%s.last_failure str \n' "$p"
		printf '%s.health str exit\n' "$p"
		printf '%s.health_interval u32 60000\n' "$p"
		printf '%s.max_restarts u32 5\n' "$p"
		printf '%s.restart_window u32 60\n' "$p"
		printf '%s.quorum str ignore\n' "$p"
	done < "$S/sleepers" > "$S/keys"
	"$SG_CMAPLOAD" < "$S/keys" || { echo "loading keys failed"; exit 1; }
}

refresh_heartbeats() {
	local now pid _
	now=$(mono_ns)
	while read -r pid _; do
		printf 'resources.process.%s.last_updated u64 %s\n' "$pid" "$now"
	done < "$S/sleepers" > "$S/hb"
	"$SG_CMAPLOAD" < "$S/hb"
}

# timed LABEL EXPECTED_RC CMD...: median and p90 over N runs
timed() {
	local label=$1 rc=$2 m p
	shift 2
	read -r m p < <("$SG_TIMEIT" "$N" "$rc" "$@")
	if [ -z "${m:-}" ]; then
		printf '%-58s %10s\n' "$label" "FAILED"
		return
	fi
	printf '%-58s %10s %10s\n' "$label" "$(ms "$m")" "$(ms "$p")"
}

count() { samguardctl list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["processes"]))'; }

echo "samguardctl / SAMHealth benchmark: $(nproc) cores, $N runs each, corosync $(corosync -v | sed -n 's/.*version .\([0-9.]*\).*/\1/p')"
printf '%-58s %10s %10s\n' "wall time (ms)" median p90

for kind in plain samguard; do
	load "$kind" "$N_LIST"
	/usr/sbin/samguardctl serve &
	server=$!
	for _ in $(seq 100); do /usr/sbin/samguardctl list >/dev/null 2>&1 && break; sleep 0.05; done
	got=$(count)
	[ "$got" = "$N_LIST" ] || echo "warning: list shows $got processes, expected $N_LIST"
	ok=$(samguardctl list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["ok"])')
	[ "$ok" = "$N_LIST" ] || echo "warning: $ok of $N_LIST processes are ok"
	timed "samguardctl list, $N_LIST $kind, serve running (target < 50)" 0 /usr/sbin/samguardctl list
	timed "samguardctl list --json, $N_LIST $kind, serve running" 0 /usr/sbin/samguardctl list --json
	kill "$server"; wait "$server" 2>/dev/null
	timed "samguardctl list --direct, $N_LIST $kind (reads cmap)" 0 /usr/sbin/samguardctl list --direct
	timed "samguardctl list --direct --json, $N_LIST $kind" 0 /usr/sbin/samguardctl list --direct --json
	timed "samguardctl list --direct, $N_LIST $kind, SG_NO_COLOCATE=1" 0 \
		/usr/bin/env SG_NO_COLOCATE=1 /usr/sbin/samguardctl list --direct
done

export OCF_RESOURCE_INSTANCE=samhealth OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_dampen=0 \
	OCF_RESKEY_CRM_meta_timeout=20000
for kind in plain samguard; do
	load "$kind" "$N_HEALTH"
	"$HEALTH" start 2>/dev/null || { echo "SAMHealth start failed"; exit 1; }
	timed "SAMHealth monitor, $N_HEALTH $kind, unchanged (target < 20)" 0 "$HEALTH" monitor
	# the state file says another colour: every run publishes
	timed "SAMHealth monitor, $N_HEALTH $kind, publishing (+ sh wrapper)" 0 \
		/bin/sh -c 'sed -i "s/^[a-z]*/red/" /run/samguard/samhealth.health; exec "$0" monitor' "$HEALTH"
	# without the server: what a monitor costs when it reads cmap itself
	/usr/sbin/samguardctl list >/dev/null
	read -r _ _ spid _ < /run/samguard/samhealth.health
	kill "$spid"
	sed -i 's/ [0-9]* [0-9]*$/ 0 0/' /run/samguard/samhealth.health
	timed "SAMHealth monitor, $N_HEALTH $kind, no server (reads cmap)" 0 \
		/usr/bin/env SG_NO_SERVER=1 "$HEALTH" monitor
	"$HEALTH" stop 2>/dev/null
done
load plain 0
"$HEALTH" start 2>/dev/null
timed "SAMHealth monitor, no SAM process, unchanged" 0 "$HEALTH" monitor
"$HEALTH" stop 2>/dev/null
timed "(the sh wrapper alone)" 0 /bin/sh -c 'sed -i "s/^[a-z]*/red/" /dev/null; exec true'
timed "(attrd_updater -U alone)" 0 /usr/sbin/attrd_updater -n '#health-bench' -U green
timed "(corosync-cmapctl -g, for scale: one connection)" 0 /usr/sbin/corosync-cmapctl -g totem.cluster_name
clear_keys
kill_sleepers
