#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_samprocess.sh - ocf:samguard:SAMProcess against a real corosync.
# Runs inside cts/lib/sandbox.sh (own namespaces, installed build overlaid
# on the real paths). Needs SG_TESTD: the path of build/cts/sg-testd.
# Each test reads like the sentence of the issue it proves.

AGENT=/usr/lib/ocf/resource.d/samguard/SAMProcess
: "${SG_TESTD:?SG_TESTD must name the test daemon}"
# A wrapper (e.g. valgrind) for agent runs, from the environment.
WRAP=${SG_AGENT_WRAPPER:-}

# shellcheck source=cts/lib/testlib.sh
. "$(dirname "$0")/../lib/testlib.sh"

# ------------------------------------------------------------ helpers
# run_agent NAME ACTION [key=value ...]: runs the agent as Pacemaker would,
# sets RC, OUT, ERR.
run_agent() { sg_agent_run "$AGENT" "$@"; }

# monitor as a recurring op (interval set), so that it is not a probe
monitor() { run_agent "$1" monitor OCF_RESKEY_CRM_meta_interval=10000 "${@:2}"; }

# a non-zero rc comes with exactly one exit reason line
assert_reason() {
	local n
	n=$(printf '%s\n' "$ERR" | grep -c '^ocf-exit-reason:')
	assertEquals "one ocf-exit-reason line for rc $RC (stderr: $ERR)" 1 "$n"
	if [ -n "${1:-}" ]; then
		assertContains "exit reason" "$(printf '%s\n' "$ERR" | grep '^ocf-exit-reason:')" "$1"
	fi
}

no_process_left() {
	! pgrep -f "samguard-run --name $1 " >/dev/null && ! pgrep -f "$SG_TESTD.*tag-$1( |$)" >/dev/null
}

# start a test resource: NAME [key=value ...]; daemon args tagged with the name
start_res() {
	local name=$1
	shift
	run_agent "$name" start binfile="$SG_TESTD" health_interval=200 "$@"
}

setUp() {
	STARTED=()
}

tearDown() {
	local n
	# a test that stopped corosync must not take the others down with it
	corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1 || start_corosync
	for n in "${STARTED[@]}"; do
		run_agent "$n" stop
	done
}

started() { STARTED+=("$1"); }

