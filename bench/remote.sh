#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/remote.sh - kill -9 on a Pacemaker Remote node (issue 12): the lab of
# cts/suites/remote (3 full nodes, 2 remote nodes), SAMProcess and
# ocf:heartbeat:anything on the same remote node, the same daemon and a 1 s
# monitor, in the same run (its test_8).  Each round measures kill -9 ->
# the daemon runs again (a realtime stamp the daemon writes at start) and,
# for anything, kill -9 -> Pacemaker's start completed (polled every 0.1 s;
# SAMProcess: Pacemaker is not involved).  Prints median (min-max) of the
# rounds and the ratio of the medians.  Then bench/remote-ram.sh: RAM per
# resource on a remote node (SG_REMOTE_RAM_N resources, default 100).  Run
# as root after "make"; about a minute plus 3 s per round on 2 cores.
# Tunables: SG_BENCH_REMOTE_RUNS (rounds; default 10), SG_DESTDIR (an
# installed build; default: make install into a temporary directory).
set -u
cd "$(dirname "$0")/.." || exit 2
[ "$(id -u)" = 0 ] || { echo "bench/remote.sh needs root (namespaces, a private cluster)" >&2; exit 1; }

RUNS=${SG_BENCH_REMOTE_RUNS:-10}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "SG_BENCH_REMOTE_RUNS: not a count: $RUNS" >&2; exit 2; }
BUILDDIR=${BUILDDIR:-build}
LOGDIR=$PWD/$BUILDDIR/bench-logs
work=$(mktemp -d /tmp/samguard-bench-remote.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$LOGDIR"
dest=${SG_DESTDIR:-}
if [ -z "$dest" ]; then
	dest=$work/dest
	make -s BUILDDIR="$BUILDDIR" DESTDIR="$dest" install >/dev/null || exit 1
fi

echo "Pacemaker Remote node benchmark: $(nproc) cores, $RUNS round(s), kill -9 on a remote node, monitor 1 s"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$SECONDS
SG_TESTS=test_8_kill_9_on_a_remote_node_samprocess_against_anything SG_REMOTE_BENCH="$work/results" \
	SG_REMOTE_BENCH_ROUNDS="$RUNS" SG_DESTDIR="$dest" SG_TESTD="$PWD/$BUILDDIR/cts/sg-testd" SG_LOGDIR="$LOGDIR" \
	timeout $((300 + 30 * RUNS)) cts/suites/remote >"$LOGDIR/remote.out" 2>&1
rc=$?
echo "$((SECONDS - t0)) s$([ "$rc" = 0 ] || echo ", FAILED (see $LOGDIR/remote.out)")"
echo

# shellcheck source=bench/stats.sh
. bench/stats.sh
col() { awk -v a="$1" -v c="$2" '$1 == "SG-RECOVERY" && $2 == "remote-kill" && $3 == a { print $c }' "$work/results" 2>/dev/null | stats; }
sam_up=$(col SAMProcess 4) any_up=$(col anything 4) any_pm=$(col anything 5)
echo "median (min-max) xN over the rounds, in ms"
printf '%-40s %-22s %-22s %s\n' "kill -9 of the daemon on remote1" SAMProcess anything "ratio anything/SAMProcess"
printf '%-40s %-22s %-22s %s\n' "-> the daemon runs again" "$sam_up" "$any_up" \
	"$(awk -v a="${any_up%% *}" -v s="${sam_up%% *}" 'BEGIN { if (a + 0 > 0 && s + 0 > 0) printf "%.0f", a / s; else print "-" }')"
printf '%-40s %-22s %-22s\n' "-> Pacemaker's start completed" "- (in place)" "$any_pm"
echo
echo "SAMProcess restarts the daemon in place on the remote node (fail-count 0, no transition);"
echo "anything waits for its next monitor (1 s) and Pacemaker's stop and start through the connection."
echo
# what resources cost there: no corosync connection, no libqb rings
cts/lib/sandbox.sh --remote --root "$dest" -- bench/remote-ram.sh || rc=1
exit "$rc"
