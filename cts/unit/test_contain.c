/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_contain.c - unit tests for lib/contain.c, the containment without
 * a cgroup: a session's processes die even when one made its own process
 * group; a setsid() escapee is out of reach of the session kill but not of
 * a child subreaper's descendant kill; after sg_contain_reap_all() no
 * process of ours, zombie or not, is left.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_contain.c lib/contain.c lib/util.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "contain.h"
#include "procid.h"
#include "util.h"

/* 0: gone, 1: zombie, 2: alive */
static int proc_state(pid_t pid)
{
	struct sg_procstat st;

	if (sg_procstat_read(pid, &st) < 0)
		return 0;
	return st.state == 'Z' || st.state == 'X' ? 1 : 2;
}

/* A session leader with: a child in its group, a child in a group of its
 * own (same session), a setsid() escapee, a double-forked escapee. pids[0]
 * is the leader. */
static void start_tree(pid_t pids[5])
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setsid();
		close(p[0]);
		for (int kind = 1; kind <= 4; kind++) {
			if (fork() == 0) {
				pid_t me;

				if (kind == 2)
					setpgid(0, 0);
				if (kind == 3)
					setsid();
				if (kind == 4 && fork() != 0)
					_exit(0);
				if (kind == 4)
					setsid();
				me = getpid();
				if (write(p[1], &me, sizeof(me)) < 0)
					_exit(1);
				pause();
				_exit(0);
			}
		}
		pause();
		_exit(0);
	}
	close(p[1]);
	pids[0] = pid;
	for (int i = 1; i <= 4; i++)
		assert_int_equal(read(p[0], &pids[i], sizeof(pid_t)), sizeof(pid_t));
	close(p[0]);
}

static void test_session_kill_ends_group_and_session_not_setsid_escapees(void **state)
{
	pid_t pids[5];
	int status;

	(void)state;
	/* we are a child subreaper: orphans come back to us */
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	start_tree(pids);
	for (int i = 0; i < 5; i++)
		assert_int_equal(proc_state(pids[i]), 2);
	/* pids[1..4] sorted by arrival, so find which is which by session */
	assert_int_equal(sg_contain_kill_session(pids[0], 2000), 0);
	assert_int_equal(sg_contain_signal_session(pids[0], 0), 0);
	assert_int_equal(waitpid(pids[0], &status, 0), pids[0]);
	{
		int escaped = 0;

		for (int i = 1; i <= 4; i++)
			escaped += proc_state(pids[i]) == 2;
		/* the two setsid() escapees survive a session kill... */
		assert_int_equal(escaped, 2);
	}
	/* ...but not the subreaper's kill of its descendants and reap */
	assert_int_equal(sg_contain_reap_all(2000), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(proc_state(pids[i]), 0);
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

static void test_reap_all_without_children_returns_at_once(void **state)
{
	uint64_t t0 = sg_now_mono_ms();

	(void)state;
	assert_int_equal(sg_contain_reap_all(1000), 0);
	assert_true(sg_now_mono_ms() - t0 < 100);
	assert_int_equal(sg_contain_signal_session(1, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_kill_ends_group_and_session_not_setsid_escapees),
		cmocka_unit_test(test_reap_all_without_children_returns_at_once),
	};

	return sg_run_tests("contain", tests, NULL, NULL);
}