# ------------------------------------------------------------ meta-data, actions
test_meta_data_is_ocf_1_1_and_works_as_nobody_without_parameters() {
	local xml
	xml=$(setpriv --reuid=nobody --regid=nogroup --clear-groups env -i "$AGENT" meta-data)
	assertEquals "meta-data rc as nobody" 0 $?
	printf '%s' "$xml" | xmllint --noout - 2>/dev/null
	assertEquals "meta-data is well-formed XML" 0 $?
	assertEquals "OCF version" "1.1" "$(printf '%s' "$xml" | xmllint --xpath 'string(/resource-agent/version)' -)"
	for p in binfile cmdline_options workdir user logfile errlogfile stop_timeout health health_interval \
		health_cmd health_target max_restarts restart_window quorum; do
		assertEquals "parameter $p advertised" 1 \
			"$(printf '%s' "$xml" | xmllint --xpath "count(//parameter[@name='$p'])" -)"
	done
	for a in start stop monitor meta-data validate-all reload-agent; do
		assertEquals "action $a advertised" 1 \
			"$(printf '%s' "$xml" | xmllint --xpath "count(//action[@name='$a'])" -)"
	done
	assertEquals "binfile required" 1 "$(printf '%s' "$xml" | xmllint --xpath "string(//parameter[@name='binfile']/@required)" -)"
	assertEquals "max_restarts reloadable" 1 "$(printf '%s' "$xml" | xmllint --xpath "string(//parameter[@name='max_restarts']/@reloadable)" -)"
}

test_unknown_or_missing_action_is_rc_3_with_usage() {
	run_agent x bogus
	assertEquals "unknown action" 3 "$RC"
	assertContains "usage line" "$ERR" "usage:"
	run_agent x ""
	assertEquals "empty action" 3 "$RC"
	OUT=$(env -i "$AGENT" 2>&1)
	assertEquals "missing action" 3 $?
	assertContains "usage line" "$OUT" "usage:"
	run_agent x startx
	assertEquals "no prefix matching" 3 "$RC"
	run_agent x usage
	assertEquals "usage action" 0 "$RC"
}

# ------------------------------------------------------------ validate-all
test_validate_all_rejects_inherently_bad_parameters_with_rc_6() {
	local args
	while IFS='|' read -r what args; do
		[ -z "$what" ] && continue
		# shellcheck disable=SC2086
		eval "set -- $args"
		run_agent v validate-all "$@"
		assertEquals "$what" 6 "$RC"
		assert_reason
	done <<'EOF'
missing binfile|health=exit
relative binfile|binfile=bin/sleep
health_interval non-numeric|binfile=/bin/sleep health_interval=abc
health_interval negative|binfile=/bin/sleep health_interval=-5
health_interval zero with notify|binfile=/bin/sleep health=notify health_interval=0
health_interval overflowing|binfile=/bin/sleep health_interval=99999999999999999999
health=tcp without target|binfile=/bin/sleep health=tcp
health=tcp without port|binfile=/bin/sleep health=tcp health_target=localhost
unknown health method|binfile=/bin/sleep health=psychic
unterminated quote in cmdline_options|binfile=/bin/sleep 'cmdline_options=a "b'
relative health_cmd|binfile=/bin/sleep health=command 'health_cmd=curl x'
restart_window zero|binfile=/bin/sleep restart_window=0
unknown quorum policy|binfile=/bin/sleep quorum=maybe
EOF
}

test_validate_all_level_0_does_not_look_at_the_node_and_is_silent() {
	run_agent v validate-all binfile=/nonexistent/daemon user=no-such-user-sg
	assertEquals "level 0 ignores the environment" 0 "$RC"
	assertEquals "silent on success (stdout)" "" "$OUT"
	assertEquals "silent on success (stderr)" "" "$ERR"
	run_agent v validate-all binfile=/bin/sleep health_interval=0
	assertEquals "interval 0 with health=exit" 0 "$RC"
}

test_validate_all_level_10_checks_the_environment_with_rc_5() {
	printf 'x' > "$SHUNIT_TMPDIR/noexec"
	chmod 644 "$SHUNIT_TMPDIR/noexec"
	run_agent v validate-all OCF_CHECK_LEVEL=10 binfile=/nonexistent/daemon
	assertEquals "missing binfile" 5 "$RC"
	assert_reason "binfile"
	run_agent v validate-all OCF_CHECK_LEVEL=10 binfile="$SHUNIT_TMPDIR/noexec"
	assertEquals "non-executable binfile" 5 "$RC"
	assert_reason "not an executable"
	run_agent v validate-all OCF_CHECK_LEVEL=10 binfile=/bin/sleep user=no-such-user-sg
	assertEquals "unknown user" 5 "$RC"
	assert_reason "no-such-user-sg"
	run_agent v validate-all OCF_CHECK_LEVEL=10 binfile=/bin/sleep user=nobody
	assertEquals "good environment" 0 "$RC"
}

# ------------------------------------------------------------ lifecycle
test_probe_of_a_never_started_resource_is_7() {
	run_agent never monitor
	assertEquals "probe" 7 "$RC"
	monitor never
	assertEquals "recurring monitor" 7 "$RC"
}

test_killed_daemon_is_restarted_in_place_without_pacemaker() {
	local d1 d2 i1
	start_res web cmdline_options="tag-web"
	started web
	assertEquals "start" 0 "$RC"
	monitor web
	assertEquals "monitor after start" 0 "$RC"
	d1=$(daemon_pid web)
	i1=$(sg_get web instance)
	assertTrue "daemon runs" "pid_alive $d1"
	kill -9 "$d1"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.web.instance | sed 's/.*= //')\" -gt $i1 ]"
	assertTrue "instance incremented" $?
	wait_for 5 state_is web running
	d2=$(daemon_pid web)
	assertNotEquals "new daemon pid" "$d1" "$d2"
	assertTrue "new daemon runs" "pid_alive $d2"
	assertEquals "restart counted" 1 "$(sg_get web restarts)"
	assertContains "failure recorded" "$(sg_get web last_failure)" "SIGKILL"
	monitor web
	assertEquals "monitor degraded after an in-place restart" 190 "$RC"
	assert_reason "restarted in place 1 times"
}

test_start_and_stop_are_idempotent_and_stop_leaves_nothing() {
	local sup
	start_res idem cmdline_options="tag-idem"
	started idem
	assertEquals "start" 0 "$RC"
	sup=$(sg_get idem supervisor_pid)
	start_res idem cmdline_options="tag-idem"
	assertEquals "second start" 0 "$RC"
	assertEquals "same supervisor" "$sup" "$(sg_get idem supervisor_pid)"
	run_agent idem stop
	assertEquals "stop" 0 "$RC"
	assertTrue "no process left" "no_process_left idem"
	assertFalse "supervisor gone" "pid_alive $sup"
	assertEquals "no samguard key left" "" "$(sg_keys idem)"
	assertEquals "no SAM key left" "" "$(corosync-cmapctl -b "resources.process.$sup." 2>/dev/null)"
	assertFalse "no run-state file" "ls /run/samguard/idem.* 2>/dev/null"
	run_agent idem stop
	assertEquals "second stop" 0 "$RC"
	monitor idem
	assertEquals "monitor after stop" 7 "$RC"
}

test_hung_notify_daemon_is_killed_and_restarted() {
	local d1 d2
	start_res hang health=notify cmdline_options="--notify 50 --watchdog-file $SHUNIT_TMPDIR/hang.wd tag-hang"
	started hang
	assertEquals "start (after READY=1)" 0 "$RC"
	assertEquals "status from the daemon" "serving" "$(sg_get hang status)"
	d1=$(daemon_pid hang)
	# watchdog=auto watches a daemon once it sent WATCHDOG=1: hang it after
	wait_for 5 test -e "$SHUNIT_TMPDIR/hang.wd"
	assertTrue "the daemon sent WATCHDOG=1" $?
	kill -STOP "$d1"
	wait_for 5 sh -c "d=\$(corosync-cmapctl -g samguard.resource.hang.daemon_pid | sed 's/.*= //'); [ \"\$d\" != $d1 ]"
	assertTrue "restarted" $?
	wait_for 5 state_is hang running
	d2=$(daemon_pid hang)
	assertFalse "hung daemon killed" "pid_alive $d1"
	assertTrue "new daemon runs" "pid_alive $d2"
	assertContains "reason" "$(sg_get hang last_failure)" "WATCHDOG=1"
}

test_watchdog_trigger_is_a_failure() {
	start_res trig health=notify cmdline_options="--notify 50 --trigger-after 300 tag-trig"
	started trig
	assertEquals "start" 0 "$RC"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.trig.restarts 2>/dev/null | sed 's/.*= //')\" -ge 1 ]"
	assertTrue "restarted after WATCHDOG=trigger" $?
	assertContains "reason" "$(sg_get trig last_failure)" "WATCHDOG=trigger"
}

test_crash_loop_beyond_max_restarts_fails_the_monitor() {
	start_res loop max_restarts=2 restart_window=60 cmdline_options="--exit-after 300 tag-loop"
	started loop
	assertEquals "start" 0 "$RC"
	wait_for 15 state_is loop failed
	assertTrue "supervisor gave up" $?
	monitor loop
	assertEquals "monitor after giving up" 1 "$RC"
	assert_reason "max_restarts=2"
	run_agent loop monitor
	assertEquals "a probe never returns 1" 7 "$RC"
	run_agent loop stop
	assertEquals "stop after giving up" 0 "$RC"
	assertEquals "keys gone" "" "$(sg_keys loop)"
}

sam_get() { cmap_get "resources.process.$1.$2"; }

# the node's samguard-publisher (lib/relay.h), oldest if ever two
publisher_pid() { pgrep -xo samguard-publis; }
holds_connection() { [ -n "$(corosync_connections "$1")" ]; }

# issue 14: no corosync connection per resource. libsam's CMAP policy cost
# one in the SAM parent, the child's own another (3 x 1 MiB of rings each,
# and corosync scans every connection on each run of its loop): the parent
# holds none, the child sends its calls to the node's samguard-publisher,
# which holds one for all; SAM's entry is as libsam writes it.
test_one_corosync_connection_for_all_resources_and_sam_entry_as_libsam_writes_it() {
	local sup child lu1 lu2 r
	start_res conn1 health_interval=300 cmdline_options="tag-conn1"
	started conn1
	assertEquals "start" 0 "$RC"
	start_res conn2 cmdline_options="tag-conn2"
	started conn2
	assertEquals "start" 0 "$RC"
	for r in conn1 conn2; do
		sup=$(sg_get $r supervisor_pid)
		child=$(sg_get $r child_pid)
		assertEquals "$r: the SAM parent holds no connection" "" "$(corosync_connections "$sup")"
		assertEquals "$r: nor does the SAM child" "" "$(corosync_connections "$child")"
	done
	assertNotEquals "a publisher runs" "" "$(publisher_pid)"
	assertEquals "it holds one for both" 1 "$(corosync_connections "$(publisher_pid)" | wc -l)"
	sup=$(sg_get conn1 supervisor_pid)
	assertEquals "state" running "$(sam_get "$sup" state)"
	assertEquals "recovery" restart "$(sam_get "$sup" recovery)"
	assertEquals "poll_period" 300 "$(sam_get "$sup" poll_period)"
	assertEquals "types as libsam writes them" \
		"last_updated (u64) poll_period (u64) recovery (str) state (str)" \
		"$(corosync-cmapctl -b "resources.process.$sup." | sed 's/^resources\.process\.[0-9]*\.\([a-z_]*\) \(([a-z0-9]*)\).*/\1 \2/' | sort | tr '\n' ' ' | sed 's/ $//')"
	lu1=$(sam_get "$sup" last_updated)
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g resources.process.$sup.last_updated | sed 's/.*= //')\" != $lu1 ]"
	assertTrue "last_updated advances" $?
	lu2=$(sam_get "$sup" last_updated)
	assertTrue "CLOCK_MONOTONIC ns, newer" "[ $lu2 -gt $lu1 ]"
	monitor conn1
	assertEquals "monitor" 0 "$RC"
}

# The publisher killed: no daemon is restarted; the SAM children move to
# connections of their own and keep publishing. The next SAM child to start
# (a restart in place) starts a new publisher and uses it.
test_a_killed_publisher_restarts_no_daemon_and_the_next_child_starts_another() {
	local d1 d2 c1 c2 sup lu pub
	start_res kp1 cmdline_options="tag-kp1"
	started kp1
	assertEquals "start" 0 "$RC"
	start_res kp2 cmdline_options="tag-kp2"
	started kp2
	assertEquals "start" 0 "$RC"
	d1=$(daemon_pid kp1); d2=$(daemon_pid kp2)
	c1=$(sg_get kp1 child_pid); c2=$(sg_get kp2 child_pid)
	pub=$(publisher_pid)
	assertNotEquals "a publisher runs" "" "$pub"
	kill -9 "$pub"
	wait_for 5 holds_connection "$c1"
	assertTrue "kp1's SAM child moved to a connection of its own" $?
	wait_for 5 holds_connection "$c2"
	assertTrue "kp2's too" $?
	assertEquals "kp1's daemon not restarted" "$d1" "$(daemon_pid kp1)"
	assertEquals "kp2's daemon not restarted" "$d2" "$(daemon_pid kp2)"
	assertEquals "no restart counted" "0 0" "$(sg_get kp1 restarts) $(sg_get kp2 restarts)"
	sup=$(sg_get kp1 supervisor_pid)
	lu=$(sam_get "$sup" last_updated)
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g resources.process.$sup.last_updated | sed 's/.*= //')\" != $lu ]"
	assertTrue "still publishing" $?
	assertContains "logged" "$(cat "$SG_LOG")" "samguard-publisher went away"
	monitor kp1
	assertEquals "monitor" 0 "$RC"
	kill -9 "$d1"
	wait_for 10 restarts_at_least kp1 1
	wait_for 10 state_is kp1 running
	assertTrue "kp1 restarted in place" $?
	assertNotEquals "a new publisher" "" "$(publisher_pid)"
	assertNotEquals "not the old one" "$pub" "$(publisher_pid)"
	c1=$(sg_get kp1 child_pid)
	assertEquals "kp1's new SAM child holds no connection" "" "$(corosync_connections "$c1")"
	assertEquals "it uses the new publisher's" 1 "$(corosync_connections "$(publisher_pid)" | wc -l)"
	# nobody's child: the end of the SAM child that started it (which
	# kills whatever it adopted) and its resource's stop leave it running
	pub=$(publisher_pid)
	kill -9 "$(daemon_pid kp1)"
	wait_for 10 restarts_at_least kp1 2
	wait_for 10 state_is kp1 running
	assertTrue "kp1 restarted in place again" $?
	assertEquals "the publisher outlives the SAM child that started it" "$pub" "$(publisher_pid)"
	run_agent kp1 stop
	assertEquals "stop" 0 "$RC"
	assertEquals "and its resource's stop" "$pub" "$(publisher_pid)"
}

