# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/testlib.sh - the one shell library of samguard's tests, sourced
# by every shell test under cts/ (suites, agent and tools tests) and by
# cts/check.sh. It needs nothing from the environment at source time.
#
#   result protocol   every test program ends its output with one line
#                     "SG-RESULT <tests> <failed>" (sg_result); cts/check.sh
#                     and the suites that run parts read it with
#                     sg_result_read, the only reader
#   shunit2           sg_shunit2 (source shunit2 with the SG_TESTS hook),
#                     sg_suite_run (the same, printing the result line once)
#   sandbox parts     sg_sandbox_part, sg_parts_end: run test files in
#                     cts/lib/sandbox.sh and add up their results
#   waiting           wait_for, pid_alive
#   names and cmap    enc (lib/names.c's encoding), cmap_get, sg_get,
#                     sg_keys, state_is, daemon_pid
#   in a sandbox      start_corosync, stop_corosync
#   agents            sg_agent_run: an OCF agent run as Pacemaker runs it
#
# SG_TESTS="test_a test_b" runs only the named tests of any file that ends
# with sg_shunit2 or sg_suite_run (a file whose own suite() builds its
# tests, as cts/suites/fuzz does, is always run whole).

SG_TESTLIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ------------------------------------------------------------ result protocol

# sg_result TESTS FAILED: the result line, the last line a test program prints
sg_result() { printf 'SG-RESULT %d %d\n' "$1" "$2"; }

# sg_result_read FILE: "TESTS FAILED" from the last result line in FILE.
# Fails, printing nothing, when there is none: the program broke down
# before it could count.
sg_result_read() {
	local line
	line=$(sed -n 's/^SG-RESULT \([0-9]\{1,\}\) \([0-9]\{1,\}\)$/\1 \2/p' "$1" 2>/dev/null | tail -1)
	[ -n "$line" ] || return 1
	printf '%s\n' "$line"
}

# ------------------------------------------------------------ shunit2

# sg_suite_counts: write shunit2's counts where sg_suite_run reads them;
# a file's own oneTimeTearDown must call it (sg_shunit2 supplies one that
# does when the file has none)
sg_suite_counts() {
	[ -n "${SG_SUITE_RESULT:-}" ] &&
		echo "${__shunit_testsTotal:-0} ${__shunit_testsFailed:-0}" > "$SG_SUITE_RESULT"
	return 0
}

# sg_shunit2: the last line of a shunit2 file run by sg_suite_run or by
# hand: no colours, the SG_TESTS hook, then shunit2 itself
sg_shunit2() {
	export SHUNIT_COLOR=none
	if [ -n "${SG_TESTS:-}" ] && ! declare -F suite >/dev/null; then
		# shellcheck disable=SC2317  # (called by shunit2)
		suite() {
			local t
			for t in $SG_TESTS; do
				# a name that is no test fails, rather than running nothing
				declare -F "$t" >/dev/null || eval "$t() { fail 'SG_TESTS names no test $t'; }"
				suite_addTest "$t"
			done
		}
	fi
	declare -F oneTimeTearDown >/dev/null || oneTimeTearDown() { sg_suite_counts; }
	set --
	# shellcheck disable=SC1091
	. /usr/share/shunit2/shunit2
}

# sg_suite_run: the last line of a shunit2 test file instead of sourcing
# shunit2: its output ends with exactly one result line and its status is
# non-zero on any failure. shunit2 calls oneTimeTearDown twice (at the end
# and from its exit trap), so the file runs again as a child that writes
# its counts to a file, and this parent prints the line once it is done.
sg_suite_run() {
	if [ -z "${SG_SUITE_RESULT:-}" ]; then
		local result rc total failed
		result=$(mktemp)
		SG_SUITE_RESULT=$result "$0"
		rc=$?
		read -r total failed < "$result"
		rm -f "$result"
		if [ -z "$total" ]; then
			total=0 failed=1   # shunit2 never got to the end
		fi
		[ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
		sg_result "$total" "$failed"
		[ "$failed" -eq 0 ]
		exit
	fi
	# for this file only, not for the test files its tests run
	export -n SG_SUITE_RESULT
	sg_shunit2
}

# ------------------------------------------------------------ sandbox parts
SG_PARTS_TOTAL=0 SG_PARTS_FAILED=0

# sg_sandbox_part [-t SECONDS] NAME [sandbox options] -- COMMAND...: run
# COMMAND (a test file ending with sg_suite_run) in cts/lib/sandbox.sh
# with the installed copy $SG_DESTDIR overlaid, its logs kept in
# $SG_LOGDIR/sandbox-[$SG_RUN_LABEL-]NAME when SG_LOGDIR is set. Its output
# is passed on without its result line, whose counts go to the totals of
# sg_parts_end; a part that prints none counts as one failed test.
sg_sandbox_part() {
	local secs=900 name tmp rc counts t f keep=()
	if [ "$1" = -t ]; then
		secs=$2
		shift 2
	fi
	name=$1
	shift
	if [ -n "${SG_LOGDIR:-}" ]; then
		mkdir -p "$SG_LOGDIR"
		keep=(--keep "$SG_LOGDIR/sandbox-${SG_RUN_LABEL:+$SG_RUN_LABEL-}$name")
	fi
	tmp=$(mktemp)
	timeout "$secs" "$SG_TESTLIB_DIR/sandbox.sh" --root "$SG_DESTDIR" "${keep[@]}" "$@" 2>&1 |
		tee "$tmp" | grep -v '^SG-RESULT '
	rc=${PIPESTATUS[0]}
	if counts=$(sg_result_read "$tmp"); then
		read -r t f <<<"$counts"
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "FAIL: $name: status $rc"
			f=1
		fi
	else
		echo "FAIL: $name: no result: the sandbox or the tests broke down (status $rc)"
		t=1 f=1
	fi
	rm -f "$tmp"
	SG_PARTS_TOTAL=$((SG_PARTS_TOTAL + t)) SG_PARTS_FAILED=$((SG_PARTS_FAILED + f))
}

# sg_parts_end: the result line of all parts run; exits, non-zero on a failure
sg_parts_end() {
	sg_result "$SG_PARTS_TOTAL" "$SG_PARTS_FAILED"
	[ "$SG_PARTS_FAILED" -eq 0 ]
	exit
}

# ------------------------------------------------------------ waiting

# wait_for SECONDS CMD...: run CMD every $WAIT_STEP seconds (0.05) until
# it succeeds; fails when SECONDS have passed without
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while [ $SECONDS -le $end ]; do
		"$@" && return 0
		sleep "${WAIT_STEP:-0.05}"
	done
	return 1
}

