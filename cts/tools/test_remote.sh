#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_remote.sh - samguard on a Pacemaker Remote node: no corosync, a real
# pacemaker-remoted (cts/lib/sandbox.sh --remote), the installed build on
# the real paths. SAMProcess, samguard-run, samguardctl keep and read the
# state in the local store (/run/samguard/kv) as they do in cmap; the mode
# is detected, shown and cannot be faked by another user. Run by
# cts/suites/tools; its last line is "SG-RESULT <tests> <failed>".

# shellcheck source=cts/tools/lib.sh
. "$(dirname "$0")/lib.sh"

readonly KV=/run/samguard/kv
RUN=/usr/sbin/samguard-run

# kv_get KEY: a key of the local store as text, read by this test alone:
# one byte of cmap's value type, then the value (strings end with NUL,
# integers are little-endian)
kv_get() {
	[ -f "$KV/$1" ] || return 1
	python3 - "$KV/$1" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
t, v = b[0], b[1:]
if t == 11:
    print(v.rstrip(b"\0").decode())
elif t == 6:
    print(struct.unpack("<I", v)[0])
elif t == 8:
    print(struct.unpack("<Q", v)[0])
else:
    print("type%d" % t)
EOF
}

# the shared library's readers, on the local store instead of cmap
sg_get() { kv_get "samguard.resource.$(enc "$1").$2"; }
sg_keys() { ls "$KV" 2>/dev/null | grep "^samguard\.resource\.$(enc "$1")\."; }

restarts_are() { [ "$(sg_get "$1" restarts)" = "$2" ]; }

remoted_pid() { local p; p=$(pgrep -xu 0 pacemaker-remot) && echo "${p%%$'\n'*}"; }

# start pacemaker-remoted again (a test stopped it), as the sandbox did
remoted_start() {
	remoted_pid >/dev/null && return 0
	( exec setsid env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin PCMK_logfile=/var/log/pacemaker/pacemaker.log \
		PCMK_logfacility=none "$SG_SANDBOX_DIR/pcmk-remote/usr/sbin/pacemaker-remoted" ) \
		</dev/null >/dev/null 2>&1 &
	wait_for 10 remoted_pid >/dev/null
}

remoted_stop() {
	local p
	p=$(remoted_pid) || return 0
	kill "$p"
	wait_for 10 sh -c "! kill -0 $p 2>/dev/null"
}

# corosync_conf_here: a corosync.conf appears (a tmpfs over the sandbox's
# empty /etc/corosync, gone in tearDown)
corosync_conf_here() {
	mount -t tmpfs sg-cs /etc/corosync && CS_MOUNTED=1 && printf 'totem {\n}\n' >/etc/corosync/corosync.conf
}

corosync_conf_gone() {
	[ -n "${CS_MOUNTED:-}" ] && umount /etc/corosync && CS_MOUNTED=
}

setUp() { STARTED=() SERVERS=() CS_MOUNTED=; }

tearDown() {
	local n p
	corosync_conf_gone
	for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	for n in "${STARTED[@]}"; do res_stop "$n"; done
	STARTED=()
	remoted_start
}

# ------------------------------------------------------------ the agent

test_samprocess_runs_on_a_remote_node_and_restarts_a_killed_daemon_in_place() {
	local d1 d2 sup
	assertFalse "no corosync here" "corosync-cmapctl -g totem.cluster_name"
	assertTrue "pacemaker-remoted runs" remoted_pid
	res_start web
	assertEquals "start: $AERR" 0 "$RC"
	assertEquals "state in the local store" running "$(sg_get web state)"
	sup=$(sg_get web supervisor_pid)
	assertEquals "SAM's entry as libsam writes it" running "$(kv_get "resources.process.$sup.state")"
	assertEquals "SAM's poll period" 200 "$(kv_get "resources.process.$sup.poll_period")"
	assertFalse "no samguard-publisher started without corosync" "pgrep -x samguard-publis"
	assertNotContains "nor tried" "$(cat "$SG_LOG" 2>/dev/null)" "samguard-publisher"
	run_agent "$SAMPROCESS" web monitor
	assertEquals "monitor" 0 "$RC"
	d1=$(sg_get web daemon_pid)
	kill -9 "$d1"
	wait_for 5 restarts_are web 1
	assertTrue "restarted in place" $?
	wait_for 5 state_is web running
	d2=$(sg_get web daemon_pid)
	assertNotEquals "a new daemon" "$d1" "$d2"
	assertTrue "it runs" "pid_alive $d2"
	assertEquals "same supervisor" "$sup" "$(sg_get web supervisor_pid)"
	assertContains "reason" "$(sg_get web last_failure)" "SIGKILL"
	run_agent "$SAMPROCESS" web monitor CRM_meta_interval=10000
	assertEquals "monitor: degraded after an in-place restart, no failure for Pacemaker" 190 "$RC"
	assertContains "exit reason" "$AERR" "restarted in place 1 times"
	res_stop web
	STARTED=()
	assertEquals "stop" 0 "$RC"
	assertEquals "no samguard key left" "" "$(sg_keys web)"
	assertFalse "no SAM key left" "ls $KV/resources.process.$sup.* 2>/dev/null"
	run_agent "$SAMPROCESS" web monitor
	assertEquals "monitor after stop" 7 "$RC"
}

