#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_samhealth.sh - ocf:samguard:SAMHealth on a real single-node
# Pacemaker 2.1.5 (cts/lib/sandbox.sh --pacemaker): the node health
# attribute goes yellow, red and green again as SAM processes fail and
# recover, read back with attrd_updater (attrd's value) and crm_attribute
# (the CIB's); dampening works on 2.1.5; the clone deployed with pcs moves
# resources off a red node with node-health-strategy=migrate-on-red. Run by
# cts/suites/tools; last line "SG-RESULT <tests> <failed>".

# shellcheck source=cts/tools/lib.sh
. "$(dirname "$0")/lib.sh"

ATTR='#health-samguard'
H=hmanual            # the instance name of the agent run by hand

# health ACTION [key=value ...]: SAMHealth as Pacemaker runs it (recurring
# monitor, no dampening unless given)
health() {
	local action=$1
	shift
	run_agent "$SAMHEALTH" "$H" "$action" OCF_RESKEY_CRM_meta_interval=10000 dampen=0 "$@"
}

attr_attrd() { attrd_updater -Q -n "$ATTR" 2>/dev/null | sed -n 's/.*value="\([^"]*\)".*/\1/p'; }
attr_cib() { crm_attribute -t status -N node1 -n "$ATTR" -G -q 2>/dev/null; }
cib_is() { [ "$(attr_cib)" = "$1" ]; }

# colour_after_monitor COLOUR [key=value...]: a monitor publishes COLOUR, the CIB shows it
monitor_says() {
	local want=$1
	shift
	health monitor "$@"
	if [ "$want" = green ]; then
		assertEquals "monitor rc while green (reason: $AERR)" 0 "$RC"
	else
		assertEquals "monitor rc while $want" 190 "$RC"
		assertContains "reason" "$AERR" "ocf-exit-reason:$want:"
	fi
	assertEquals "attrd says $want" "$want" "$(attr_attrd)"
	wait_for 10 cib_is "$want"
	assertTrue "the CIB says $want (it says $(attr_cib))" $?
}

# a resource whose supervisor gives up at its first failure (after start:
# the daemon survives the first health interval)
crash_loop() { res_start "$1" max_restarts=0 restart_window=60 cmdline_options="--exit-after 600 tag-$1"; \
	wait_for 10 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.$(enc "$1").state 2>/dev/null | sed 's/.*= //')\" = failed ]"; }

setUp() { STARTED=() PLAINS=(); }

tearDown() {
	health stop
	cleanup_all
}

