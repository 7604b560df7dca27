#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - scheduler tests: what Pacemaker plans for each monitor verdict.
#   cts/scheduler/run.sh [--update] [--keep] [case...]
# For every case of cases.txt (or the ones named), runs crm_simulate on
# xml/<case>.xml with the case's injected results and compares what it
# plans and simulates (from "Transition Summary:" to the end of its output,
# for each step) with exp/<case>.summary. Offline: no cluster daemon, no
# root; crm_simulate writes only into a mktemp directory (-O is always
# given, CIB_shadow_dir points there), which is removed at the end.
# Prints "PASS <case>" or "FAIL <case>" and a diff, then, last,
# "SG-RESULT <total> <failed>". Exit status 0 only if all cases pass.
#   --update  also write the actual output to exp/<case>.summary when it
#             differs (read the diff before you commit it)
#   --keep    keep the temp directory and print its path
set -u
DIR=$(cd "$(dirname "$0")" && pwd) || exit 2
# shellcheck source=cts/lib/testlib.sh
. "$DIR/../lib/testlib.sh"
# the simulated clock (-t); the fixtures' history is one minute older. A step
# may set its own time (at:). crm_simulate stamps what it injects with the
# wall clock (its injector calls time(NULL)), which is later than any time
# used here, so nothing injected expires within its own step; between steps
# the runner restamps those results with the step's simulated time.
DATETIME=2024-01-01T00:01:00Z
RECORDED_WITH="Pacemaker 2.1.5"

update=0
keep=0
only=()
for a in "$@"; do
	case $a in
	--update) update=1 ;;
	--keep) keep=1 ;;
	-h | --help)
		sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e '/^# SPDX-License-Identifier:/d' -e 's/^# \{0,1\}//'
		exit 0
		;;
	-*)
		echo "run.sh: unknown option $a" >&2
		sg_result 0 1
		exit 2
		;;
	*) only+=("$a") ;;
	esac
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sg-scheduler.XXXXXX") || exit 2
if [ "$keep" -eq 1 ]; then
	echo "run.sh: keeping $TMP" >&2
else
	trap 'rm -rf "$TMP"' EXIT
	trap 'exit 1' INT TERM HUP
fi
unset CIB_file CIB_shadow
export CIB_shadow_dir=$TMP LC_ALL=C TZ=UTC

# sed-quote a literal string for use in a regex
quote() { printf '%s' "$1" | sed 's/[][\.*^$|/]/\\&/g'; }
TMPQ=$(quote "$TMP")
DIRQ=$(quote "$DIR")

# strip what differs between runs: the clock, the wall-clock stamps of
# injected results, paths
normalize() {
	sed -e '/^Setting effective cluster time:/d' \
		-e "s/\\(last-rc-change\\|last-failure\\)='[^']*'/\\1='<TIME>'/g" \
		-e 's/\(last-failure-[^=]*=\)[0-9][0-9]*/\1<TIME>/g' \
		-e "s/$TMPQ/<TMP>/g" -e "s/$DIRQ/<DIR>/g"
}

# crm_simulate stamps the results it injects or simulates with the wall
# clock; give them the step's simulated time before the next step reads them
restamp() { # cib-file epoch
	sed -i -e "s/last-rc-change=\"[0-9]*\"/last-rc-change=\"$2\"/g" \
		-e "s/\\(name=\"last-failure-[^\"]*\" value=\"\\)[0-9]*\"/\\1$2\"/g" "$1"
}

