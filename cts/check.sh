#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh - samguard's test driver (make check).
#   cts/check.sh [all|unit|agents|asan|valgrind|suites [NAME...]]
# Builds what it needs, runs the cmocka unit tests, the suites of
# cts/suites/ (the agent tests among them: cts/suites/agents) with an
# installed copy of the build, then the unit tests and the live suites
# that run our programs again on an ASan/UBSan build, and the unit tests
# and the agent tests under valgrind.
#
# Every test program and suite ends its output with one line
# "SG-RESULT <tests> <failed>" (cts/lib/testlib.sh: sg_result), read here
# by tally alone. Prints one line per program or suite and, last,
# "N passed, N failed". SG_CHECK_BUILDDIR: the plain build's directory
# (default build); SG_CHECK_LOGDIR: where the logs go (default
# $SG_CHECK_BUILDDIR/check-logs), the durations of the suites among them.
set -u
cd "$(dirname "$0")/.." || exit 2
what=${1:-all}
[ $# -gt 0 ] && shift
# shellcheck source=cts/lib/testlib.sh
. cts/lib/testlib.sh
export SHUNIT_COLOR=none
TOTAL_PASS=0
TOTAL_FAIL=0
BUILD=${SG_CHECK_BUILDDIR:-build}
LOGDIR=${SG_CHECK_LOGDIR:-$BUILD/check-logs}
mkdir -p "$LOGDIR"
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf '%s\n' "$*"; }
count() { # label passed failed
	TOTAL_PASS=$((TOTAL_PASS + $2))
	TOTAL_FAIL=$((TOTAL_FAIL + $3))
	printf '%-34s %4d passed, %d failed\n' "$1" "$2" "$3"
}

# tally LABEL OUTFILE STATUS: count a program's or suite's result line
# (the last "SG-RESULT <tests> <failed>" in OUTFILE); a non-zero STATUS
# with no failed test is one failure, no result line at all is one too
tally() {
	local label=$1 out=$2 rc=$3 counts t f
	if ! counts=$(sg_result_read "$out"); then
		tail -30 "$out"
		count "$label (no result, rc $rc)" 0 1
		return
	fi
	read -r t f <<<"$counts"
	if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
		# shunit2's and cmocka's failure lines, else the end (a sanitizer's report)
		grep -E '^(test_|ASSERT|FAIL|\[ *(FAILED|ERROR|LINE) *\])' "$out" | head -60 | grep . || tail -30 "$out"
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		count "$label (rc $rc)" "$t" 1
		return
	fi
	count "$label" "$((t > f ? t - f : 0))" "$f"
}

build() { # BUILDDIR [make args...]
	local dir=$1
	shift
	if ! make -s -j"$JOBS" BUILDDIR="$dir" "$@" all >"$LOGDIR/build-$(basename "$dir").log" 2>&1; then
		cat "$LOGDIR/build-$(basename "$dir").log"
		count "build $dir" 0 1
		return 1
	fi
}

# run the cmocka binaries of a build dir, optionally under a wrapper
run_unit() { # label builddir [wrapper...]
	local label=$1 dir=$2 t out rc
	shift 2
	out=$(mktemp)
	for t in "$dir"/unit/test_*; do
		"$@" "$t" >"$out" 2>&1
		rc=$?
		tally "$label $(basename "$t")" "$out" "$rc"
	done
	rm -f "$out"
}

# The suites: every executable cts/suites/NAME (or only those named in
# the third argument, a blank-separated list; a name without a suite is
# skipped), run with the build dir, an installed copy (DESTDIR), the test
# daemon, the log dir, the label (SG_RUN_LABEL, for the names of their
# logs) and any further VAR=value arguments in the environment. A suite
# starts its own sandbox if it needs one. Its output goes to
# $LOGDIR/LABEL-NAME.out, its duration to $LOGDIR/durations.
run_suites() { # label builddir [names] [VAR=value...]
	local label=$1 dir=$2 only=${3:-} s name dest rc t0
	shift 2
	[ $# -gt 0 ] && shift
	for s in cts/suites/*; do
		[ -x "$s" ] || continue
		name=$(basename "$s")
		if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then continue; fi
		t0=$SECONDS
		dest=$(mktemp -d /tmp/samguard-check.XXXXXX)
		make -s BUILDDIR="$dir" DESTDIR="$dest" install >/dev/null || { count "$label $name install" 0 1; continue; }
		env SG_BUILDDIR="$PWD/$dir" SG_DESTDIR="$dest" SG_TESTD="$PWD/$dir/cts/sg-testd" \
			SG_LOGDIR="$PWD/$LOGDIR" SG_RUN_LABEL="$label" "$@" timeout 900 "$s" \
			>"$LOGDIR/$label-$name.out" 2>&1
		rc=$?
		rm -rf "$dest"
		echo "$label-$name $((SECONDS - t0)) s" >> "$LOGDIR/durations"
		tally "$label $name" "$LOGDIR/$label-$name.out" "$rc"
	done
}

ASAN_FLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
VALGRIND="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"

case "$what" in
all|unit|agents|suites|valgrind) build "$BUILD" || { say "$TOTAL_PASS passed, $TOTAL_FAIL failed"; exit 1; } ;;
esac
case "$what" in
all|unit) run_unit unit "$BUILD" ;;
esac
case "$what" in
agents) run_suites suites "$BUILD" agents ;;
esac
case "$what" in
all|suites) run_suites suites "$BUILD" "$*" ;;
esac
case "$what" in
all|asan)
	# no FORTIFY under the sanitizers (the Makefile leaves it out for
	# -fsanitize anyway; said here so that the intent is plain)
	if build build-asan CFLAGS="$ASAN_FLAGS" LDFLAGS="-fsanitize=address,undefined" HARDEN_FORTIFY=0; then
		export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:exitcode=98
		export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=97
		run_unit asan-unit build-asan
		# the live suites that run our programs; not cluster, remote, packaging,
		# pcs-crmsh, scheduler (no code of ours under test that the others
		# do not run), fuzz (sanitized already) or hardening (checks the
		# release flags)
		run_suites asan build-asan "agents tools shim attacker"
		unset ASAN_OPTIONS UBSAN_OPTIONS
	fi
	;;
esac
case "$what" in
all|valgrind)
	run_unit valgrind-unit "$BUILD" $VALGRIND
	# agent actions that need no cluster, under valgrind
	vg_pass=0 vg_fail=0
	for args in "meta-data" "usage" "validate-all" "bogus"; do
		env -i OCF_RESKEY_binfile=/bin/sleep OCF_RESOURCE_INSTANCE=vg HA_LOGFACILITY=none \
			$VALGRIND "$BUILD/agents/SAMProcess" $args >/dev/null 2>"$LOGDIR/valgrind-agent.err"
		rc=$?
		if [ "$rc" -eq 99 ]; then vg_fail=$((vg_fail + 1)); cat "$LOGDIR/valgrind-agent.err"; else vg_pass=$((vg_pass + 1)); fi
	done
	count "valgrind agent actions" "$vg_pass" "$vg_fail"
	run_suites valgrind "$BUILD" agents SG_AGENT_WRAPPER="$VALGRIND"
	;;
esac
say "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