# ------------------------------------------------------------ meta-data, validation
test_meta_data_is_ocf_1_1_and_tells_how_to_deploy_it() {
	local xml p a
	xml=$(setpriv --reuid=nobody --regid=nogroup --clear-groups env -i "$SAMHEALTH" meta-data)
	assertEquals "meta-data as nobody" 0 $?
	printf '%s' "$xml" | xmllint --noout - 2>/dev/null
	assertEquals "well-formed XML" 0 $?
	assertEquals "OCF 1.1" 1.1 "$(printf '%s' "$xml" | xmllint --xpath 'string(/resource-agent/version)' -)"
	for p in yellow_limit red_limit include exclude stale dampen attribute; do
		assertEquals "parameter $p" 1 "$(printf '%s' "$xml" | xmllint --xpath "count(//parameter[@name='$p'])" -)"
	done
	for a in start stop monitor reload-agent meta-data validate-all; do
		assertEquals "action $a" 1 "$(printf '%s' "$xml" | xmllint --xpath "count(//action[@name='$a'])" -)"
	done
	p=$(printf '%s' "$xml" | xmllint --xpath 'string(/resource-agent/longdesc)' -)
	assertContains "pcs line" "$p" "pcs resource create samhealth ocf:samguard:SAMHealth"
	assertContains "crm line" "$p" "crm configure primitive samhealth ocf:samguard:SAMHealth"
	assertContains "as a clone" "$p" "clone"
	assertContains "allow-unhealthy-nodes on the clone (pcs)" "$p" "clone allow-unhealthy-nodes=true"
	assertContains "allow-unhealthy-nodes on the clone (crm)" "$p" \
		"crm configure clone samhealth-clone samhealth meta allow-unhealthy-nodes=true"
	assertContains "node-health-strategy" "$p" "node-health-strategy=migrate-on-red"
}

test_validate_all_rejects_bad_parameters_with_6_and_a_reason() {
	local what args n
	while IFS='|' read -r what args; do
		[ -z "$what" ] && continue
		eval "set -- $args"
		run_agent "$SAMHEALTH" v validate-all "$@"
		assertEquals "$what" 6 "$RC"
		n=$(printf '%s\n' "$AERR" | grep -c '^ocf-exit-reason:')
		assertEquals "$what: one reason" 1 "$n"
	done <<'EOF'
yellow_limit not a number|yellow_limit=abc
red_limit over 100%|red_limit=101%
negative limit|red_limit=-1
unknown stale mode|stale=maybe
dampen with a bad unit|dampen=5x
dampen without digits|dampen=s
attribute not a health attribute|attribute=pingd
attribute with a blank|'attribute=#health-a b'
include with a control character|"include=$(printf 'a\001')"
EOF
	run_agent "$SAMHEALTH" v validate-all yellow_limit=20% red_limit=2 include="web* db*" exclude="test-*" \
		stale=degraded dampen=500ms
	assertEquals "good parameters" 0 "$RC"
	assertEquals "silent" "" "$AOUT$AERR"
	run_agent "$SAMHEALTH" v validate-all OCF_CHECK_LEVEL=10
	assertEquals "level 10: attrd_updater is there" 0 "$RC"
}

# ------------------------------------------------------------ lifecycle
test_start_publishes_green_stop_removes_the_attribute() {
	local server
	health monitor
	assertEquals "not started: 7" 7 "$RC"
	health start
	assertEquals "start" 0 "$RC"
	assertEquals "attrd: green" green "$(attr_attrd)"
	wait_for 10 cib_is green
	assertTrue "CIB: green" $?
	health monitor
	assertEquals "monitor" 0 "$RC"
	run_agent "$SAMHEALTH" "$H" monitor
	assertEquals "probe" 0 "$RC"
	server=$(cut -d' ' -f3 "/run/samguard/$H.health")
	assertTrue "start launched samguardctl serve" "pid_alive $server"
	health stop
	assertEquals "stop" 0 "$RC"
	wait_for 10 sh -c '! crm_attribute -t status -N node1 -n "#health-samguard" -G -q >/dev/null 2>&1'
	assertTrue "attribute gone from the CIB" $?
	wait_for 5 sh -c "! kill -0 $server 2>/dev/null"
	assertTrue "its server stopped with it" $?
	health monitor
	assertEquals "monitor after stop" 7 "$RC"
	health stop
	assertEquals "second stop" 0 "$RC"
}

test_yellow_on_a_restart_red_on_a_give_up_green_when_recovered() {
	health start
	res_start flap max_restarts=3 restart_window=60
	monitor_says green
	kill -9 "$(sg_get flap daemon_pid)"
	wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g samguard.resource.flap.restarts | sed 's/.*= //')\" = 1 ]"
	monitor_says yellow
	assertContains "names the process: $AERR" "$AERR" "flap "
	crash_loop crash
	monitor_says red
	assertContains "names the failure" "$AERR" "crash failed"
	res_stop crash
	monitor_says yellow
	res_stop flap
	monitor_says green
}

test_a_plain_sam_program_counts_too_and_cleanup_brings_green_back() {
	health start
	plain_start p1 --interval 300
	monitor_says green
	kill -9 "$PLAIN_PID"
	wait_for 3 sh -c "! kill -0 $PLAIN_PID 2>/dev/null"
	monitor_says red
	assertContains "a gone supervisor is stale" "$AERR" "stale"
	wait_for 10 no_connection "$PLAIN_PID"
	"$CTL" cleanup >/dev/null
	monitor_says green
}

test_thresholds_count_and_percent() {
	health start red_limit=2
	crash_loop c1
	monitor_says yellow red_limit=2
	crash_loop c2
	monitor_says red red_limit=2
	monitor_says green yellow_limit=0 red_limit=0
	res_start fine
	# 2 failed of 3 watched: 50% is 2 processes
	monitor_says red red_limit=50%
	monitor_says yellow red_limit=100%
}

test_include_and_exclude_choose_what_counts() {
	health start
	crash_loop test-crash
	res_start web-ok
	monitor_says red
	monitor_says green exclude="test-*"
	monitor_says green include="web*"
	monitor_says red include="web* test-*"
	monitor_says green include="web* test-*" exclude="test-cr?sh"
}

test_stale_can_count_as_failed_degraded_or_not_at_all() {
	health start
	plain_start p2 --interval 300
	kill -9 "$PLAIN_PID"
	wait_for 3 sh -c "! kill -0 $PLAIN_PID 2>/dev/null"
	monitor_says red stale=failed
	monitor_says yellow stale=degraded
	monitor_says green stale=ignore
}

test_dampen_delays_the_cib_write_on_2_1_5() {
	local t0
	health start dampen=3s
	wait_for 10 cib_is green
	crash_loop late
	t0=$SECONDS
	health monitor dampen=3s
	assertEquals "monitor while red" 190 "$RC"
	assertEquals "attrd knows at once" red "$(attr_attrd)"
	sleep 1.5
	assertEquals "the CIB still says green after 1.5 s" green "$(attr_cib)"
	wait_for 10 cib_is red
	assertTrue "the CIB says red later" $?
	assertTrue "after the delay, not at once ($((SECONDS - t0)) s)" "[ $((SECONDS - t0)) -ge 2 ]"
}

# ------------------------------------------------------------ the server
test_monitor_without_its_server_reads_cmap_and_starts_a_new_one() {
	local s1 s2
	health start
	crash_loop srv
	s1=$(cut -d' ' -f3 "/run/samguard/$H.health")
	assertTrue "a server" "pid_alive $s1"
	kill -9 "$s1"
	monitor_says red
	s2=$(cut -d' ' -f3 "/run/samguard/$H.health")
	assertNotEquals "a new server recorded" "$s1" "$s2"
	wait_for 5 pid_alive "$s2"
	assertTrue "it runs" $?
	monitor_says red SG_NO_SERVER=1
	res_stop srv
	monitor_says green SG_NO_SERVER=1
	monitor_says green
}

# ------------------------------------------------------------ deployed by Pacemaker
test_the_clone_moves_resources_off_a_red_node_with_migrate_on_red() {
	local i started
	pcs resource create samhealth ocf:samguard:SAMHealth dampen=0 op monitor interval=2s \
		clone allow-unhealthy-nodes=true >/dev/null 2>&1
	assertEquals "pcs resource create ... clone" 0 $?
	assertEquals "allow-unhealthy-nodes on the clone" true \
		"$(crm_resource -r samhealth-clone --meta -g allow-unhealthy-nodes 2>/dev/null)"
	pcs property set node-health-strategy=migrate-on-red >/dev/null 2>&1
	assertEquals "pcs property set node-health-strategy" 0 $?
	pcs resource create victim ocf:pacemaker:Dummy op monitor interval=5s >/dev/null 2>&1
	started() { crm_resource --locate -r "$1" 2>/dev/null | grep -q 'is running on: node1'; }
	wait_for 30 started victim
	assertTrue "victim runs on a green node" $?
	wait_for 20 cib_is green
	assertTrue "the clone published green" $?
	crash_loop bad
	wait_for 30 cib_is red
	assertTrue "red within a few monitors" $?
	wait_for 30 sh -c '! crm_resource --locate -r victim 2>/dev/null | grep -q "is running on"'
	assertTrue "victim stopped: nowhere else to go" $?
	assertTrue "SAMHealth keeps running on the red node (allow-unhealthy-nodes): $(crm_resource --locate -r samhealth 2>&1)" \
		"started samhealth"
	res_stop bad
	wait_for 30 cib_is green
	assertTrue "green again" $?
	wait_for 30 started victim
	assertTrue "victim back" $?
	pcs resource delete victim >/dev/null 2>&1
	pcs resource delete samhealth >/dev/null 2>&1
	pcs property unset node-health-strategy >/dev/null 2>&1 ||
		crm_attribute -t crm_config -n node-health-strategy -D >/dev/null 2>&1
	wait_for 30 sh -c '! crm_attribute -t status -N node1 -n "#health-samguard" -G -q >/dev/null 2>&1'
	assertTrue "the clone's stop removed the attribute" $?
	i=0
	for started in /run/samguard/*.health; do [ -e "$started" ] && i=$((i + 1)); done
	assertEquals "no state file left" 0 "$i"
}

test_agent_actions_are_clean_under_valgrind() {
	local vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99" a
	# (a sanitizer build cannot run under valgrind: it has its own checks)
	if ! command -v valgrind >/dev/null || ldd "$SAMHEALTH" 2>/dev/null | grep -q libasan; then
		startSkipping
		return 0
	fi
	crash_loop vgc
	for a in meta-data validate-all start monitor reload-agent stop; do
		run_agent "$SAMHEALTH" "$H" "$a" OCF_RESKEY_CRM_meta_interval=10000 dampen=0
		# shellcheck disable=SC2086
		AOUT=$(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=vg \
			OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_dampen=0 HA_LOGFACILITY=none SG_NO_SERVER=1 \
			$vg "$SAMHEALTH" "$a" 2>"$SHUNIT_TMPDIR/vg.err")
		assertNotEquals "$a: valgrind: $(cat "$SHUNIT_TMPDIR/vg.err")" 99 $?
	done
}

sg_suite_run
