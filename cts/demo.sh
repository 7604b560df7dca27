#!/bin/bash
# demo.sh - make demo: a throwaway single-node corosync + Pacemaker cluster
# in namespaces (cts/lib/sandbox.sh), a SAMProcess resource created with
# cibadmin, and the agent at work: the daemon is killed and hung, SAM
# restarts it in place within milliseconds, and Pacemaker never has to act.
# Everything is torn down at the end; nothing on the host is touched.
set -u
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "make demo needs root (namespaces, a private corosync)" >&2; exit 1; }
	dest=$(mktemp -d /tmp/samguard-demo.XXXXXX)
	trap 'rm -rf "$dest"' EXIT
	make -s DESTDIR="$dest" install >/dev/null || exit 1
	install -D -m 755 build/cts/sg-testd "$dest/usr/sbin/sg-demo-daemon"
	echo "== starting a throwaway corosync + Pacemaker node in its own namespaces"
	cts/lib/sandbox.sh --pacemaker --root "$dest" -- "$0" --inside
	exit $?
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
cmap() { corosync-cmapctl -b samguard.resource.demo. | sed 's/^samguard.resource.demo.//'; }
get() { corosync-cmapctl -g "samguard.resource.demo.$1" | sed 's/.*= //'; }
wait_for() {
	local end=$((SECONDS + $1)); shift
	while [ $SECONDS -le $end ]; do "$@" && return 0; sleep 0.05; done
	return 1
}
running() { crm_resource --locate -r demo 2>/dev/null | grep -q 'is running on'; }
now_ms() { date +%s%3N; }

step "the agent: crm_resource --show-metadata ocf:samguard:SAMProcess (excerpt)"
crm_resource --show-metadata ocf:samguard:SAMProcess | grep -E '<(version|parameter name)' | head -20

step "creating the resource with cibadmin (health=notify: the daemon must send WATCHDOG=1 every 500 ms)"
cibadmin --create -o resources --xml-text '
<primitive id="demo" class="ocf" provider="samguard" type="SAMProcess">
  <instance_attributes id="demo-ia">
    <nvpair id="demo-binfile" name="binfile" value="/usr/sbin/sg-demo-daemon"/>
    <nvpair id="demo-cmdline" name="cmdline_options" value="--notify 100"/>
    <nvpair id="demo-health" name="health" value="notify"/>
    <nvpair id="demo-interval" name="health_interval" value="500"/>
    <nvpair id="demo-max" name="max_restarts" value="5"/>
  </instance_attributes>
  <operations>
    <op id="demo-monitor" name="monitor" interval="2s" timeout="20s"/>
  </operations>
</primitive>' || exit 1
wait_for 30 running || { echo "resource did not start"; crm_mon -1; exit 1; }
crm_mon -1 | sed -n '/^Active Resources/,$p'

step "its state in cmap: corosync-cmapctl -b samguard.resource.demo."
cmap

d1=$(get daemon_pid)
step "kill -9 the daemon (pid $d1)"
t0=$(now_ms)
kill -9 "$d1"
wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.demo.daemon_pid | sed 's/.*= //')\" != $d1 ]"
t1=$(now_ms)
echo "new daemon pid $(get daemon_pid), instance $(get instance), restarted in place $((t1 - t0)) ms after the kill"
echo "last failure: $(get last_failure)"

wait_for 10 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.demo.state | sed 's/.*= //')\" = running ]"
d2=$(get daemon_pid)
step "hang the daemon with SIGSTOP (pid $d2): it stops sending WATCHDOG=1"
t0=$(now_ms)
kill -STOP "$d2"
wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.demo.daemon_pid | sed 's/.*= //')\" != $d2 ]"
t1=$(now_ms)
echo "hung daemon killed and replaced by pid $(get daemon_pid) $((t1 - t0)) ms after it stopped (interval 500 ms)"
echo "last failure: $(get last_failure)"

step "what Pacemaker saw (two monitor intervals later)"
sleep 4
crm_mon -1 --include=failcounts,operations | sed -n '/^Active Resources/,$p'
echo
echo "fail-count: $(crm_failcount -G -r demo -N node1 2>/dev/null | sed 's/.*value=//')"
echo "The resource never left node1 and was never recovered by Pacemaker: the monitor reports"
echo "OCF_DEGRADED (190) with the restart count, which crm_mon lists without any recovery."

step "stopping the resource"
crm_resource --resource demo --set-parameter target-role --meta --parameter-value Stopped >/dev/null
wait_for 30 sh -c '! crm_resource --locate -r demo 2>/dev/null | grep -q "is running on"'
echo "samguard keys left in cmap: $(corosync-cmapctl -b samguard. 2>/dev/null | wc -l)"
echo "SAM keys left in cmap: $(corosync-cmapctl -b resources.process. 2>/dev/null | wc -l)"
echo "samguard processes left: $(pgrep -c -f 'samguard-run|sg-demo-daemon' || true)"
step "tearing the node down"
