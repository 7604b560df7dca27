#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh - make demo: a throwaway single-node corosync + Pacemaker cluster
# in namespaces (cts/lib/sandbox.sh), a SAMProcess resource created with
# cibadmin, and the agent at work: the daemon is killed and hung, SAM
# restarts it in place within milliseconds, and Pacemaker never has to act.
# Everything is torn down at the end; nothing on the host is touched.
#
# Each step waits for what the next one needs and checks that what it
# shows happened; the first one that did not ends the demo with "DEMO
# FAILED: ..." and status 1. Times are measured, not polled: the daemon
# writes CLOCK_MONOTONIC when it starts (sg-testd --stamp), and the kill is
# stamped on the same clock (bench/timeit kill).
#
# Environment (cts/suites/demo sets both; make demo neither):
#   SG_BUILDDIR  build dir with cts/sg-testd and bench/timeit (default build)
#   SG_DESTDIR   an installed copy of it (default: installed here into a
#                temporary dir); copied, never changed
set -u
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "make demo needs root (namespaces, a private corosync)" >&2; exit 1; }
	builddir=${SG_BUILDDIR:-build}
	dest=$(mktemp -d /tmp/samguard-demo.XXXXXX)
	trap 'rm -rf "$dest"' EXIT
	if [ -n "${SG_DESTDIR:-}" ]; then
		cp -a "$SG_DESTDIR/." "$dest/" || exit 1
	else
		make -s BUILDDIR="$builddir" DESTDIR="$dest" install >/dev/null || exit 1
	fi
	install -D -m 755 "$builddir/cts/sg-testd" "$dest/usr/sbin/sg-demo-daemon" || exit 1
	install -D -m 755 "$builddir/bench/timeit" "$dest/usr/sbin/sg-demo-timeit" || exit 1
	echo "== starting a throwaway corosync + Pacemaker node in its own namespaces"
	cts/lib/sandbox.sh --pacemaker --root "$dest" -- "$0" --inside
	exit $?
fi

STAMP=$TMPDIR/demo.stamp    # the daemon's start, CLOCK_MONOTONIC ns
WDSENT=$TMPDIR/demo.wd      # made by a daemon once it sent its first WATCHDOG=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() {
	printf '\nDEMO FAILED: %s\n' "$*"
	crm_mon -1 --include=failcounts,operations 2>&1 | sed 's/^/  /'
	echo "  cmap:"
	corosync-cmapctl -b samguard.resource.demo. 2>&1 | sed 's/^/    /'
	exit 1
}
cmap() { corosync-cmapctl -b samguard.resource.demo. | sed 's/^samguard.resource.demo.//'; }
# a key's value, empty when the key is missing
get() { corosync-cmapctl -g "samguard.resource.demo.$1" 2>/dev/null | sed -n 's/^[^=]*= //p'; }
# wait_for SECONDS WHAT CMD...: poll CMD until it succeeds, or fail with WHAT
wait_for() {
	local secs=$1 what=$2 end=$((SECONDS + $1))
	shift 2
	while [ $SECONDS -le $end ]; do
		"$@" && return 0
		sleep 0.02
	done
	fail "$what (waited $secs s)"
}
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*[ZX]' "/proc/$1/status" 2>/dev/null; }
gone() { ! alive "$1"; }
# what the CIB recorded for an operation of demo on node1
op_recorded() { # XPATH-PREDICATE
	cibadmin -Q --xpath "//node_state[@uname='node1']//lrm_resource[@id='demo']/lrm_rsc_op[$1]" >/dev/null 2>&1
}
start_call() {
	cibadmin -Q --xpath "//node_state[@uname='node1']//lrm_resource[@id='demo']/lrm_rsc_op[@operation='start']" 2>/dev/null |
		sed -n 's/.* call-id="\([0-9]*\)".*/\1/p'
}
# Started for Pacemaker (the start op completed with 0, not just pending)
# and ready for us: state running, the daemon's pid known and alive, its
# start stamped
ready() {
	op_recorded "@operation='start' and @rc-code='0' and @op-status='0'" &&
		[ "$(get state)" = running ] && alive "$(get daemon_pid)" && [ -s "$STAMP" ]
}
# a new daemon replaced OLD_PID: a later instance, running, stamped anew
replaced() { # OLD_PID OLD_INSTANCE OLD_STAMP
	local d i s
	d=$(get daemon_pid) i=$(get instance) s=$(cat "$STAMP" 2>/dev/null)
	[ -n "$d" ] && [ "$d" != "$1" ] && [ -n "$i" ] && [ "$i" -gt "$2" ] && [ "$(get state)" = running ] &&
		alive "$d" && [ -n "$s" ] && [ "$s" != "$3" ]
}
ms_between() { # NS0 NS1: "12.3" (ms)
	local us=$((($2 - $1) / 1000))
	printf '%d.%d' $((us / 1000)) $((us % 1000 / 100))
}
fail_count() { crm_failcount -G -r demo -N node1 2>/dev/null | sed -n 's/.*value=\([0-9A-Za-z]*\).*/\1/p'; }

step "the agent: crm_resource --show-metadata ocf:samguard:SAMProcess (excerpt)"
crm_resource --show-metadata ocf:samguard:SAMProcess | grep -E '<(version|parameter name)' | head -20
[ "${PIPESTATUS[0]}" = 0 ] || fail "no meta-data from ocf:samguard:SAMProcess"

