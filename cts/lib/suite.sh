# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cts/lib/suite.sh - run a shunit2 suite under cts/suites/ so that its
# output ends with exactly one line "SG-RESULT <tests> <failed>" (what
# cts/check.sh reads) and its status is non-zero on any failure. shunit2
# calls oneTimeTearDown twice (at the end and from its exit trap), so the
# counts go to a file and the parent prints the line once the child is done.
#
#   . cts/lib/suite.sh      at the top of the suite (before its tests)
#   sg_suite_run            as its last line, instead of sourcing shunit2
#
# A suite's own oneTimeTearDown, if any, must call sg_suite_counts.

sg_suite_counts() {
	[ -n "${SG_SUITE_RESULT:-}" ] &&
		echo "${__shunit_testsTotal:-0} ${__shunit_testsFailed:-0}" > "$SG_SUITE_RESULT"
	return 0
}

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
		echo "SG-RESULT $total $failed"
		[ "$failed" -eq 0 ]
		exit
	fi
	declare -F oneTimeTearDown >/dev/null || oneTimeTearDown() { sg_suite_counts; }
	export SHUNIT_COLOR=none
	set --
	# shellcheck disable=SC1091
	. /usr/share/shunit2/shunit2
}