test_give_up_leaves_sam_state_failed_and_the_parent_exits() {
	local sup
	start_res gu max_restarts=1 restart_window=60 cmdline_options="--exit-after 300 tag-gu"
	started gu
	assertEquals "start" 0 "$RC"
	sup=$(sg_get gu supervisor_pid)
	wait_for 15 state_is gu failed
	assertTrue "supervisor gave up" $?
	wait_for 5 sh -c "! kill -0 $sup 2>/dev/null"
	assertTrue "the SAM parent exited" $?
	assertEquals "SAM state kept as libsam's sam_mark_failed leaves it" failed "$(sam_get "$sup" state)"
	monitor gu
	assertEquals "monitor after giving up" 1 "$RC"
	assert_reason "max_restarts=1"
}

test_daemon_that_exits_at_once_fails_start_quickly() {
	local t0=$SECONDS
	start_res quick cmdline_options="--exit 3 tag-quick"
	started quick
	assertEquals "start fails" 1 "$RC"
	assert_reason "exit code 3"
	assertTrue "within seconds, not the op timeout" "[ $((SECONDS - t0)) -le 5 ]"
	assertTrue "nothing left" "no_process_left quick"
	assertEquals "no keys left" "" "$(sg_keys quick)"
}

test_daemon_that_cannot_run_fails_start() {
	printf '#!/nonexistent/interpreter\n' > "$SHUNIT_TMPDIR/badscript"
	chmod 755 "$SHUNIT_TMPDIR/badscript"
	run_agent bad start binfile="$SHUNIT_TMPDIR/badscript"
	started bad
	assertEquals "start fails" 1 "$RC"
	assert_reason "cannot execute"
}

# The supervisor's reason reaches start even when reading cmap is slow (a
# busy corosync): 2000 keys that sort between last_failure and state make
# each read of the resource's keys span the supervisor's whole give-up.
# start used to judge such a read, state=failed next to the last_failure
# of before, and said "supervisor exited; see the log".
test_start_learns_why_the_supervisor_gave_up_even_from_slow_cmap_reads() {
	local i
	printf '#!/nonexistent/interpreter\n' > "$SHUNIT_TMPDIR/badscript"
	chmod 755 "$SHUNIT_TMPDIR/badscript"
	for i in $(seq 2000); do echo "samguard.resource.slow.pad$i u8 0"; done > "$SHUNIT_TMPDIR/pad"
	started slow
	for i in 1 2 3; do
		corosync-cmapctl -p "$SHUNIT_TMPDIR/pad" >/dev/null
		run_agent slow start binfile="$SHUNIT_TMPDIR/badscript"
		assertEquals "start $i fails" 1 "$RC"
		assert_reason "cannot execute"
		assertEquals "start $i leaves no key" "" "$(sg_keys slow)"
	done
	# and without the padding, many times in a row (1 in 13 used to fail);
	# fewer under a wrapper (valgrind), which looks for other faults
	for i in $(seq "$([ -n "$WRAP" ] && echo 3 || echo 30)"); do
		run_agent slow start binfile="$SHUNIT_TMPDIR/badscript"
		assertContains "reason of start $i" "$ERR" "cannot execute"
	done
}

test_shell_metacharacters_reach_the_daemon_literally() {
	local f=$SHUNIT_TMPDIR/argv
	start_res meta cmdline_options="--argv-file $f tag-meta '\$HOME; rm -rf /tmp/x | cat' \"a b\" \`id\` '*' ''"
	started meta
	assertEquals "start" 0 "$RC"
	assertEquals "argv as written" "$(printf '%s\n' --argv-file "$f" tag-meta '$HOME; rm -rf /tmp/x | cat' 'a b' '`id`' '*' '')" "$(cat "$f")"
}