test_a_hung_daemon_is_restarted_in_place() {
	local d1
	res_start hang health=notify cmdline_options="--notify 50 --watchdog-file $SHUNIT_TMPDIR/hang.wd tag-hang"
	assertEquals "start: $AERR" 0 "$RC"
	d1=$(sg_get hang daemon_pid)
	# watchdog=auto watches a daemon once it sent WATCHDOG=1: hang it after
	wait_for 5 test -e "$SHUNIT_TMPDIR/hang.wd"
	assertTrue "the daemon sent WATCHDOG=1" $?
	kill -STOP "$d1"
	wait_for 5 sh -c "! kill -0 $d1 2>/dev/null"
	assertTrue "the hung daemon was killed" $?
	wait_for 5 state_is hang running
	assertNotEquals "a new daemon" "$d1" "$(sg_get hang daemon_pid)"
	assertContains "reason" "$(sg_get hang last_failure)" "WATCHDOG=1"
	run_agent "$SAMPROCESS" hang monitor CRM_meta_interval=10000
	assertEquals "monitor: degraded, no failure for Pacemaker" 190 "$RC"
}

test_a_crash_loop_beyond_max_restarts_fails_the_monitor_as_on_a_full_node() {
	local end
	res_start loop max_restarts=2 restart_window=60 cmdline_options="--exit-after 300 tag-loop"
	assertEquals "start: $AERR" 0 "$RC"
	wait_for 10 state_is loop failed
	assertTrue "given up: state failed" $?
	end=$((SECONDS + 5))
	while :; do
		run_agent "$SAMPROCESS" loop monitor CRM_meta_interval=10000
		[ "$RC" = 1 ] || [ $SECONDS -gt $end ] && break
		sleep 0.1
	done
	assertEquals "monitor: a hard failure for Pacemaker" 1 "$RC"
	assertContains "exit reason" "$AERR" "max_restarts=2"
	run_agent "$SAMPROCESS" loop monitor
	assertEquals "a probe never returns 1" 7 "$RC"
}

# quorum=require on a remote node: the node has no quorum of its own;
# Pacemaker runs its resources only from a quorate partition (docs/policy.md)
test_quorum_require_is_delegated_to_pacemaker_on_a_remote_node() {
	res_start qr quorum=require
	assertEquals "start: $AERR" 0 "$RC"
	assertEquals "published policy" require "$(sg_get qr quorum)"
	run_agent "$SAMPROCESS" qr monitor
	assertEquals "monitor" 0 "$RC"
	assertTrue "the log says why" "grep -q 'quorum=require on a Pacemaker Remote node' '$SG_LOG'"
}

# ------------------------------------------------------------ samguardctl

