#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_samguardctl.sh - samguardctl against a real corosync (inside
# cts/lib/sandbox.sh, the installed build on the real paths), with SAM
# processes started by samguard (SAMProcess) and by a plain libsam program
# (cts/tools/sam-plain.c). Run by cts/suites/tools; its last line is
# "SG-RESULT <tests> <failed>". Each test reads like the sentence of the
# issue it proves.

# shellcheck source=cts/tools/lib.sh
. "$(dirname "$0")/lib.sh"

SERVERS=()

# start our own samguardctl serve; sets SERVE_PID once it answers
serve_start() {
	"$CTL" serve </dev/null >/dev/null 2>&1 &
	SERVE_PID=$!
	SERVERS+=("$SERVE_PID")
	wait_for 10 sh -c "'$CTL' list >/dev/null 2>&1 && ss -xlp 2>/dev/null | grep -q 'samguard/ctl'"
}

setUp() { STARTED=() PLAINS=() SERVERS=(); }

tearDown() {
	local p
	corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1 || start_corosync
	for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	cleanup_all
}

# ------------------------------------------------------------ list
test_list_shows_sam_processes_of_samguard_and_of_plain_libsam_programs() {
	local sup plain
	res_start web:0
	assertEquals "SAMProcess start" 0 "$RC"
	plain_start a --interval 400
	assertTrue "plain SAM program runs" $?
	plain=$PLAIN_PID
	sup=$(sg_get web:0 supervisor_pid)
	run_ctl list
	assertEquals "list rc" 0 "$RC"
	assertEquals "header" "NAME" "$(printf '%s\n' "$OUT" | head -1 | awk '{print $1}')"
	assertEquals "two processes" 3 "$(printf '%s\n' "$OUT" | wc -l)"
	assertContains "samguard resource by its Pacemaker name" "$OUT" "web:0"
	assertContains "plain program by its program name" "$OUT" "sam-plain"
	assertEquals "web:0 row: pid, daemon, status, state, health" \
		"web:0 $sup $(sg_get web:0 daemon_pid) ok running exit 200ms" \
		"$(printf '%s\n' "$OUT" | awk '$1 == "web:0" { print $1, $2, $3, $4, $5, $6, $7 }')"
	assertEquals "sam-plain row: SAM pid, status, state, interval" "sam-plain $plain ok running sam 400ms" \
		"$(printf '%s\n' "$OUT" | awk '$1 == "sam-plain" { print $1, $2, $4, $5, $6, $7 }')"
	# "list" is the default command
	run_ctl
	assertEquals "no command is list" 3 "$(printf '%s\n' "$OUT" | wc -l)"
}

test_list_json_is_valid_and_describes_each_process() {
	local plain
	res_start db.main:1
	plain_start b --interval 300
	plain=$PLAIN_PID
	run_ctl list --json
	assertEquals "rc" 0 "$RC"
	assertTrue "valid JSON: $OUT" "json_ok '$OUT'"
	assertEquals "version" 1 "$(jqr version "$OUT")"
	assertEquals "two processes" 2 "$(jqr summary.total "$OUT")"
	assertEquals "name decoded from db_2emain_3a1" "db.main:1" "$(proc_field db.main:1 name)"
	assertEquals "origin samguard" samguard "$(proc_field db.main:1 origin)"
	assertEquals "resource" "db.main:1" "$(proc_field db.main:1 resource)"
	assertEquals "supervisor pid = SAM pid" "$(sg_get db.main:1 supervisor_pid)" "$(proc_field db.main:1 pid)"
	assertEquals "supervisor alive" true "$(proc_field db.main:1 supervisor.alive)"
	assertEquals "daemon pid" "$(sg_get db.main:1 daemon_pid)" "$(proc_field db.main:1 daemon.pid)"
	assertEquals "interval" 200 "$(proc_field db.main:1 interval_ms)"
	assertEquals "restarts" 0 "$(proc_field db.main:1 restarts)"
	assertEquals "status ok" ok "$(proc_field db.main:1 status)"
	assertEquals "plain: origin" sam "$(proc_field "$plain" origin)"
	assertEquals "plain: program" sam-plain "$(proc_field "$plain" program)"
	assertEquals "plain: no resource" null "$(proc_field "$plain" resource)"
	assertEquals "plain: SAM state" running "$(proc_field "$plain" sam_state)"
	assertEquals "plain: interval" 300 "$(proc_field "$plain" interval_ms)"
	assertEquals "plain: SAM child as daemon" "$(cut -d' ' -f2 "$SHUNIT_TMPDIR/plain-b.pid")" \
		"$(proc_field "$plain" daemon.pid)"
	assertTrue "plain: last check age in ms, recent" "[ $(proc_field "$plain" last_check_age_ms) -lt 2000 ]"
	assertEquals "plain: not stale" false "$(proc_field "$plain" stale)"
}