test_two_resources_and_a_clone_instance_do_not_interfere() {
	local da db
	start_res "alpha:0" cmdline_options="tag-alpha"
	started "alpha:0"
	assertEquals "start clone instance alpha:0" 0 "$RC"
	start_res alpha.b cmdline_options="tag-alphab"
	started alpha.b
	assertEquals "start alpha.b" 0 "$RC"
	da=$(daemon_pid "alpha:0")
	db=$(daemon_pid alpha.b)
	assertNotEquals "two daemons" "$da" "$db"
	assertEquals "name kept" "alpha:0" "$(sg_get "alpha:0" name)"
	run_agent "alpha:0" stop
	assertEquals "stop alpha:0" 0 "$RC"
	assertFalse "alpha:0 daemon gone" "pid_alive $da"
	assertTrue "alpha.b untouched" "pid_alive $db"
	monitor alpha.b
	assertEquals "alpha.b still healthy" 0 "$RC"
	monitor "alpha:0"
	assertEquals "alpha:0 stopped" 7 "$RC"
}

test_stop_escalates_to_sigkill_when_sigterm_is_ignored() {
	local d
	start_res stubborn stop_timeout=1 cmdline_options="--ignore-term tag-stubborn"
	started stubborn
	assertEquals "start" 0 "$RC"
	d=$(daemon_pid stubborn)
	run_agent stubborn stop
	assertEquals "stop" 0 "$RC"
	assertFalse "daemon killed" "pid_alive $d"
	assertContains "SIGKILL logged" "$(cat "$SG_LOG")" "did not stop in time"
}

test_health_tcp_detects_a_daemon_that_stops_listening() {
	start_res tcp health=tcp health_target=127.0.0.1:7781 cmdline_options="--listen 7781 tag-tcp"
	started tcp
	assertEquals "start after the first passing check" 0 "$RC"
	monitor tcp
	assertEquals "monitor" 0 "$RC"
}

test_health_command_failure_restarts_the_daemon() {
	local flag=$SHUNIT_TMPDIR/healthy
	touch "$flag"
	start_res cmd health=command health_cmd="/usr/bin/test -e $flag" cmdline_options="tag-cmd"
	started cmd
	assertEquals "start after the first passing check" 0 "$RC"
	rm -f "$flag"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.cmd.restarts 2>/dev/null | sed 's/.*= //')\" -ge 1 ]"
	assertTrue "restarted after failing checks" $?
	assertContains "reason" "$(sg_get cmd last_failure)" "health_cmd failed"
}

test_reload_agent_changes_the_restart_limit_live() {
	start_res rl cmdline_options="tag-rl"
	started rl
	assertEquals "start" 0 "$RC"
	run_agent rl reload-agent binfile="$SG_TESTD" max_restarts=9
	assertEquals "reload-agent" 0 "$RC"
	assertEquals "limit updated" 9 "$(sg_get rl max_restarts)"
}

test_corosync_restart_is_detected_and_the_state_republished() {
	local sup
	start_res cr cmdline_options="tag-cr"
	started cr
	assertEquals "start" 0 "$RC"
	sup=$(sg_get cr supervisor_pid)
	corosync-cfgtool -H --force >/dev/null 2>&1
	wait_for 10 sh -c '! pgrep -x corosync >/dev/null'
	monitor cr
	assertEquals "monitor while corosync is down" 1 "$RC"
	assert_reason "corosync"
	start_corosync
	wait_for 15 state_is cr running
	assertTrue "state republished after corosync came back" $?
	assertEquals "same supervisor pid" "$sup" "$(sg_get cr supervisor_pid)"
	assertEquals "SAM keys back" "running" \
		"$(corosync-cmapctl -g "resources.process.$sup.state" 2>/dev/null | sed 's/.*= //')"
	monitor cr
	assertEquals "monitor after corosync came back" 0 "$RC"
}

test_sd_notify_from_outside_the_daemon_tree_is_ignored() {
	local d1 child intruder
	start_res creds health=notify cmdline_options="--notify 50 --watchdog-file $SHUNIT_TMPDIR/creds.wd tag-creds"
	started creds
	assertEquals "start" 0 "$RC"
	d1=$(daemon_pid creds)
	child=$(sg_get creds child_pid)
	# an outsider keeps sending WATCHDOG=1 on the daemon's socket ...
	NOTIFY_SOCKET="/run/samguard/notify/$child" "$SG_TESTD" --notify 20 tag-intruder &
	intruder=$!
	# the outsider is heard (and refused) before the daemon hangs: a slow
	# start of the intruder must not let the restart come first (its
	# socket goes with the child; CI under ASan and load)
	wait_for 10 grep -q "outside the daemon's process tree" "$SG_LOG"
	assertTrue "outsider logged" $?
	# ... while the real daemon hangs, once it is watched (watchdog=auto:
	# after its first WATCHDOG=1)
	wait_for 5 test -e "$SHUNIT_TMPDIR/creds.wd"
	assertTrue "the daemon sent WATCHDOG=1" $?
	kill -STOP "$d1"
	wait_for 5 sh -c "d=\$(corosync-cmapctl -g samguard.resource.creds.daemon_pid | sed 's/.*= //'); [ \"\$d\" != $d1 ]"
	assertTrue "hung daemon restarted despite the outsider's heartbeats" $?
	assertTrue "the outsider was still sending during the hang" "pid_alive $intruder"
	kill "$intruder"
	wait "$intruder" 2>/dev/null || : # killed: its status is 143
}

# workdir and the logs are reached as the user (as ocf:heartbeat:anything's
# su does), so the directory is the user's own, in a path it may traverse.
test_daemon_runs_as_user_with_its_groups_in_workdir_with_its_logs() {
	local dir ids
	dir=$(mktemp -d /tmp/sg-agent-usr.XXXXXX)
	chmod 755 "$dir"
	chown nobody: "$dir"
	start_res usr user=nobody workdir="$dir" logfile="$dir/out.log" errlogfile="$dir/err.log" \
		cmdline_options="--id-file ids --say hello tag-usr"
	started usr
	assertEquals "start" 0 "$RC"
	ids=$(cat "$dir/ids")
	assertEquals "uid, gid, groups and cwd" "$(id -u nobody) $(id -g nobody) $(id -G nobody) $dir" "$ids"
	assertEquals "stdout in logfile" "hello" "$(cat "$dir/out.log")"
	assertEquals "stderr in errlogfile" "err:hello" "$(cat "$dir/err.log")"
	assertEquals "the user created its log" "nobody 640" "$(stat -c '%U %a' "$dir/out.log")"
	run_agent usr stop
	rm -rf "$dir"
}