test_samguardctl_shows_the_remote_node_and_reads_the_store_as_cmap() {
	local sup
	res_start db.main:1
	assertEquals "start: $AERR" 0 "$RC"
	sup=$(sg_get db.main:1 supervisor_pid)
	run_ctl list --direct
	assertEquals "list rc: $ERR" 0 "$RC"
	assertEquals "the row" "db.main:1 $sup $(sg_get db.main:1 daemon_pid) ok running exit 200ms" \
		"$(printf '%s\n' "$OUT" | awk '$1 == "db.main:1" { print $1, $2, $3, $4, $5, $6, $7 }')"
	run_ctl list --json --direct
	assertTrue "JSON" "json_ok '$OUT'"
	assertEquals "the members list --json has on a full node (docs/samguardctl-json.md)" \
		"daemon,health,interval_ms,last_check_age_ms,last_failure,name,origin,pid,program,resource,restarts,restarts_recent,sam_state,stale,state,status,supervisor" \
		"$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(",".join(sorted(json.load(sys.stdin)["processes"][0])))')"
	assertEquals "state" running "$(jqr processes.0.state "$OUT")"
	run_ctl show --json --direct db.main:1
	assertEquals "show rc" 0 "$RC"
	assertEquals "node mode" remote "$(jqr node_mode "$OUT")"
	assertEquals "store" "$KV" "$(jqr store "$OUT")"
	assertEquals "SAM keys named as in cmap" "resources.process.$sup." "$(jqr process.keys.sam "$OUT")"
	run_ctl show db.main:1
	assertContains "text: the node and why" "$OUT" "Pacemaker Remote node: pacemaker-remoted runs (pid $(remoted_pid))"
	# served: the same answers through samguardctl serve
	"$CTL" serve </dev/null >/dev/null 2>&1 &
	SERVERS+=($!)
	wait_for 10 sh -c "ss -xlp 2>/dev/null | grep -q 'samguard/ctl'"
	assertTrue "serve listens" $?
	run_ctl list
	assertEquals "served list" "db.main:1 $sup ok running" \
		"$(printf '%s\n' "$OUT" | awk '$1 == "db.main:1" { print $1, $2, $4, $5 }')"
}

test_watch_reports_changes_of_the_local_store() {
	local w d
	"$CTL" watch --json >"$SHUNIT_TMPDIR/watch.out" 2>"$SHUNIT_TMPDIR/watch.err" &
	w=$!
	wait_for 5 test -s "$SHUNIT_TMPDIR/watch.out"
	res_start watched
	wait_for 5 grep -q '"resource":"watched".*"state":"running"' "$SHUNIT_TMPDIR/watch.out"
	assertTrue "update: running" $?
	d=$(sg_get watched daemon_pid)
	kill -9 "$d"
	wait_for 5 grep -q '"resource":"watched".*"state":"running".*"restarts":1' "$SHUNIT_TMPDIR/watch.out"
	assertTrue "update: restarted; watch printed: $(tail -3 "$SHUNIT_TMPDIR/watch.out")" $?
	res_stop watched
	STARTED=()
	wait_for 5 grep -q '"event":"remove".*"name":"watched"' "$SHUNIT_TMPDIR/watch.out"
	assertTrue "remove event" $?
	kill "$w"
	wait "$w"
	assertEquals "watch ends with 0 on SIGTERM" 0 $?
}