test_json_stays_valid_whatever_bytes_the_daemons_publish() {
	local nasty out
	# quotes, backslash, tab, a control character, bytes that are not UTF-8
	nasty=$(printf 'say "hi"\\ \t\001 \xff\xfe caf\xc3\xa9')
	res_start odd health=notify cmdline_options="--notify 50 --status '$nasty' tag-odd"
	assertEquals "start" 0 "$RC"
	out=$("$CTL" show --json odd)
	assertTrue "show --json valid: $out" "json_ok '$out'"
	assertContains "status kept, escaped" "$(jqr process.status_message "$out")" 'say "hi"\'
	assertContains "UTF-8 kept" "$(jqr process.status_message "$out")" "café"
	out=$("$CTL" list --json)
	assertTrue "list --json valid" "json_ok '$out'"
}

test_show_by_name_and_by_pid_tells_everything_known() {
	local sup d
	res_start show1 max_restarts=7
	sup=$(sg_get show1 supervisor_pid)
	d=$(sg_get show1 daemon_pid)
	run_ctl show show1
	assertEquals "rc" 0 "$RC"
	assertContains "name" "$OUT" "show1"
	assertContains "supervisor" "$OUT" "pid $sup"
	assertContains "daemon" "$OUT" "pid $d, alive"
	assertContains "limit" "$OUT" "limit 7"
	assertContains "keys" "$OUT" "samguard.resource.show1.*"
	run_ctl show "$sup"
	assertEquals "by supervisor pid" 0 "$RC"
	assertContains "same process" "$OUT" "show1"
	run_ctl show "$d"
	assertEquals "by daemon pid" 0 "$RC"
	assertContains "same process" "$OUT" "show1"
	run_ctl show --json show1
	assertTrue "json" "json_ok '$OUT'"
	assertEquals "full: max_restarts" 7 "$(jqr process.max_restarts "$OUT")"
	assertEquals "full: instance" 1 "$(jqr process.instance "$OUT")"
	assertEquals "full: SAM recovery" restart "$(jqr process.recovery "$OUT")"
	assertEquals "full: keys" "samguard.resource.show1." "$(jqr process.keys.samguard "$OUT")"
	run_ctl show no-such-thing
	assertEquals "unknown name: rc 5" 5 "$RC"
	assertContains "message" "$ERR" "no SAM process"
	run_ctl show 999999
	assertEquals "unknown pid: rc 5" 5 "$RC"
}

# ------------------------------------------------------------ stale
test_a_killed_plain_sam_parent_is_listed_as_stale() {
	local p
	plain_start c --interval 300
	p=$PLAIN_PID
	kill -9 "$p"
	wait_for 3 sh -c "! kill -0 $p 2>/dev/null"
	run_ctl list
	assertEquals "STALE in the list" "STALE" "$(printf '%s\n' "$OUT" | awk -v p="$p" '$2 == p { print $4 }')"
	assertEquals "json: stale" true "$(proc_field "$p" stale)"
	assertEquals "json: status" stale "$(proc_field "$p" status)"
	assertEquals "json: supervisor gone" false "$(proc_field "$p" supervisor.alive)"
}