# Issue 11 row 1, the attack: the daemon's user owns its log directory,
# replaces the log by a symlink to a file only root may write and crashes.
# The in-place restart must not make root append the daemon's text to that
# file (think /etc/cron.d): the log is opened as the user, without
# following a symlink, and the instance gives up with the reason.
test_attacker_log_symlink_does_not_write_as_root() {
	local own victim d1 rc
	own=$(mktemp -d /tmp/sg-attack-own.XXXXXX)
	victim=$(mktemp -d /tmp/sg-attack-root.XXXXXX)
	chmod 755 "$own" "$victim"
	chown nobody: "$own"
	printf 'root only\n' > "$victim/cron-job"
	chmod 644 "$victim/cron-job"
	start_res atk user=nobody workdir="$own" logfile="$own/log" cmdline_options="--say pwned tag-atk"
	started atk
	assertEquals "start" 0 "$RC"
	wait_for 5 grep -q pwned "$own/log"
	assertTrue "the daemon writes its log" $?
	d1=$(daemon_pid atk)
	# as the daemon's user: nothing root-only is needed for this
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		ln -sfn "$victim/cron-job" "$own/log"
	assertEquals "the log is now the attacker's symlink" "$victim/cron-job" "$(readlink "$own/log")"
	kill -9 "$d1"
	wait_for 10 sh -c "corosync-cmapctl -g samguard.resource.atk.last_failure | grep -q 'symbolic links'"
	rc=$?
	assertTrue "the restart refuses the symlink (last_failure: $(sg_get atk last_failure))" "$rc"
	assertContains "reason names the log" "$(sg_get atk last_failure)" "logfile $own/log"
	assertEquals "root's file unchanged" "root only" "$(cat "$victim/cron-job")"
	assertEquals "root's file still root's" "root 644" "$(stat -c '%U %a' "$victim/cron-job")"
	run_agent atk stop
	rm -rf "$own" "$victim"
}

test_monitor_is_not_fooled_by_pid_reuse() {
	local f=/run/samguard/reuse.supervisor saved
	start_res reuse cmdline_options="tag-reuse"
	started reuse
	assertEquals "start" 0 "$RC"
	saved=$(cat "$f")
	# the recorded pid now belongs to another process (pid 1 here)
	echo "1 12345" > "$f"
	run_agent reuse monitor OCF_RESKEY_CRM_meta_interval=10000
	assertNotEquals "a reused pid is not a live supervisor" 0 "$RC"
	echo "$saved" > "$f"
	monitor reuse
	assertEquals "the real record still works" 0 "$RC"
}

test_killed_supervisor_fails_the_monitor_and_its_keys_are_cleaned() {
	local sup d
	start_res sk cmdline_options="tag-sk"
	started sk
	assertEquals "start" 0 "$RC"
	sup=$(sg_get sk supervisor_pid)
	d=$(daemon_pid sk)
	kill -9 "$sup"
	wait_for 5 sh -c "! kill -0 $d 2>/dev/null"
	assertTrue "daemon dies with its supervisor" $?
	monitor sk
	assertEquals "monitor" 1 "$RC"
	assert_reason "supervisor died"
	assertEquals "stale samguard keys removed" "" "$(sg_keys sk)"
	assertEquals "stale SAM keys removed" "" "$(corosync-cmapctl -b "resources.process.$sup." 2>/dev/null)"
	run_agent sk monitor
	assertEquals "probe afterwards" 7 "$RC"
}

set_expected_votes() { corosync-cmapctl -s quorum.expected_votes u32 "$1" >/dev/null; }
quorate() { corosync-quorumtool -s >/dev/null 2>&1; }

test_quorum_require_stops_the_daemon_without_quorum_and_it_comes_back_by_itself() {
	local d1 d2
	start_res qr quorum=require cmdline_options="tag-qr"
	started qr
	assertEquals "start while quorate" 0 "$RC"
	d1=$(daemon_pid qr)
	set_expected_votes 2
	wait_for 5 sh -c "! kill -0 $d1 2>/dev/null"
	assertTrue "daemon killed when quorum is lost" $?
	monitor qr
	assertEquals "monitor without quorum" 190 "$RC"
	assert_reason "quorum"
	set_expected_votes 1
	wait_for 10 sh -c "d=\$(corosync-cmapctl -g samguard.resource.qr.daemon_pid | sed 's/.*= //'); [ \"\$d\" != $d1 ] && kill -0 \$d 2>/dev/null"
	assertTrue "daemon back by itself once quorate" $?
	wait_for 5 state_is qr running
	d2=$(daemon_pid qr)
	monitor qr
	assertEquals "monitor with quorum back (quorum loss is not a daemon failure)" 0 "$RC"
	assertTrue "daemon runs" "pid_alive $d2"
}

test_start_on_an_inquorate_node_fails_fast_with_quorum_require() {
	local t0=$SECONDS
	set_expected_votes 2
	start_res qs quorum=require cmdline_options="tag-qs"
	started qs
	set_expected_votes 1
	assertEquals "start fails" 1 "$RC"
	assert_reason "no quorum"
	assertTrue "fails at once, not at the op timeout" "[ $((SECONDS - t0)) -le 3 ]"
	assertTrue "nothing started" "no_process_left qs"
	# quorum=ignore does not care
	set_expected_votes 2
	start_res qi quorum=ignore cmdline_options="tag-qi"
	started qi
	set_expected_votes 1
	assertEquals "quorum=ignore starts without quorum" 0 "$RC"
}

test_a_crash_loop_walks_the_ladder_0_then_190_then_1() {
	local seq="" last="" end
	# the daemon must outlive one monitor run, which takes over a second
	# under valgrind (SG_AGENT_WRAPPER)
	start_res ladder max_restarts=2 restart_window=60 cmdline_options="--exit-after 3000 tag-ladder"
	started ladder
	assertEquals "start" 0 "$RC"
	end=$((SECONDS + 40))
	while [ $SECONDS -le $end ]; do
		monitor ladder
		if [ "$RC" != "$last" ]; then
			seq="$seq $RC"
			last=$RC
		fi
		[ "$RC" = 1 ] && break
		sleep 0.1
	done
	assertEquals "monitor results in order" " 0 190 1" "$seq"
	assert_reason "max_restarts=2"
}

oneTimeSetUp() {
	SG_LOG=$SHUNIT_TMPDIR/agent.log
	: > "$SG_LOG"
}

# the counts for the result line (sg_suite_run), and the agents' log kept
# when a test failed
oneTimeTearDown() {
	sg_suite_counts
	if [ "${__shunit_testsFailed:-0}" -gt 0 ] && [ -n "${SG_KEEP_LOG:-}" ]; then
		cp "$SG_LOG" "$SG_KEEP_LOG"
	fi
	return 0
}

# ------------------------------------------------------------ containment
# the pids sg-testd --children wrote to $1 ("kind pid" lines), once there
kids_of() { wait_for 5 test -s "$1" && awk '{ print $2 }' "$1"; }

# a process that exists, zombie or not
pid_exists() { [ -n "$1" ] && [ -e "/proc/$1" ]; }

# the instance cgroup the supervisor recorded (empty without one)
instance_cgroup() { cat "/run/samguard/$(enc "$1").cgroup" 2>/dev/null; }

# restart_after_kill NAME: kill -9 the daemon, wait for its successor
restart_after_kill() {
	local d1 i1
	d1=$(daemon_pid "$1")
	i1=$(sg_get "$1" instance)
	kill -9 "$d1"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.$(enc "$1").instance | sed 's/.*= //')\" -gt $i1 ]" &&
		wait_for 5 state_is "$1" running
}