step "creating the resource with cibadmin (health=notify: the daemon must send WATCHDOG=1 every 500 ms)"
cibadmin --create -o resources --xml-text "
<primitive id=\"demo\" class=\"ocf\" provider=\"samguard\" type=\"SAMProcess\">
  <instance_attributes id=\"demo-ia\">
    <nvpair id=\"demo-binfile\" name=\"binfile\" value=\"/usr/sbin/sg-demo-daemon\"/>
    <nvpair id=\"demo-cmdline\" name=\"cmdline_options\" value=\"--notify 100 --stamp $STAMP --watchdog-file $WDSENT\"/>
    <nvpair id=\"demo-health\" name=\"health\" value=\"notify\"/>
    <nvpair id=\"demo-interval\" name=\"health_interval\" value=\"500\"/>
    <nvpair id=\"demo-max\" name=\"max_restarts\" value=\"5\"/>
  </instance_attributes>
  <operations>
    <op id=\"demo-monitor\" name=\"monitor\" interval=\"2s\" timeout=\"20s\"/>
  </operations>
</primitive>" || fail "cibadmin --create"
wait_for 60 "the resource started by Pacemaker and its daemon ready" ready
crm_mon -1 | sed -n '/Resources:/,$p'
sup=$(get supervisor_pid)
call=$(start_call)

step "its state in cmap: corosync-cmapctl -b samguard.resource.demo."
cmap

d1=$(get daemon_pid) i1=$(get instance) s1=$(cat "$STAMP")
step "kill -9 the daemon (pid $d1, instance $i1)"
rm -f "$WDSENT"
t0=$(sg-demo-timeit kill 9 "$d1") || fail "kill -9 $d1"
wait_for 5 "a new daemon after kill -9" replaced "$d1" "$i1" "$s1"
d2=$(get daemon_pid) i2=$(get instance) s2=$(cat "$STAMP")
[ "$s2" -gt "$t0" ] || fail "the new daemon's start ($s2 ns) is not after the kill ($t0 ns)"
[ "$(get supervisor_pid)" = "$sup" ] || fail "the supervisor changed: $sup -> $(get supervisor_pid)"
echo "new daemon pid $d2 (instance $i1 -> $i2) started $(ms_between "$t0" "$s2") ms after the kill:" \
	"restarted in place by supervisor $sup"
echo "last failure: $(get last_failure)"

# with watchdog=auto a daemon is watched once it sent WATCHDOG=1 (100 ms
# after its start): hang it after that
wait_for 5 "the new daemon's first WATCHDOG=1" test -e "$WDSENT"
step "hang the daemon with SIGSTOP (pid $d2): it stops sending WATCHDOG=1"
t0=$(sg-demo-timeit kill "$(kill -l STOP)" "$d2") || fail "kill -STOP $d2"
wait_for 5 "a new daemon after the hang" replaced "$d2" "$i2" "$s2"
d3=$(get daemon_pid) i3=$(get instance) s3=$(cat "$STAMP")
[ "$s3" -gt "$t0" ] || fail "the new daemon's start ($s3 ns) is not after the SIGSTOP ($t0 ns)"
wait_for 5 "the hung daemon $d2 gone" gone "$d2"
[ "$(get supervisor_pid)" = "$sup" ] || fail "the supervisor changed: $sup -> $(get supervisor_pid)"
echo "hung daemon killed and replaced by pid $d3 (instance $i2 -> $i3), started" \
	"$(ms_between "$t0" "$s3") ms after the SIGSTOP (health_interval 500 ms)"
echo "last failure: $(get last_failure)"

step "what Pacemaker saw: its recurring monitor returned OCF_DEGRADED (190)"
wait_for 15 "Pacemaker's monitor recording rc 190" \
	op_recorded "@operation='monitor' and @interval='2000' and @rc-code='190'"
crm_mon -1 --include=failcounts,operations | sed -n '/Resources:/,$p'
echo
fc=$(fail_count)
echo "fail-count: ${fc:-?}"
[ "$fc" = 0 ] || fail "fail-count is '${fc}', not 0"
[ "$(start_call)" = "$call" ] || fail "Pacemaker started the resource again (start call $call -> $(start_call))"
op_recorded "@operation='start' and @rc-code='0' and @op-status='0'" || fail "the resource is no longer started"
echo "The resource never left node1 and was never recovered by Pacemaker: the monitor reports"
echo "OCF_DEGRADED (190) with the restart count, which crm_mon lists without any recovery."

step "stopping the resource"
crm_resource --resource demo --set-parameter target-role --meta --parameter-value Stopped >/dev/null ||
	fail "crm_resource --set-parameter target-role"
wait_for 30 "the stop recorded by Pacemaker" op_recorded "@operation='stop' and @rc-code='0' and @op-status='0'"
keys=$(corosync-cmapctl -b samguard. 2>/dev/null | wc -l)
samkeys=$(corosync-cmapctl -b resources.process. 2>/dev/null | wc -l)
procs=$(pgrep -c -f 'samguard-run|sg-demo-daemon')
echo "samguard keys left in cmap: $keys"
echo "SAM keys left in cmap: $samkeys"
echo "samguard processes left: $procs"
[ "$keys" = 0 ] && [ "$samkeys" = 0 ] && [ "$procs" = 0 ] || fail "something was left after the stop"
step "tearing the node down"
echo "demo complete"