# A supervisor SIGKILLed with its SAM child leaves its keys in the store,
# as in cmap; with no corosync to ask for connections, cleanup deletes an
# entry once its pid is gone, and never a live one.
test_cleanup_deletes_the_keys_of_a_dead_supervisor_from_the_store() {
	local sup kids k
	res_start alive
	res_start gone
	sup=$(sg_get gone supervisor_pid)
	kill -STOP "$sup"
	kids=$(cat /proc/"$sup"/task/*/children 2>/dev/null)
	kill -9 "$sup" $kids
	STARTED=(alive)
	for k in $sup $kids; do wait_for 5 sh -c "! kill -0 $k 2>/dev/null"; done
	run_ctl list --direct
	assertContains "the dead one is stale" "$(printf '%s\n' "$OUT" | awk '$1 == "gone"')" "STALE"
	run_ctl cleanup --dry-run
	assertEquals "dry run rc" 0 "$RC"
	assertContains "would delete the dead resource" "$OUT" "would-delete samguard.resource.gone.*"
	assertContains "and its SAM keys" "$OUT" "would-delete resources.process.$sup.*"
	assertNotContains "never the live one" "$OUT" "samguard.resource.alive."
	run_ctl cleanup
	assertEquals "cleanup rc" 0 "$RC"
	assertEquals "dead resource keys gone" "" "$(sg_keys gone)"
	assertFalse "its SAM keys gone" "ls $KV/resources.process.$sup.* 2>/dev/null"
	assertEquals "live resource kept" running "$(sg_get alive state)"
	assertEquals "its SAM keys kept" running "$(kv_get "resources.process.$(sg_get alive supervisor_pid).state")"
}

# ------------------------------------------------------------ detection

# With pacemaker-remoted stopped and the store empty, a node with a
# corosync.conf is a full node whose corosync is down, never a remote one;
# without corosync.conf either, nothing is guessed.
test_a_full_node_whose_corosync_is_down_is_not_taken_for_a_remote_node() {
	local out
	remoted_stop
	assertFalse "pacemaker-remoted stopped" remoted_pid
	assertEquals "the store is empty" "" "$(ls "$KV" 2>/dev/null)"
	corosync_conf_here
	run_agent "$SAMPROCESS" down start binfile="$SG_TESTD"
	assertEquals "start fails" 1 "$RC"
	assertContains "exit reason" "$AERR" "corosync is configured here (/etc/corosync/corosync.conf) but does not answer"
	out=$("$RUN" -n down2 -- "$SG_TESTD" 2>&1)
	assertEquals "samguard-run fails" 1 $?
	assertContains "samguard-run says why" "$out" "corosync is configured here"
	run_ctl list
	assertEquals "samguardctl: no corosync" 3 "$RC"
	assertContains "samguardctl says why" "$ERR" "corosync is configured here"
	assertEquals "nothing written" "" "$(ls "$KV" 2>/dev/null)"
	corosync_conf_gone
	run_agent "$SAMPROCESS" down start binfile="$SG_TESTD"
	assertEquals "neither: start fails" 1 "$RC"
	assertContains "neither: exit reason" "$AERR" "neither corosync nor pacemaker-remoted runs here"
}

# Any user can name a process pacemaker-remoted; only root can run one as
# root. A fake one of user nobody does not turn a node whose corosync is
# down into a remote node.
test_a_pacemaker_remoted_of_another_user_does_not_count() {
	local fake
	remoted_stop
	corosync_conf_here
	cp /bin/sleep "$SHUNIT_TMPDIR/pacemaker-remoted"
	chmod 755 "$SHUNIT_TMPDIR" "$SHUNIT_TMPDIR/pacemaker-remoted"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$SHUNIT_TMPDIR/pacemaker-remoted" 60 &
	fake=$!
	wait_for 5 sh -c "[ \"\$(cat /proc/$fake/comm)\" = pacemaker-remot ]"
	assertTrue "the fake runs under the name" $?
	run_agent "$SAMPROCESS" fake start binfile="$SG_TESTD"
	assertEquals "start fails" 1 "$RC"
	assertContains "still a full node with corosync down" "$AERR" "corosync is configured here"
	assertEquals "nothing written" "" "$(ls "$KV" 2>/dev/null)"
	kill "$fake"
	wait "$fake" 2>/dev/null
	return 0
}

# The store is root's: another user can neither read it nor plant a key
# that a verdict would be made from.
test_the_local_store_is_root_s_alone() {
	local sup
	res_start priv
	assertEquals "start: $AERR" 0 "$RC"
	assertEquals "directory mode and owner" "700 root" "$(stat -c '%a %U' "$KV")"
	assertFalse "nobody cannot list it" "setpriv --reuid=nobody --regid=nogroup --clear-groups ls $KV"
	assertFalse "nobody cannot plant a state" \
		"setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c 'printf \"\\013failed\\0\" >$KV/samguard.resource.priv.state'"
	OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" list --direct 2>&1)
	assertEquals "samguardctl as nobody: no access" 4 $?
	assertContains "and why" "$OUT" "run as root"
	# a key file of another owner is refused, never read
	sup=$(sg_get priv supervisor_pid)
	chown nobody "$KV/samguard.resource.priv.max_restarts"
	run_ctl show --direct priv
	assertNotEquals "a key of another owner is not read as samguard's" 0 "$RC"
	chown root "$KV/samguard.resource.priv.max_restarts"
	run_ctl show --direct priv
	assertEquals "root's again" 0 "$RC"
	[ -n "$sup" ]
}

# After pacemaker-remoted stopped (an upgrade, a crash), supervisors run on
# and samguardctl still finds their state: the store itself says remote.
test_the_store_keeps_the_node_remote_while_pacemaker_remoted_is_down() {
	res_start keep
	assertEquals "start: $AERR" 0 "$RC"
	remoted_stop
	run_ctl list --direct
	assertEquals "list: $ERR" 0 "$RC"
	assertContains "row" "$OUT" "keep"
	run_ctl show --direct keep
	assertContains "why" "$OUT" "$KV holds state"
	run_agent "$SAMPROCESS" keep monitor
	assertEquals "monitor" 0 "$RC"
}

oneTimeSetUp() {
	SG_LOG=$SHUNIT_TMPDIR/agent.log
	: >"$SG_LOG"
}

oneTimeTearDown() {
	sg_suite_counts
	return 0
}

sg_suite_run