test_a_killed_samguard_supervisor_is_listed_as_stale() {
	local sup
	res_start killed
	sup=$(sg_get killed supervisor_pid)
	kill -9 "$sup"
	wait_for 3 sh -c "! kill -0 $sup 2>/dev/null"
	assertEquals "stale" true "$(proc_field killed stale)"
	assertEquals "status" stale "$(proc_field killed status)"
	run_ctl list
	assertContains "STALE" "$(printf '%s\n' "$OUT" | grep '^killed ')" "STALE"
}

test_a_hung_sam_parent_is_listed_as_hung() {
	local p
	plain_start h --interval 200
	p=$PLAIN_PID
	kill -STOP "$p"
	wait_for 5 sh -c "[ \"\$('$CTL' list --json --direct | python3 -c 'import json,sys; print([x[\"status\"] for x in json.load(sys.stdin)[\"processes\"] if x[\"pid\"] == $p][0])')\" = hung ]"
	assertTrue "hung after 1.5 x interval without heartbeat" $?
	kill -CONT "$p"
	wait_for 5 sh -c "[ \"\$('$CTL' list --json --direct | python3 -c 'import json,sys; print([x[\"status\"] for x in json.load(sys.stdin)[\"processes\"] if x[\"pid\"] == $p][0])')\" = ok ]"
	assertTrue "ok again" $?
}

test_a_crash_loop_shows_restarts_last_failure_and_then_failed() {
	res_start loop max_restarts=1 restart_window=60 cmdline_options="--exit-after 300 tag-loop"
	assertEquals "start" 0 "$RC"
	wait_for 10 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.loop.state | sed 's/.*= //')\" = failed ]"
	run_ctl list
	assertContains "FAILED" "$(printf '%s\n' "$OUT" | grep '^loop ')" "FAILED"
	assertContains "last failure" "$(printf '%s\n' "$OUT" | grep '^loop ')" "exit"
	assertTrue "restarts counted" "[ $(proc_field loop restarts) -ge 1 ]"
}

# ------------------------------------------------------------ cleanup
test_cleanup_deletes_only_keys_whose_supervisor_is_provably_dead() {
	local live dead sup_dead
	plain_start live --interval 300
	live=$PLAIN_PID
	plain_start dead --interval 300
	dead=$PLAIN_PID
	res_start alive
	res_start gone
	sup_dead=$(sg_get gone supervisor_pid)
	kill_sam_parent "$dead" && kill_sam_parent "$sup_dead"
	assertTrue "corosync dropped their connections" $?

	run_ctl cleanup --dry-run
	assertEquals "dry run rc" 0 "$RC"
	assertContains "would delete the dead plain one" "$OUT" "would-delete resources.process.$dead.*"
	assertContains "would delete the dead resource" "$OUT" "would-delete samguard.resource.gone.*"
	assertContains "and its SAM keys" "$OUT" "would-delete resources.process.$sup_dead.*"
	assertNotContains "never the live plain one" "$OUT" "resources.process.$live."
	assertNotContains "never the live resource" "$OUT" "samguard.resource.alive."
	assertNotEquals "dry run deletes nothing" "" "$(cmap_get "resources.process.$dead.state")"
	assertNotEquals "dry run deletes nothing (samguard)" "" "$(sg_get gone state)"

	run_ctl cleanup --json
	assertEquals "cleanup rc" 0 "$RC"
	assertTrue "cleanup json valid" "json_ok '$OUT'"
	assertEquals "three key sets deleted" 3 "$(jqr summary.deleted "$OUT")"
	assertEquals "dead plain keys gone" "" "$(corosync-cmapctl -b "resources.process.$dead." 2>/dev/null)"
	assertEquals "dead resource keys gone" "" "$(corosync-cmapctl -b samguard.resource.gone. 2>/dev/null)"
	assertEquals "its SAM keys gone" "" "$(corosync-cmapctl -b "resources.process.$sup_dead." 2>/dev/null)"
	assertEquals "live plain keys kept" running "$(cmap_get "resources.process.$live.state")"
	assertEquals "live resource keys kept" running "$(sg_get alive state)"
	assertEquals "live resource's SAM keys kept" running \
		"$(cmap_get "resources.process.$(sg_get alive supervisor_pid).state")"
	run_ctl cleanup
	assertEquals "nothing left to do" "0 key sets deleted, 0 kept, 0 failed" "$OUT"
}

