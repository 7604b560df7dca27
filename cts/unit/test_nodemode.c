/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_nodemode.c - full node or Pacemaker Remote node (lib/nodemode.c):
 * the decision for every combination of facts, and the search for a
 * pacemaker-remoted that only root can have started, on a fake /proc. */
#include "sg_test.h"

#include "nodemode.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every combination of the four facts: corosync answering always wins; a
 * remote node needs pacemaker-remoted or samguard state in the store; a
 * node with corosync.conf and neither is a full node whose corosync is down. */
static void test_decision_for_every_combination(void **state)
{
	char why[256];

	(void)state;
	for (int bits = 0; bits < 16; bits++) {
		struct sg_node_facts f = {
			.corosync_answers = bits & 1,
			.corosync_conf = !!(bits & 2),
			.remoted_pid = (bits & 4) ? 42 : 0,
			.store_in_use = !!(bits & 8),
		};
		enum sg_node_mode want = f.corosync_answers ? SG_NODE_FULL
					 : (f.remoted_pid || f.store_in_use) ? SG_NODE_REMOTE
					 : f.corosync_conf ? SG_NODE_COROSYNC_DOWN : SG_NODE_NEITHER;

		why[0] = '\0';
		assert_int_equal(sg_node_mode_decide(&f, why, sizeof(why)), want);
		assert_true(strlen(why) > 10);
		assert_null(strchr(why, '\n'));
		assert_int_equal(sg_node_mode_decide(&f, NULL, 0), want);
	}
}

static void test_reasons_say_what_was_seen(void **state)
{
	struct sg_node_facts f = { .remoted_pid = 1234, .corosync_conf = 1 };
	char why[256];

	(void)state;
	sg_node_mode_decide(&f, why, sizeof(why));
	assert_contains(why, "Pacemaker Remote node");
	assert_contains(why, "pid 1234");
	f.remoted_pid = 0;
	sg_node_mode_decide(&f, why, sizeof(why));
	assert_contains(why, SG_COROSYNC_CONF);
	assert_contains(why, "does not answer");
	f.corosync_conf = 0;
	sg_node_mode_decide(&f, why, sizeof(why));
	assert_contains(why, "neither corosync nor pacemaker-remoted");
	assert_string_equal(sg_node_mode_text(SG_NODE_REMOTE), "remote");
	assert_string_equal(sg_node_mode_text(SG_NODE_COROSYNC_DOWN), "corosync-down");
}

static char procdir[64];

static void fake_proc(const char *pid, const char *comm, const char *uids)
{
	char path[160], text[256];

	snprintf(path, sizeof(path), "%s/%s", procdir, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/comm", procdir, pid);
	snprintf(text, sizeof(text), "%s\n", comm);
	assert_int_equal(sg_write_file_atomic(path, text, strlen(text), 0644), 0);
	snprintf(path, sizeof(path), "%s/%s/status", procdir, pid);
	snprintf(text, sizeof(text), "Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t%s\nGid:\t0\t0\t0\t0\n", comm,
		 uids);
	assert_int_equal(sg_write_file_atomic(path, text, strlen(text), 0644), 0);
}

static int proc_setup(void **state)
{
	(void)state;
	snprintf(procdir, sizeof(procdir), "/tmp/sg-unit-nodemode-%d", (int)getpid());
	return mkdir(procdir, 0755);
}

static int proc_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", procdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Another user can name a process pacemaker-remoted, but cannot make it
 * run as root: only a root one (real and effective uid) counts. */
static void test_only_a_root_pacemaker_remoted_counts(void **state)
{
	(void)state;
	fake_proc("self", "pacemaker-remot", "0\t0\t0\t0");     /* not a pid: ignored */
	fake_proc("10", "sleep", "0\t0\t0\t0");
	fake_proc("11", "pacemaker-remot", "1000\t1000\t1000\t1000");
	fake_proc("12", "pacemaker-remot", "1000\t0\t0\t0");    /* setuid: real uid is the user's */
	fake_proc("13", "pacemaker-remot", "0\t1000\t1000\t1000");
	assert_int_equal(sg_node_find_remoted(procdir), 0);
	fake_proc("14", "pacemaker_remot", "0\t0\t0\t0");       /* Pacemaker 1.1's name */
	assert_int_equal(sg_node_find_remoted(procdir), 14);
	assert_int_equal(sg_node_find_remoted("/nonexistent"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decision_for_every_combination),
		cmocka_unit_test(test_reasons_say_what_was_seen),
		cmocka_unit_test_setup_teardown(test_only_a_root_pacemaker_remoted_counts, proc_setup, proc_teardown),
	};

	return sg_run_tests("nodemode", tests, NULL, NULL);
}