# run the steps of one case; the comparable output on stdout
simulate() { # name injection
	local name=$1 in=$DIR/xml/$1.xml step=0 s spec rc at epoch
	local -a steps specs args
	IFS=';' read -r -a steps <<<"$2"
	for s in "${steps[@]}"; do
		step=$((step + 1))
		args=()
		at=$DATETIME
		read -r -a specs <<<"$s"
		for spec in "${specs[@]}"; do
			case $spec in
			-) ;;
			at:*) at=${spec#at:} ;;
			fail:*) args+=(-F "${spec#fail:}") ;;
			*) args+=(-i "$spec") ;;
			esac
		done
		if [ "$at" = "$DATETIME" ]; then
			echo "# step $step:${args[*]:+ ${args[*]}}"
		else
			echo "# step $step at $at:${args[*]:+ ${args[*]}}"
		fi
		epoch=$(date -u -d "$at" +%s) || { echo "# bad time $at"; return; }
		crm_simulate -x "$in" -S -c -t "$at" "${args[@]}" -O "$TMP/$name.$step.xml" \
			>"$TMP/$name.$step.out" 2>"$TMP/$name.$step.err"
		rc=$?
		restamp "$TMP/$name.$step.xml" "$epoch"
		if grep -q '^Transition Summary:$' "$TMP/$name.$step.out"; then
			sed -n '/^Transition Summary:$/,$p' "$TMP/$name.$step.out" | normalize
		else
			echo "# no transition summary; output:"
			normalize <"$TMP/$name.$step.out"
		fi
		# no stderr is expected: any warning shows up as a difference
		if [ -s "$TMP/$name.$step.err" ]; then
			echo "# stderr:"
			normalize <"$TMP/$name.$step.err"
		fi
		if [ "$rc" -ne 0 ]; then
			echo "# crm_simulate exit status $rc"
			return
		fi
		in=$TMP/$name.$step.xml
	done
}

selected() { # name
	[ "${#only[@]}" -eq 0 ] && return 0
	local o
	for o in "${only[@]}"; do [ "$o" = "$1" ] && return 0; done
	return 1
}

total=0
failed=0
fail() { # name why...
	local name=$1
	shift
	echo "FAIL $name"
	[ "$#" -gt 0 ] && printf '  %s\n' "$@"
	failed=$((failed + 1))
}

if ! command -v crm_simulate >/dev/null; then
	echo "run.sh: crm_simulate not found (package pacemaker-cli-utils)" >&2
	sg_result 0 1
	exit 1
fi
version=$(crm_simulate --version 2>/dev/null | head -1)
if [ "$version" != "$RECORDED_WITH" ]; then
	echo "run.sh: note: the expected outputs were recorded with $RECORDED_WITH, this is $version" >&2
fi

if [ ! -r "$DIR/cases.txt" ]; then
	echo "run.sh: $DIR/cases.txt not found" >&2
	sg_result 0 1
	exit 1
fi

seen=()
while IFS='|' read -r name injection promise; do
	case $name in '' | '#'*) continue ;; esac
	seen+=("$name")
	selected "$name" || continue
	total=$((total + 1))
	exp=$DIR/exp/$name.summary
	act=$TMP/$name.actual
	if [ -z "$injection" ] || [ -z "$promise" ]; then
		fail "$name" "cases.txt: a line needs name|injection|promise"
		continue
	fi
	if [ ! -r "$DIR/xml/$name.xml" ]; then
		fail "$name" "missing fixture xml/$name.xml (run make-fixtures.sh)"
		continue
	fi
	simulate "$name" "$injection" >"$act" </dev/null
	if [ ! -r "$exp" ]; then
		fail "$name" "missing exp/$name.summary; actual output:"
		sed 's/^/    /' "$act"
	elif diff -u --label "exp/$name.summary" --label actual "$exp" "$act" >"$TMP/$name.diff"; then
		echo "PASS $name"
		continue
	else
		fail "$name" "promise: $promise"
		cat "$TMP/$name.diff"
	fi
	if [ "$update" -eq 1 ]; then
		mkdir -p "$DIR/exp"
		cp "$act" "$exp"
		echo "  updated exp/$name.summary"
	fi
done <"$DIR/cases.txt"

# a case named on the command line that does not exist
for o in "${only[@]}"; do
	found=0
	for s in "${seen[@]}"; do [ "$s" = "$o" ] && found=1; done
	if [ "$found" -eq 0 ]; then
		total=$((total + 1))
		fail "$o" "no such case in cases.txt"
	fi
done

sg_result "$total" "$failed"
[ "$failed" -eq 0 ]