# A key that libqb's trie holds an extra reference on survives one
# cmap_delete (cts/tools/cmap-pin.c); cleanup must still leave nothing.
test_cleanup_deletes_a_key_that_survives_one_delete() {
	local sup
	corosync-cmapctl -s test.pin.scratch str x >/dev/null
	"$PIN" test.pin.scratch
	corosync-cmapctl -d test.pin.scratch
	if [ -z "$(cmap_get test.pin.scratch)" ]; then
		# this libqb drops the reference: the hazard is gone, the test
		# below could not fail
		startSkipping
	fi
	cmap_delete_prefix test.pin.
	res_start pinned
	sup=$(sg_get pinned supervisor_pid)
	kill_sam_parent "$sup"
	assertTrue "corosync dropped its connections" $?
	"$PIN" samguard.resource.pinned.state
	assertTrue "pinned" $?
	run_ctl cleanup
	assertEquals "cleanup rc" 0 "$RC"
	assertEquals "every key of the dead resource gone, the pinned one too" "" \
		"$(corosync-cmapctl samguard.resource.pinned. 2>/dev/null)"
}

test_cleanup_never_trusts_a_bare_pid() {
	local old young watcher now
	# keys naming a live process that started before their last update:
	# it may be the writer (SAM records no start time): kept
	sleep 1000 &
	old=$!
	sleep 1.2
	now=$("$SG_BUILDDIR/bench/timeit" kill 0 $$)
	corosync-cmapctl -s "resources.process.$old.state" str running
	corosync-cmapctl -s "resources.process.$old.last_updated" u64 "$now"
	# a pid that started after the keys' last update was reused: deleted
	sleep 1000 &
	young=$!
	corosync-cmapctl -s "resources.process.$young.state" str running
	corosync-cmapctl -s "resources.process.$young.last_updated" u64 1000
	# reused too, but it talks to corosync (as a SAM parent does): kept
	"$CTL" watch >/dev/null 2>&1 &
	watcher=$!
	sleep 0.5
	corosync-cmapctl -s "resources.process.$watcher.state" str running
	corosync-cmapctl -s "resources.process.$watcher.last_updated" u64 1000
	run_ctl cleanup
	assertNotContains "a live writer is no candidate" "$OUT" "resources.process.$old."
	assertTrue "reused pid deleted: $OUT" "printf '%s\n' \"\$OUT\" | grep -Eq '^deleted +resources\.process\.$young\.\*'"
	assertTrue "connected pid kept" "printf '%s\n' \"\$OUT\" | grep -Eq '^kept +resources\.process\.$watcher\.\*'"
	assertContains "reason" "$OUT" "corosync still holds a connection from pid $watcher"
	assertEquals "old kept" running "$(cmap_get "resources.process.$old.state")"
	assertEquals "young deleted" "" "$(cmap_get "resources.process.$young.state")"
	kill "$old" "$young" "$watcher"
	wait "$old" "$young" "$watcher" 2>/dev/null
}