# pid_alive PID: PID names a process that runs (not a zombie)
pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*[ZX]' "/proc/$1/status" 2>/dev/null; }

# ------------------------------------------------------------ names and cmap

# enc NAME: the cmap key component and file name of a resource name, as
# lib/names.c's sg_name_encode writes it: the bytes [A-Za-z0-9-] as they
# are, every other byte, '_' included, as '_' and two lower-case hex digits
# ("web:0" -> "web_3a0", "a_b" -> "a_5fb"); cts/suites/harness compares
# the two
enc() {
	local LC_ALL=C
	local s=$1 out='' c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9-]) out+=$c ;;
		*) printf -v c '_%02x' "'$c"; out+=$c ;;
		esac
	done
	printf '%s\n' "$out"
}

# cmap_get KEY: the value of one cmap key (empty when there is none)
cmap_get() { corosync-cmapctl -g "$1" 2>/dev/null | sed 's/^[^=]*= //'; }

# sg_get NAME LEAF: a key samguard publishes for the resource NAME
sg_get() { cmap_get "samguard.resource.$(enc "$1").$2"; }

# sg_keys NAME: every key samguard publishes for the resource NAME
sg_keys() { corosync-cmapctl -b "samguard.resource.$(enc "$1")." 2>/dev/null; }

# corosync_connections PID: the connections PID holds to corosync, one line
# each (any service)
corosync_connections() { corosync-cmapctl -m stats -b stats.ipcs. 2>/dev/null |
	sed -n "s/^stats\.ipcs\.service[0-9]*\.$1\.\(0x[0-9a-f]*\)\..*/\1/p" | sort -u; }

state_is() { [ "$(sg_get "$1" state)" = "$2" ]; }

daemon_pid() { sg_get "$1" daemon_pid; }

# ------------------------------------------------------------ the sandbox's corosync

# start_corosync: (re)start the sandbox's corosync as cts/lib/sandbox.sh
# does, and wait until it answers
start_corosync() {
	setsid corosync -f </dev/null >>/var/log/corosync/corosync.stdout 2>&1 &
	wait_for 15 corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1
}

# stop_corosync: stop the sandbox's corosync and wait until it is gone
stop_corosync() {
	local pid
	pid=$(cat /run/corosync.pid)
	kill "$pid"
	wait_for 15 sh -c "! kill -0 $pid 2>/dev/null"
}

# ------------------------------------------------------------ agents

# sg_agent_run AGENT NAME ACTION [key=value ...]: AGENT as Pacemaker runs
# it for the resource NAME, with a clean environment; key=value becomes
# OCF_RESKEY_key, except OCF_*, HA_*, PCMK_* and SG_* variables, which are
# passed as they are. Logs to $SG_LOG (or $SHUNIT_TMPDIR/agent.log); runs
# under $SG_AGENT_WRAPPER (valgrind ...) when set. Sets RC, OUT and ERR
# (stderr, where the exit reason is).
# shellcheck disable=SC2034  # RC, OUT and ERR are for the caller
sg_agent_run() {
	local agent=$1 name=$2 action=$3 kv e=()
	shift 3
	for kv in "$@"; do
		case "$kv" in
		OCF_*|HA_*|PCMK_*|SG_*) e+=("$kv") ;;
		*) e+=("OCF_RESKEY_$kv") ;;
		esac
	done
	# shellcheck disable=SC2086  # the wrapper is a command line
	OUT=$(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin OCF_ROOT=/usr/lib/ocf \
		OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 \
		OCF_RESOURCE_INSTANCE="$name" OCF_RESOURCE_TYPE="${agent##*/}" OCF_RESOURCE_PROVIDER=samguard \
		OCF_EXIT_REASON_PREFIX=ocf-exit-reason: HA_LOGFACILITY=none \
		HA_LOGFILE="${SG_LOG:-$SHUNIT_TMPDIR/agent.log}" \
		OCF_RESKEY_CRM_meta_timeout=20000 "${e[@]}" ${SG_AGENT_WRAPPER:-} "$agent" "$action" \
		2>"$SHUNIT_TMPDIR/agent.err")
	RC=$?
	ERR=$(cat "$SHUNIT_TMPDIR/agent.err")
}
