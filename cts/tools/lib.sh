#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/tools/lib.sh - helpers shared by cts/tools/test_*.sh (sourced; they
# run inside cts/lib/sandbox.sh with the installed build on the real paths),
# on top of the tests' shell library, cts/lib/testlib.sh.
# Needs SG_BUILDDIR (sam-plain) and SG_TESTD (the test daemon).

: "${SG_BUILDDIR:?SG_BUILDDIR must name the build directory}"
: "${SG_TESTD:?SG_TESTD must name the test daemon}"
SAMPROCESS=/usr/lib/ocf/resource.d/samguard/SAMProcess
SAMHEALTH=/usr/lib/ocf/resource.d/samguard/SAMHealth
PLAIN=$SG_BUILDDIR/cts/sam-plain
PIN=$SG_BUILDDIR/cts/cmap-pin
CTL=/usr/sbin/samguardctl
export LC_ALL=C.UTF-8

# shellcheck source=cts/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

# cmap_delete_prefix PREFIX: delete every key under PREFIX. One pass of
# corosync-cmapctl -D is not enough: a key that libqb's trie holds an extra
# reference on survives one delete (see cts/tools/cmap-pin.c), so delete
# until nothing is left, at most 8 passes (as lib/cmapstate.c does).
cmap_delete_prefix() {
	local pass
	for pass in 1 2 3 4 5 6 7 8; do
		corosync-cmapctl -D "$1" >/dev/null 2>&1
		[ -z "$(corosync-cmapctl "$1" 2>/dev/null)" ] && return 0
	done
	return 1
}

# connections_settled: every IPC connection corosync lists belongs to a
# live process, i.e. corosync has noticed every death so far and no write
# of a killed process can still land. The corosync-cmapctl that lists them
# is gone when its pid is checked: its connections do not count.
connections_settled() {
	local p
	for p in $(corosync-cmapctl -m stats stats.ipcs. 2>/dev/null |
		sed -n '/procname (str) = corosync-cmapct$/d; s/^stats\.ipcs\.service[0-9]*\.\([0-9]*\)\.[^.]*\.procname .*/\1/p' |
		sort -u); do
		kill -0 "$p" 2>/dev/null || return 1
	done
}

# run_ctl ARGS...: samguardctl; sets RC, OUT, ERR
run_ctl() {
	OUT=$("$CTL" "$@" 2>"$SHUNIT_TMPDIR/ctl.err")
	RC=$?
	ERR=$(cat "$SHUNIT_TMPDIR/ctl.err")
}

# json_ok TEXT: parsed by a real JSON parser (python3, and jq when present)
json_ok() {
	printf '%s' "$1" | python3 -m json.tool >/dev/null 2>&1 || return 1
	if command -v jq >/dev/null; then printf '%s' "$1" | jq -e . >/dev/null 2>&1 || return 1; fi
	return 0
}

# jqr FILTER TEXT: one raw value from JSON (python3: no dependency on jq)
jqr() {
	printf '%s' "$2" | python3 -c '
import json, sys
v = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    if part == "":
        continue
    if isinstance(v, list):
        v = v[int(part)]
    else:
        v = v.get(part)
print("null" if v is None else (str(v).lower() if isinstance(v, bool) else v))' "$1"
}

# proc_json NAME_OR_PID: the list --json entry of one process (by name or pid)
proc_field() {
	"$CTL" list --json --direct | python3 -c '
import json, sys
key, field = sys.argv[1], sys.argv[2]
for p in json.load(sys.stdin)["processes"]:
    if p["name"] == key or str(p["pid"]) == key:
        v = p
        for part in field.split("."):
            v = v[part]
        print("null" if v is None else (str(v).lower() if isinstance(v, bool) else v))
        break' "$1" "$2"
}

# no_connection PID: corosync noticed that PID's IPC connections are gone
# (cleanup rightly keeps SAM keys while corosync still lists one)
no_connection() { ! corosync-cmapctl -m stats -b "stats.ipcs.service0.$1." 2>/dev/null | grep -q .; }

# kill_sam_parent PID: SIGKILL a SAM parent (a supervisor) and wait until
# corosync has dropped the connections of it and of its children. A child
# killed by its parent-death signal may still have a cmap write in its IPC
# ring that corosync applies after the kill; only once its connection is
# gone can no key come back. The parent is stopped first, so that it forks
# no child between the listing and the kill.
kill_sam_parent() {
	local p=$1 kids k
	kill -STOP "$p" || return 1
	kids=$(cat /proc/"$p"/task/*/children 2>/dev/null)
	kill -9 "$p"
	wait_for 5 sh -c "! kill -0 $p 2>/dev/null" || return 1
	for k in $p $kids; do
		wait_for 10 no_connection "$k" || return 1
	done
}

# ------------------------------------------------------------ SAMProcess resources
STARTED=()

# run_agent AGENT NAME ACTION [key=value ...]: as Pacemaker runs agents
# (sg_agent_run); sets RC, AOUT, AERR (OUT and ERR stay run_ctl's)
run_agent() {
	local OUT ERR
	sg_agent_run "$@"
	AOUT=$OUT AERR=$ERR
}

# res_start NAME [key=value ...]: a SAMProcess resource running sg-testd
res_start() {
	local name=$1
	shift
	STARTED+=("$name")
	run_agent "$SAMPROCESS" "$name" start binfile="$SG_TESTD" health_interval=200 \
		cmdline_options="tag-$name" "$@"
}

res_stop() { run_agent "$SAMPROCESS" "$1" stop; }

# ------------------------------------------------------------ plain libsam programs
PLAINS=()

# plain_start TAG [sam-plain args]: sets PLAIN_PID (the SAM parent) once its child runs
plain_start() {
	local tag=$1 pf=$SHUNIT_TMPDIR/plain-$1.pid
	shift
	rm -f "$pf"
	setsid "$PLAIN" --pidfile "$pf" --tag "$tag" "$@" </dev/null >/dev/null 2>&1 &
	PLAIN_PID=$!
	disown "$PLAIN_PID"     # no "Killed" job reports when tests kill it
	PLAINS+=("$PLAIN_PID")
	wait_for 10 test -s "$pf" && wait_for 5 sh -c "[ \"\$(corosync-cmapctl -g resources.process.$PLAIN_PID.state 2>/dev/null | sed 's/.*= //')\" = running ]"
}

# ------------------------------------------------------------ cleanup between tests
cleanup_all() {
	local n p
	for n in "${STARTED[@]}"; do res_stop "$n"; done
	STARTED=()
	for p in "${PLAINS[@]}"; do
		# the SAM parent, then its child (a session of its own)
		kill -9 -- "-$p" 2>/dev/null
		kill -9 "$p" 2>/dev/null
	done
	PLAINS=()
	# no write of a killed process may land after the deletes below
	wait_for 10 connections_settled || echo "cleanup_all: corosync still lists connections of dead processes" >&2
	cmap_delete_prefix resources.process. || echo "cleanup_all: resources.process. keys survive" >&2
	cmap_delete_prefix samguard.resource. || echo "cleanup_all: samguard.resource. keys survive" >&2
}