test_every_process_the_daemon_started_dies_with_it_on_restart_and_stop() {
	local f=$SHUNIT_TMPDIR/kids.cg old new p cg own
	[ -n "${SG_SANDBOX_CGROUP:-}" ] || startSkipping
	start_res contcg cmdline_options="--children $f tag-contcg"
	started contcg
	assertEquals "start" 0 "$RC"
	assertEquals "containment published" cgroup "$(sg_get contcg containment)"
	old=$(kids_of "$f")
	assertEquals "four descendants, one of each kind" 4 "$(printf '%s\n' $old | grep -c .)"
	cg=$(instance_cgroup contcg)
	assertEquals "the instance cgroup is below the sandbox's" "$SG_SANDBOX_CGROUP/samguard-contcg" "$cg"
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	for p in $old $(daemon_pid contcg); do
		assertEquals "pid $p is in the instance cgroup" "0::${own%/}/samguard-contcg" \
			"$(grep '^0::' "/proc/$p/cgroup")"
	done
	rm -f "$f"
	restart_after_kill contcg
	assertTrue "restarted in place" $?
	for p in $old; do
		assertFalse "old instance's $(grep " $p\$" "$f" 2>/dev/null)pid $p gone, not even a zombie, after the restart" \
			"pid_exists $p"
	done
	new=$(kids_of "$f")
	run_agent contcg stop
	assertEquals "stop" 0 "$RC"
	for p in $new; do
		assertFalse "pid $p gone after stop" "pid_exists $p"
	done
	assertFalse "instance cgroup removed" "[ -d '$cg' ]"
	assertEquals "no record left" "" "$(instance_cgroup contcg)"
	STARTED=()
}

test_without_a_cgroup_the_group_and_session_still_die_with_the_daemon() {
	local f=$SHUNIT_TMPDIR/kids.pg old new p
	start_res contpg SG_CGROUP=off cmdline_options="--children $f tag-contpg"
	started contpg
	assertEquals "start" 0 "$RC"
	assertEquals "containment published" pgroup "$(sg_get contpg containment)"
	assertEquals "no instance cgroup" "" "$(instance_cgroup contpg)"
	old=$(kids_of "$f")
	assertEquals "four descendants" 4 "$(printf '%s\n' $old | grep -c .)"
	rm -f "$f"
	restart_after_kill contpg
	assertTrue "restarted in place" $?
	# the supervisor child is a subreaper: it kills and reaps even the
	# setsid() ones, which were reparented to it, before it exits
	for p in $old; do
		assertFalse "old instance's pid $p gone, not even a zombie, after the restart" "pid_exists $p"
	done
	new=$(kids_of "$f")
	run_agent contpg stop SG_CGROUP=off
	assertEquals "stop" 0 "$RC"
	for p in $new; do
		assertFalse "pid $p gone after stop" "pid_exists $p"
	done
	STARTED=()
}

# the supervisor is gone (SIGKILL, no chance to clean up): stop still finds
# the group and session (fallback) or everything (cgroup)
test_stop_after_a_killed_supervisor_leaves_nothing_of_the_instance() {
	local f=$SHUNIT_TMPDIR/kids.sk kids p sup child mode
	for mode in on off; do
		rm -f "$f"
		start_res contsk SG_CGROUP=$mode cmdline_options="--children $f tag-contsk"
		assertEquals "start ($mode)" 0 "$RC"
		kids=$(kids_of "$f")
		sup=$(sg_get contsk supervisor_pid)
		child=$(sg_get contsk child_pid)
		kill -9 "$child" "$sup"
		run_agent contsk stop SG_CGROUP=$mode
		assertEquals "stop ($mode)" 0 "$RC"
		while read -r kind p; do
			# without a cgroup a setsid() process whose subreaper died is out of reach
			if [ "$mode" = off ] && [ "$kind" != group ] && [ "$kind" != pgrp ]; then
				kill -9 "$p" 2>/dev/null
				continue
			fi
			assertFalse "$kind pid $p alive after stop ($mode)" "pid_alive $p"
		done <"$f"
	done
}

# ------------------------------------------------------------ readiness, liveness, pid files
# A daemon that only sends READY=1 (redis --supervised systemd, haproxy -Ws)
# runs without being killed: the watchdog is armed by WATCHDOG=1 (auto).
test_readiness_only_notify_daemon_runs_for_ten_intervals_without_a_restart() {
	local d
	start_res ronly health=notify cmdline_options="--notify 50 --ready-only tag-ronly"
	started ronly
	assertEquals "start after READY=1" 0 "$RC"
	d=$(daemon_pid ronly)
	sleep 2.2 # ten health intervals of 200 ms: nothing may happen
	assertEquals "same daemon" "$d" "$(daemon_pid ronly)"
	assertEquals "no restart" 0 "$(sg_get ronly restarts)"
	assertTrue "daemon alive" "pid_alive $d"
	monitor ronly
	assertEquals "monitor" 0 "$RC"
}

# watchdog=require: READY=1 arms the watchdog, silence is a hang (0.1's rule).
test_watchdog_require_kills_a_daemon_that_never_sends_watchdog() {
	start_res wreq health=notify watchdog=require cmdline_options="--notify 50 --ready-only tag-wreq"
	started wreq
	assertEquals "start after READY=1" 0 "$RC"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.wreq.restarts | sed 's/.*= //')\" -ge 1 ]"
	assertTrue "restarted for a missing WATCHDOG=1" $?
	assertContains "reason" "$(sg_get wreq last_failure)" "WATCHDOG=1"
}

# Ready by READY=1, alive by a probe: readiness=notify with health=command.
test_ready_by_notify_alive_by_command() {
	local alive=$SHUNIT_TMPDIR/alive.rc d
	touch "$alive"
	start_res rcmd health=command health_cmd="/usr/bin/test -e $alive" readiness=notify \
		cmdline_options="--notify 50 --ready-only tag-rcmd"
	started rcmd
	assertEquals "start" 0 "$RC"
	assertContains "readiness came from READY=1" "$(grep 'samguard-run(rcmd)' "$SG_LOG")" "daemon is ready (READY=1)"
	d=$(daemon_pid rcmd)
	rm -f "$alive"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.rcmd.restarts | sed 's/.*= //')\" -ge 1 ]"
	assertTrue "the failing probe restarts the daemon" $?
	assertContains "reason" "$(sg_get rcmd last_failure)" "health_cmd failed"
	assertFalse "old daemon gone" "pid_alive $d"
}