# ------------------------------------------------------------ watch
test_watch_prints_each_change_as_cmap_reports_it() {
	local w out sup n r
	"$CTL" watch --json > "$SHUNIT_TMPDIR/watch.out" 2>"$SHUNIT_TMPDIR/watch.err" &
	w=$!
	wait_for 5 test -s "$SHUNIT_TMPDIR/watch.out"
	assertEquals "snapshot first" 1 "$(jqr version "$(head -1 "$SHUNIT_TMPDIR/watch.out")")"
	# heartbeats change a key every 250 ms but nothing the list shows: no line
	plain_start quiet --interval 1000
	wait_for 5 grep -q "\"pid\":$PLAIN_PID,.*\"state\":\"running\"" "$SHUNIT_TMPDIR/watch.out"
	assertTrue "update: a new SAM process" $?
	n=$(wc -l < "$SHUNIT_TMPDIR/watch.out")
	sleep 2
	assertEquals "two seconds of heartbeats print nothing" "$n" "$(wc -l < "$SHUNIT_TMPDIR/watch.out")"
	res_start watched
	wait_for 5 grep -q '"resource":"watched".*"state":"running"' "$SHUNIT_TMPDIR/watch.out"
	assertTrue "update: running" $?
	kill -9 "$(sg_get watched daemon_pid)"
	# wait for the new instance to be up, not only counted: a supervisor
	# killed while its child still publishes can have a cmap write in
	# flight that lands after the keys are deleted below (seen once in CI)
	wait_for 5 grep -q '"resource":"watched".*"state":"running".*"restarts":1' "$SHUNIT_TMPDIR/watch.out"
	assertTrue "update: restarted" $?
	sup=$(sg_get watched supervisor_pid)
	kill_sam_parent "$sup"
	assertTrue "corosync dropped the supervisor's and its child's connections" $?
	wait_for 5 grep -q '"resource":"watched".*"stale":true' "$SHUNIT_TMPDIR/watch.out"
	assertTrue "update: supervisor killed (no key changed; pidfd)" $?
	cmap_delete_prefix samguard.resource.watched.
	assertTrue "samguard keys deleted" $?
	cmap_delete_prefix "resources.process.$sup."
	assertTrue "SAM keys deleted" $?
	wait_for 5 grep -q '"event":"remove".*"name":"watched"' "$SHUNIT_TMPDIR/watch.out"
	r=$?
	assertTrue "remove event; watch printed: $(tail -5 "$SHUNIT_TMPDIR/watch.out")" $r
	kill "$w"
	wait "$w"
	assertEquals "watch ends with 0 on SIGTERM" 0 $?
	while IFS= read -r out; do
		json_ok "$out" || fail "not JSON: $out"
	done < "$SHUNIT_TMPDIR/watch.out"
}

test_watch_in_text_shows_the_table_then_timestamped_rows() {
	local w
	plain_start wt --interval 300
	: > "$SHUNIT_TMPDIR/watcht.out"
	"$CTL" watch > "$SHUNIT_TMPDIR/watcht.out" 2>&1 &
	w=$!
	wait_for 5 grep -q '^NAME' "$SHUNIT_TMPDIR/watcht.out"
	assertContains "the list first" "$(cat "$SHUNIT_TMPDIR/watcht.out")" "sam-plain"
	kill -9 "$PLAIN_PID"
	wait_for 5 grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} sam-plain .*STALE' "$SHUNIT_TMPDIR/watcht.out"
	assertTrue "a timestamped row for the change: $(cat "$SHUNIT_TMPDIR/watcht.out")" $?
	kill "$w"
	wait "$w" 2>/dev/null
}

