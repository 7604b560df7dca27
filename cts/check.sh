#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh - samguard's test driver (make check).
#   cts/check.sh [all|unit|agents|asan|valgrind]
# Builds what it needs, runs the cmocka unit tests, the agent tests on a
# real corosync in namespaces (cts/lib/sandbox.sh), then both again on an
# ASan/UBSan build, and the unit tests and agent actions under valgrind.
# Prints one line per suite and, last, "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
what=${1:-all}
export SHUNIT_COLOR=none
TOTAL_PASS=0
TOTAL_FAIL=0
LOGDIR=${SG_CHECK_LOGDIR:-build/check-logs}
mkdir -p "$LOGDIR"
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf '%s\n' "$*"; }
count() { # suite passed failed
	TOTAL_PASS=$((TOTAL_PASS + $2))
	TOTAL_FAIL=$((TOTAL_FAIL + $3))
	printf '%-34s %4d passed, %d failed\n' "$1" "$2" "$3"
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
	local label=$1 dir=$2 t out p f rc
	shift 2
	for t in "$dir"/unit/test_*; do
		out=$("$@" "$t" 2>&1)
		rc=$?
		p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -ne 0 ]; then printf '%s\n' "$out" | grep -vE '^\[ +(RUN|OK) +\]' | tail -30; fi
		count "$label $(basename "$t")" "$p" "$f"
	done
}

# agent tests in a sandbox on an installed copy of a build dir
run_agents() { # label builddir [env...]
	local label=$1 dir=$2 dest out rc line
	shift 2
	dest=$(mktemp -d /tmp/samguard-check.XXXXXX)
	make -s BUILDDIR="$dir" DESTDIR="$dest" install >/dev/null || { count "$label install" 0 1; return; }
	out=$(env SG_TESTD="$PWD/$dir/cts/sg-testd" SG_KEEP_LOG="$PWD/$LOGDIR/agents-$label.log" "$@" \
		timeout 900 cts/lib/sandbox.sh --root "$dest" --keep "$LOGDIR/sandbox-$label" -- \
		cts/agent/test_samprocess.sh 2>&1)
	rc=$?
	rm -rf "$dest"
	printf '%s\n' "$out" > "$LOGDIR/agents-$label.out"
	line=$(printf '%s\n' "$out" | sed -n 's/^SG-RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' | tail -1)
	if [ -z "$line" ]; then
		printf '%s\n' "$out" | tail -30
		count "$label agent tests (rc $rc)" 0 1
		return
	fi
	set -- $line
	if [ "$2" -ne 0 ] || [ "$rc" -ne 0 ]; then printf '%s\n' "$out" | grep -E '^(test_|ASSERT)' | grep -B1 ASSERT | head -60; fi
	if [ "$rc" -ne 0 ] && [ "$2" -eq 0 ]; then count "$label agent tests (rc $rc)" "$1" 1; return; fi
	count "$label agent tests" "$(($1 - $2))" "$2"
}

# Further suites: every executable cts/suites/NAME (or only those named in
# the third argument, a blank-separated list; a name without a suite is
# skipped), run with the build dir, an installed copy (DESTDIR) and the test
# daemon in the environment. A suite starts its own sandbox if it needs one
# and ends its output with "SG-RESULT <tests> <failed>". Each suite's
# duration goes to $LOGDIR/durations.
run_suites() { # label builddir [names]
	local label=$1 dir=$2 only=${3:-} s dest out rc line t0
	for s in cts/suites/*; do
		[ -x "$s" ] || continue
		if [ -n "$only" ] && [[ " $only " != *" $(basename "$s") "* ]]; then continue; fi
		t0=$SECONDS
		dest=$(mktemp -d /tmp/samguard-check.XXXXXX)
		make -s BUILDDIR="$dir" DESTDIR="$dest" install >/dev/null || { count "$label $(basename "$s") install" 0 1; continue; }
		out=$(env SG_BUILDDIR="$PWD/$dir" SG_DESTDIR="$dest" SG_TESTD="$PWD/$dir/cts/sg-testd" \
			SG_LOGDIR="$PWD/$LOGDIR" timeout 900 "$s" 2>&1)
		rc=$?
		rm -rf "$dest"
		echo "$label-$(basename "$s") $((SECONDS - t0)) s" >> "$LOGDIR/durations"
		printf '%s\n' "$out" > "$LOGDIR/$label-$(basename "$s").out"
		line=$(printf '%s\n' "$out" | sed -n 's/^SG-RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' | tail -1)
		if [ -z "$line" ]; then
			printf '%s\n' "$out" | tail -30
			count "$label $(basename "$s") (rc $rc)" 0 1
			continue
		fi
		set -- $line
		if [ "$2" -ne 0 ] || [ "$rc" -ne 0 ]; then printf '%s\n' "$out" | grep -E '^(test_|ASSERT|FAIL)' | head -60; fi
		if [ "$rc" -ne 0 ] && [ "$2" -eq 0 ]; then count "$label $(basename "$s") (rc $rc)" "$1" 1; continue; fi
		count "$label $(basename "$s")" "$(($1 - $2))" "$2"
	done
}

ASAN_FLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
VALGRIND="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"

case "$what" in
all|unit|agents|suites|valgrind) build build || { say "$TOTAL_PASS passed, $TOTAL_FAIL failed"; exit 1; } ;;
esac
case "$what" in
all|unit) run_unit unit build ;;
esac
case "$what" in
all|agents) run_agents agents build ;;
esac
case "$what" in
all|suites) run_suites suites build ;;
esac
case "$what" in
all|asan)
	# no FORTIFY under the sanitizers (the Makefile leaves it out for
	# -fsanitize anyway; said here so that the intent is plain)
	if build build-asan CFLAGS="$ASAN_FLAGS" LDFLAGS="-fsanitize=address,undefined" HARDEN_FORTIFY=0; then
		export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:exitcode=98
		export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=97
		run_unit asan-unit build-asan
		asan_t0=$SECONDS
		run_agents asan-agents build-asan
		echo "asan-agents $((SECONDS - asan_t0)) s" >> "$LOGDIR/durations"
		# the live suites that run our programs; not cluster, packaging,
		# pcs-crmsh, scheduler (no code of ours under test that the others
		# do not run), fuzz (sanitized already) or hardening (checks the
		# release flags)
		run_suites asan build-asan "tools shim attacker"
		unset ASAN_OPTIONS UBSAN_OPTIONS
	fi
	;;
esac
case "$what" in
all|valgrind)
	run_unit valgrind-unit build $VALGRIND
	# agent actions that need no cluster, under valgrind
	vg_pass=0 vg_fail=0
	for args in "meta-data" "usage" "validate-all" "bogus"; do
		env -i OCF_RESKEY_binfile=/bin/sleep OCF_RESOURCE_INSTANCE=vg HA_LOGFACILITY=none \
			$VALGRIND build/agents/SAMProcess $args >/dev/null 2>"$LOGDIR/valgrind-agent.err"
		rc=$?
		if [ "$rc" -eq 99 ]; then vg_fail=$((vg_fail + 1)); cat "$LOGDIR/valgrind-agent.err"; else vg_pass=$((vg_pass + 1)); fi
	done
	count "valgrind agent actions" "$vg_pass" "$vg_fail"
	run_agents valgrind-agents build SG_AGENT_WRAPPER="$VALGRIND"
	;;
esac
say "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