# A program that forks into the background is followed through its pid file,
# restarted in place when killed, and stop leaves nothing of it.
test_self_daemonizing_program_is_followed_through_its_pidfile() {
	local pf=$SHUNIT_TMPDIR/dz.pid d1 d2
	start_res dz pidfile="$pf" cmdline_options="--daemonize $pf tag-dz"
	started dz
	assertEquals "start" 0 "$RC"
	d1=$(daemon_pid dz)
	assertEquals "the daemon is the pid in the file" "$(cat "$pf")" "$d1"
	assertTrue "it runs" "pid_alive $d1"
	kill -9 "$d1"
	wait_for 5 sh -c "d=\$(corosync-cmapctl -g samguard.resource.dz.daemon_pid | sed 's/.*= //'); [ -n \"\$d\" ] && [ \"\$d\" != $d1 ] && [ \"\$d\" = \"\$(cat $pf)\" ]"
	assertTrue "restarted in place and followed again" $?
	d2=$(daemon_pid dz)
	assertTrue "new daemon runs" "pid_alive $d2"
	assertEquals "one restart" 1 "$(sg_get dz restarts)"
	run_agent dz stop
	assertEquals "stop" 0 "$RC"
	assertFalse "nothing left" "pid_alive $d2"
	assertTrue "no process of the instance" "no_process_left dz"
}

# A pid file that names a process that is not ours fails the start: the
# supervisor never follows (and would never kill) a foreign process.
test_pidfile_naming_a_foreign_process_fails_the_start() {
	local pf=$SHUNIT_TMPDIR/fp.pid
	sleep 300 &
	local foreign=$!
	echo "$foreign" >"$pf"
	start_res fp pidfile="$pf" OCF_RESKEY_CRM_meta_timeout=6000 \
		cmdline_options="--daemonize $SHUNIT_TMPDIR/elsewhere.pid tag-fp"
	started fp
	assertNotEquals "start fails" 0 "$RC"
	assertContains "reason" "$ERR" "names no process of this instance"
	assertTrue "the foreign process was not touched" "pid_alive $foreign"
	kill "$foreign"
}

# ------------------------------------------------------------ evidence and backoff (issue 13)
# restarts_at_least NAME N: the resource was restarted in place N times
restarts_at_least() { [ "$(sg_get "$1" restarts 2>/dev/null)" -ge "$2" ] 2>/dev/null; }

# records_of DIR NAME: how many failure records NAME has in DIR
records_of() { find "$1/$(enc "$2")" -maxdepth 1 -name '*.txt' 2>/dev/null | wc -l; }

# lines_of FILE: how many lines FILE has (0 when missing)
lines_of() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# A hung daemon is killed only after its evidence is written: its threads'
# states and wchan, the kernel stack, memory, CPU and the last STATUS=, in
# a private file; the summary is last_failure.
test_a_hung_daemon_leaves_a_record_of_its_threads_and_status() {
	local dir=$SHUNIT_TMPDIR/failures rec text summary ms
	start_res evid health=notify failure_dir="$dir" cmdline_options="--notify 50 --status 'busy with job 42' \
		--threads 2 --hang-once $SHUNIT_TMPDIR/evid.hung --hang-after 300 tag-evid"
	started evid
	assertEquals "start" 0 "$RC"
	wait_for 10 restarts_at_least evid 1
	assertTrue "restarted after the hang" $?
	rec=$(sg_get evid failure_record)
	assertTrue "record '$rec' exists" "[ -f '$rec' ]"
	assertEquals "in failure_dir/<name>/" "$dir/evid" "$(dirname "$rec")"
	assertEquals "failure_dir is private" "700 root" "$(stat -c '%a %U' "$dir")"
	assertEquals "the resource's directory too" "700 root" "$(stat -c '%a %U' "$dir/evid")"
	assertEquals "the record is 0600" "600 root" "$(stat -c '%a %U' "$rec")"
	text=$(cat "$rec")
	assertContains "the verdict" "$text" "reason: no WATCHDOG=1 within 200 ms"
	assertContains "all three threads" "$text" "threads: 3 (3 recorded)"
	assertEquals "the hung thread blocked in read(), as wchan shows" 1 \
		"$(grep -c '^  tid [0-9]* state S wchan [a-z_]*pipe_read ' "$rec")"
	assertEquals "two more threads, asleep elsewhere" 2 \
		"$(grep '^  tid [0-9]* state S wchan ' "$rec" | grep -vc pipe_read)"
	assertContains "the last STATUS=" "$text" "last STATUS=: busy with job 42"
	assertTrue "memory: $(grep '^memory' "$rec")" "grep -q '^memory: VmRSS [0-9][0-9]* kB, VmHWM [0-9][0-9]* kB' '$rec'"
	assertTrue "CPU use" "grep -q '^cpu: utime [0-9]* ticks' '$rec'"
	assertTrue "the kernel stack (root reads it)" "grep -q -A1 '^kernel stack (/proc/' '$rec'"
	assertContains "then SIGKILL" "$text" "after: SIGKILL"
	ms=$(sed -n 's/^capture: \([0-9.]*\) ms.*/\1/p' "$rec")
	echo "measured: evidence capture of 3 threads ${ms} ms"
	summary=$(sg_get evid last_failure)
	assertContains "last_failure is the summary: $summary" "$summary" \
		"no WATCHDOG=1 within 200 ms (daemon hung?); 3 threads: S "
	assertContains "with the hung thread's wchan" "$summary" "pipe_read"
	assertContains "and the last STATUS=" "$summary" "STATUS=busy with job 42"
	assertEquals "the record's summary line" "summary: $summary" "$(sed -n 2p "$rec")"
	assertEquals "failure_summary" "$summary" "$(sg_get evid failure_summary)"
	monitor evid
	assertEquals "monitor: restarted in place" 190 "$RC"
	# the exit reason is cut at 128 bytes; it starts with the summary
	assert_reason "last: no WATCHDOG=1 within 200 ms (daemon hung?); 3 threads: S"
	if command -v samguardctl >/dev/null; then
		assertContains "samguardctl show: the record" "$(samguardctl show evid)" "failure record:    $rec"
		assertContains "samguardctl show: its summary" "$(samguardctl show evid)" "record summary:    $summary"
		assertContains "samguardctl show --json" "$(samguardctl show --json evid)" "\"failure_record\": \"$rec\""
	fi
}

# Every instance hangs: only the newest failure_records records stay.
test_only_the_newest_failure_records_are_kept() {
	local dir=$SHUNIT_TMPDIR/failures.rot kept
	start_res rot health=notify max_restarts=20 failure_dir="$dir" failure_records=3 \
		cmdline_options="--notify 50 --hang-after 200 tag-rot"
	started rot
	assertEquals "start" 0 "$RC"
	wait_for 20 restarts_at_least rot 5
	assertTrue "five hangs" $?
	run_agent rot stop
	assertEquals "stop" 0 "$RC"
	STARTED=()
	assertEquals "three records kept" 3 "$(records_of "$dir" rot)"
	# names end in -<instance>.txt: the three of the latest instances
	kept=$(find "$dir/rot" -name '*.txt' -printf '%f\n' | sed 's/.*-\([0-9]*\)\.txt$/\1/' | sort -n | xargs)
	set -- $kept
	assertTrue "consecutive instances, the oldest gone: $kept" "[ $# -eq 3 ] && [ \$(($2 - $1)) -eq 1 ] && [ \$(($3 - $2)) -eq 1 ] && [ $1 -ge 3 ]"
	assertEquals "files sort by time as by instance" "$kept" \
		"$(find "$dir/rot" -name '*.txt' -printf '%f\n' | sort | sed 's/.*-\([0-9]*\)\.txt$/\1/' | xargs)"
}