# ------------------------------------------------------------ serve
test_serve_answers_exactly_what_a_direct_read_gives() {
	local a b
	res_start s1
	res_start s2:0
	plain_start s3 --interval 400
	serve_start
	assertTrue "serve answers" $?
	# drop what moves between two reads: ages and the time stamp
	a=$("$CTL" list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("time_ms"); [p.pop("last_check_age_ms") for p in d["processes"]]; print(json.dumps(d, sort_keys=True))')
	b=$("$CTL" list --json --direct | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("time_ms"); [p.pop("last_check_age_ms") for p in d["processes"]]; print(json.dumps(d, sort_keys=True))')
	assertEquals "server = direct" "$b" "$a"
	assertEquals "show the same" "$("$CTL" show s2:0 --direct | grep -v 'last check')" \
		"$("$CTL" show s2:0 | grep -v 'last check')"
	# the server follows changes at once
	kill -9 "$(sg_get s1 daemon_pid)"
	wait_for 5 sh -c "'$CTL' list | grep '^s1 ' | grep -q flapping"
	assertTrue "server sees the restart" $?
	kill -9 "$PLAIN_PID"
	wait_for 5 sh -c "'$CTL' list | awk '\$2 == $PLAIN_PID' | grep -q STALE"
	assertTrue "server sees the dead SAM parent" $?
	run_ctl show nothing-here
	assertEquals "not found through the server: 5" 5 "$RC"
	"$CTL" serve >/dev/null 2>&1
	assertEquals "a second server refuses to start" 1 $?
}

# ------------------------------------------------------------ exit codes, access
test_exit_codes_scripts_can_rely_on() {
	run_ctl bogus
	assertEquals "unknown command" 2 "$RC"
	run_ctl --frobnicate
	assertEquals "unknown option" 2 "$RC"
	run_ctl show
	assertEquals "show without argument" 2 "$RC"
	run_ctl list --dry-run
	assertEquals "--dry-run without cleanup" 2 "$RC"
	run_ctl list extra
	assertEquals "extra argument" 2 "$RC"
	run_ctl --help
	assertEquals "help" 0 "$RC"
	assertContains "usage" "$OUT" "usage:"
	run_ctl --version
	assertEquals "version" 0 "$RC"
}

test_non_root_without_uidgid_entry_is_told_why() {
	OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" list 2>&1)
	assertEquals "access denied: 4" 4 $?
	assertContains "message names the fix" "$OUT" "uidgid"
	OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" list --json 2>/dev/null)
	assertEquals "nothing on stdout" "" "$OUT"
}

test_non_root_with_a_uidgid_entry_may_read() {
	plain_start u --interval 400
	corosync-cmapctl -s uidgid.uid.65534 u8 1
	OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" list --json 2>&1)
	assertEquals "allowed by uidgid: 0" 0 $?
	assertTrue "valid JSON" "json_ok '$OUT'"
	assertEquals "sees the process" 1 "$(jqr summary.total "$OUT")"
	corosync-cmapctl -d uidgid.uid.65534
}

test_without_corosync_every_command_says_so_with_3() {
	local c
	stop_corosync
	for c in list "list --json" "show x" watch cleanup "cleanup --dry-run"; do
		# shellcheck disable=SC2086
		run_ctl $c --direct
		assertEquals "$c: rc 3" 3 "$RC"
		assertContains "$c: message" "$ERR" "corosync is not running"
		assertEquals "$c: nothing on stdout" "" "$OUT"
	done
	start_corosync
}

test_watch_exits_3_when_corosync_goes_away() {
	local w
	"$CTL" watch > /dev/null 2> "$SHUNIT_TMPDIR/w3.err" &
	w=$!
	sleep 0.5
	stop_corosync
	wait_for 10 sh -c "! kill -0 $w 2>/dev/null"
	wait "$w"
	assertEquals "rc 3" 3 $?
	assertContains "message" "$(cat "$SHUNIT_TMPDIR/w3.err")" "corosync went away"
	start_corosync
}

# ------------------------------------------------------------ memory
test_samguardctl_is_clean_under_valgrind() {
	local vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99" c rc
	# (a sanitizer build cannot run under valgrind: it has its own checks)
	if ! command -v valgrind >/dev/null || ldd "$CTL" 2>/dev/null | grep -q libasan; then
		startSkipping
		return 0
	fi
	res_start vg1
	plain_start vg2 --interval 400
	for c in list "list --json" "show vg1" "show --json $PLAIN_PID" "cleanup --dry-run --json"; do
		# shellcheck disable=SC2086
		$vg "$CTL" $c --direct >/dev/null 2>"$SHUNIT_TMPDIR/vg.err"
		rc=$?
		assertNotEquals "$c: valgrind errors: $(cat "$SHUNIT_TMPDIR/vg.err")" 99 "$rc"
		assertEquals "$c: rc" 0 "$rc"
	done
	# the server under valgrind, asked twice
	$vg "$CTL" serve >/dev/null 2>"$SHUNIT_TMPDIR/vgs.err" &
	c=$!
	wait_for 30 sh -c "'$CTL' list 2>/dev/null | grep -q vg1 && ss -xlp 2>/dev/null | grep -q 'samguard/ctl'"
	"$CTL" list --json >/dev/null
	kill -9 "$PLAIN_PID"
	sleep 0.3
	"$CTL" show vg1 >/dev/null
	kill "$c"
	wait "$c"
	assertNotEquals "serve: valgrind errors: $(cat "$SHUNIT_TMPDIR/vgs.err")" 99 $?
}

sg_suite_run