# hang_signal=abort: SIGABRT (for a core dump) reaches the hung daemon
# before SIGKILL, and the record says how it died.
test_hang_signal_abort_sends_sigabrt_before_sigkill() {
	local dir=$SHUNIT_TMPDIR/failures.ab ab=$SHUNIT_TMPDIR/abort.txt d1 rec
	rm -f "$ab"
	# workdir: where a core file would go with core_pattern "core"
	start_res abrt health=notify hang_signal=abort failure_dir="$dir" workdir="$SHUNIT_TMPDIR" \
		cmdline_options="--notify 50 --abort-file $ab --hang-after 300 tag-abrt"
	started abrt
	assertEquals "start" 0 "$RC"
	d1=$(daemon_pid abrt)
	wait_for 10 restarts_at_least abrt 1
	assertTrue "restarted after the hang" $?
	assertEquals "the hung daemon got SIGABRT" "SIGABRT $d1" "$(head -1 "$ab" 2>/dev/null)"
	rec=$(sg_get abrt failure_record)
	assertContains "the record says it died of it" "$(cat "$rec" 2>/dev/null)" \
		"after: SIGABRT: the daemon died of signal 6 (SIGABRT)"
	assertFalse "the hung daemon is gone" "pid_alive $d1"
	wait_for 5 state_is abrt running
	assertTrue "the new one runs" $?
}

# hang_signal=none (the default): no SIGABRT, SIGKILL at once.
test_hang_signal_none_sends_no_sigabrt() {
	local ab=$SHUNIT_TMPDIR/abort.none
	rm -f "$ab"
	start_res nabrt health=notify failure_dir="$SHUNIT_TMPDIR/failures.none" \
		cmdline_options="--notify 50 --abort-file $ab --hang-after 300 tag-nabrt"
	started nabrt
	assertEquals "start" 0 "$RC"
	wait_for 10 restarts_at_least nabrt 1
	assertTrue "restarted after the hang" $?
	assertFalse "no SIGABRT" "[ -e '$ab' ]"
}

# A daemon the kernel's OOM killer killed is reported as such. Needs the
# memory controller in the instance cgroup (cgroup v2 with memory enabled
# for the sandbox's subtree).
test_a_daemon_killed_by_the_oom_killer_is_reported_as_such() {
	local cg why=''
	if [ -z "${SG_SANDBOX_CGROUP:-}" ]; then
		why="no sandbox cgroup"
	elif ! grep -qw memory "$SG_SANDBOX_CGROUP/cgroup.controllers" 2>/dev/null; then
		why="the sandbox's cgroup v2 has no memory controller (controllers: $(cat "$SG_SANDBOX_CGROUP/cgroup.controllers" 2>/dev/null))"
	elif ! grep -qw memory "$SG_SANDBOX_CGROUP/cgroup.subtree_control" 2>/dev/null &&
		! echo +memory >"$SG_SANDBOX_CGROUP/cgroup.subtree_control" 2>/dev/null; then
		why="cannot enable the memory controller below the sandbox's cgroup"
	fi
	if [ -n "$why" ]; then
		echo "skipped test_a_daemon_killed_by_the_oom_killer_is_reported_as_such: $why"
		startSkipping
		return 0
	fi
	start_res oom max_restarts=20 failure_dir="$SHUNIT_TMPDIR/failures.oom" \
		cmdline_options="--alloc-after 600 256 tag-oom"
	started oom
	assertEquals "start" 0 "$RC"
	cg=$(instance_cgroup oom)
	echo $((32 * 1024 * 1024)) >"$cg/memory.max"
	echo 0 >"$cg/memory.swap.max" 2>/dev/null
	wait_for 10 restarts_at_least oom 1
	assertTrue "restarted" $?
	assertContains "last_failure" "$(sg_get oom last_failure)" "killed by the OOM killer (memory.events oom_kill"
	assertContains "the record" "$(cat "$(sg_get oom failure_record)" 2>/dev/null)" "oom: killed by the OOM killer"
}

# restart_delay: the first restart is immediate, then the wait doubles up
# to restart_delay_max. Lower bounds only: each gap is at least the
# daemon's life (300 ms) plus the delay.
test_restart_backoff_grows_between_instance_starts() {
	local st=$SHUNIT_TMPDIR/stamps.bo i gap want
	local -a s delay=(0 0 200 400 800)
	rm -f "$st"
	start_res backoff restart_delay=200 restart_delay_max=800 max_restarts=10 \
		cmdline_options="--stamp-append $st --exit-after 300 tag-backoff"
	started backoff
	assertEquals "start" 0 "$RC"
	wait_for 15 sh -c "[ \$(wc -l <'$st') -ge 5 ]"
	assertTrue "five starts: $(lines_of "$st")" $?
	mapfile -t s <"$st"
	for ((i = 1; i < 5 && i < ${#s[@]}; i++)); do
		gap=$(((s[i] - s[i - 1]) / 1000000))
		want=$((300 + delay[i]))
		echo "measured: start $i -> $((i + 1)): ${gap} ms (restart $i, delay ${delay[i]} ms)"
		assertTrue "gap $i ${gap} ms >= ${want} ms" "[ $gap -ge $want ]"
	done
	run_agent backoff stop
	assertEquals "stop" 0 "$RC"
	assertTrue "nothing left" "no_process_left backoff"
}

# A stop while the supervisor waits before a restart ends the wait at
# once: the daemon is not started again and nothing is left.
test_stop_during_a_restart_backoff_returns_at_once_and_leaves_nothing() {
	local st=$SHUNIT_TMPDIR/stamps.bw t0 t1
	rm -f "$st"
	start_res bowait restart_delay=30000 max_restarts=10 \
		cmdline_options="--stamp-append $st --exit-after 300 tag-bowait"
	started bowait
	assertEquals "start" 0 "$RC"
	# the second restart waits 30 s
	wait_for 10 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.bowait.restart_delay_ms 2>/dev/null | sed 's/.*= //')\" = 30000 ]"
	assertTrue "in the backoff wait" $?
	assertEquals "two starts so far" 2 "$(lines_of "$st")"
	t0=$(date +%s%N)
	run_agent bowait stop
	t1=$(date +%s%N)
	echo "measured: stop during a 30000 ms backoff: $(((t1 - t0) / 1000000)) ms"
	assertEquals "stop" 0 "$RC"
	# the wait ended for the stop, not by a kill from the agent's stop
	assertTrue "the supervisor ended its wait for the stop" \
		"grep -q 'samguard-run(bowait).*stop requested during the restart backoff' '$SG_LOG'"
	assertTrue "nothing left" "no_process_left bowait"
	assertEquals "no keys left" "" "$(sg_keys bowait)"
	assertEquals "the daemon was not started again" 2 "$(lines_of "$st")"
	STARTED=()
}

sg_suite_run
