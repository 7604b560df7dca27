/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samtable.c - unit tests for lib/samtable.c and lib/samproc.c: key
 * parsing, filling the table from keys in scan order and from
 * notifications in any order, deletions, linking resources to their SAM
 * entry (a contested pid goes to the live claim), and the joined list
 * (order, names, look-ups by name and pid). */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samproc.h"
#include "samtable.h"

static void test_key_parse(void **state)
{
	struct sg_key_parts kp;

	(void)state;
	assert_int_equal(sg_key_parse("resources.process.1234.state", &kp), SG_KEYKIND_SAM);
	assert_int_equal(kp.pid, 1234);
	assert_string_equal(kp.leaf, "state");
	assert_int_equal(sg_key_parse("resources.process.4294967295.x", &kp), SG_KEYKIND_SAM);
	assert_int_equal(kp.pid, 4294967295u);
	assert_int_equal(sg_key_parse("samguard.resource.web_3a0.daemon_pid", &kp), SG_KEYKIND_SAMGUARD);
	assert_string_equal(kp.enc, "web_3a0");
	assert_string_equal(kp.leaf, "daemon_pid");
	/* not ours, or malformed */
	assert_int_equal(sg_key_parse("resources.process.0.state", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.process.012.state", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.process.4294967296.state", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.process.12a.state", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.process.12.", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.process..state", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.process.12", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("resources.watchdog_timeout", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("samguard.resource..state", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("samguard.resource.web", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse("totem.token", &kp), SG_KEYKIND_OTHER);
	assert_int_equal(sg_key_parse(NULL, &kp), SG_KEYKIND_OTHER);
}

/* The keys of one running resource and its SAM entry, in cmap's order. */
static void load_resource(struct sg_table *t, const char *enc, uint32_t sup, uint64_t start)
{
	char key[256], v[32];

#define SET(leaf, val) do { snprintf(key, sizeof(key), "samguard.resource.%s." leaf, enc); \
		assert_int_equal(sg_table_set(t, key, val), 0); } while (0)
	snprintf(v, sizeof(v), "%u", sup);
	SET("daemon_pid", "777");
	SET("health", "notify");
	SET("restart_history", "10 20");
	SET("restarts", "2");
	SET("state", "running");
	SET("supervisor_pid", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)start);
	SET("supervisor_start", v);
#undef SET
}

static void load_sam(struct sg_table *t, uint32_t pid, const char *state)
{
	char key[128];

	snprintf(key, sizeof(key), "resources.process.%u.last_updated", pid);
	assert_int_equal(sg_table_set(t, key, "5000000"), 0);
	snprintf(key, sizeof(key), "resources.process.%u.poll_period", pid);
	assert_int_equal(sg_table_set(t, key, "1000"), 0);
	snprintf(key, sizeof(key), "resources.process.%u.recovery", pid);
	assert_int_equal(sg_table_set(t, key, NULL), 0);    /* present, not read */
	snprintf(key, sizeof(key), "resources.process.%u.state", pid);
	assert_int_equal(sg_table_set(t, key, state), 0);
}

static void test_scan_order_fill_and_link(void **state)
{
	struct sg_table t;
	struct sg_sam_entry *s;
	struct sg_sg_entry *g;

	(void)state;
	sg_table_init(&t);
	/* cmap iterates in key order: pids as text (100 before 42) */
	load_sam(&t, 100, "running");
	load_sam(&t, 42, "stopped");
	load_sam(&t, 7, "running");
	load_resource(&t, "web_3a0", 42, 1111);
	load_resource(&t, "db", 100, 2222);
	assert_int_equal(sg_table_set(&t, "totem.token", "1"), 1);
	assert_int_equal(t.nsam, 3);
	assert_int_equal(t.nsg, 2);
	sg_table_link(&t);
	assert_int_equal(t.sam[0].pid, 7);                 /* numeric order */
	assert_int_equal(t.sam[2].pid, 100);
	assert_string_equal(t.sg[0].enc, "db");
	s = sg_table_find_sam(&t, 42);
	assert_non_null(s);
	assert_string_equal(s->ss.state, "stopped");
	assert_int_equal(s->ss.poll_period_ms, 1000);
	assert_true(s->ss.has_last_updated);
	assert_true(sg_sam_entry_has(s, "recovery"));
	assert_string_equal(s->ss.recovery, "");
	g = sg_table_find_sg(&t, "web_3a0");
	assert_non_null(g);
	assert_string_equal(g->name, "web:0");
	assert_int_equal(g->rs.restarts, 2);
	assert_int_equal(g->rs.history_len, 2);
	assert_int_equal(g->rs.daemon_pid, 777);
	assert_true(sg_sg_entry_has(g, "health"));
	assert_false(sg_sg_entry_has(g, "quorum"));
	assert_int_equal(g->sam, s - t.sam);
	assert_int_equal(s->sg, g - t.sg);
	assert_int_equal(sg_table_find_sam(&t, 7)->sg, -1);
	assert_null(sg_table_find_sam(&t, 8));
	assert_null(sg_table_find_sg(&t, "nope"));
	sg_table_free(&t);
}

static void test_notifications_any_order_and_deletes(void **state)
{
	struct sg_table t;

	(void)state;
	sg_table_init(&t);
	sg_table_link(&t);                                  /* watch: sorted from the start */
	assert_int_equal(sg_table_set(&t, "resources.process.9.state", "running"), 0);
	assert_int_equal(sg_table_set(&t, "resources.process.3.state", "running"), 0);
	assert_int_equal(sg_table_set(&t, "resources.process.9.last_updated", "12"), 0);
	assert_int_equal(sg_table_set(&t, "resources.process.5.state", "stopped"), 0);
	assert_int_equal(sg_table_set(&t, "resources.process.9.poll_period", "x"), -EINVAL);
	assert_int_equal(t.nsam, 3);
	assert_int_equal(t.sam[0].pid, 3);
	assert_int_equal(t.sam[1].pid, 5);
	assert_int_equal(t.sam[2].pid, 9);
	assert_int_equal(t.sam[2].ss.last_updated_ns, 12);
	/* a deleted key clears its field; the last one removes the entry */
	assert_int_equal(sg_table_unset(&t, "resources.process.9.last_updated"), 0);
	assert_false(sg_table_find_sam(&t, 9)->ss.has_last_updated);
	assert_int_equal(sg_table_unset(&t, "resources.process.9.state"), 0);
	assert_non_null(sg_table_find_sam(&t, 9));          /* poll_period is still there */
	assert_int_equal(sg_table_unset(&t, "resources.process.9.poll_period"), 0);
	assert_null(sg_table_find_sam(&t, 9));
	assert_int_equal(t.nsam, 2);
	assert_int_equal(sg_table_unset(&t, "resources.process.9.state"), 1);
	assert_int_equal(sg_table_unset(&t, "totem.token"), 1);
	/* samguard: an unknown leaf keeps the entry alive too */
	assert_int_equal(sg_table_set(&t, "samguard.resource.a.state", "running"), 0);
	assert_int_equal(sg_table_set(&t, "samguard.resource.a.future_leaf", "x"), 0);
	assert_int_equal(sg_table_unset(&t, "samguard.resource.a.state"), 0);
	assert_string_equal(sg_table_find_sg(&t, "a")->rs.state, "");
	assert_int_equal(sg_table_unset(&t, "samguard.resource.a.future_leaf"), 0);
	assert_null(sg_table_find_sg(&t, "a"));
	sg_table_free(&t);
}

static void test_contested_pid_goes_to_the_live_claim(void **state)
{
	struct sg_table t;

	(void)state;
	sg_table_init(&t);
	load_sam(&t, 50, "running");
	load_resource(&t, "new", 50, 900);
	load_resource(&t, "old", 50, 100);
	sg_table_link(&t);
	/* unprobed: the newest start time wins */
	assert_int_equal(sg_table_find_sg(&t, "new")->sam, 0);
	assert_int_equal(sg_table_find_sg(&t, "old")->sam, -1);
	/* the old identity is the live one after all */
	sg_table_find_sg(&t, "old")->supervisor_live = SG_PROC_ALIVE;
	sg_table_find_sg(&t, "new")->supervisor_live = SG_PROC_DEAD;
	sg_table_link(&t);
	assert_int_equal(sg_table_find_sg(&t, "old")->sam, 0);
	assert_int_equal(sg_table_find_sg(&t, "new")->sam, -1);
	assert_int_equal(t.sam[0].sg, sg_table_find_sg(&t, "old") - t.sg);
	sg_table_free(&t);
}

static void test_scan_duplicates_are_dropped(void **state)
{
	struct sg_table t;

	(void)state;
	sg_table_init(&t);
	assert_int_equal(sg_table_set(&t, "resources.process.4.state", "running"), 0);
	assert_int_equal(sg_table_set(&t, "resources.process.5.state", "running"), 0);
	assert_int_equal(sg_table_set(&t, "resources.process.4.poll_period", "1"), 0);
	sg_table_link(&t);
	assert_int_equal(t.nsam, 2);
	sg_table_free(&t);
}

static void test_joined_list(void **state)
{
	struct sg_table t;
	struct sg_samproc *v;
	ssize_t n;

	(void)state;
	sg_table_init(&t);
	load_sam(&t, 30, "running");
	load_sam(&t, 20, "running");
	load_sam(&t, 10, "running");
	load_resource(&t, "zeta", 20, 1);
	load_resource(&t, "alpha", 99, 1);                  /* no SAM keys */
	sg_table_link(&t);
	strcpy(sg_table_find_sam(&t, 30)->program, "sam-plain");
	sg_table_find_sam(&t, 10)->child_pid = 11;
	sg_table_find_sam(&t, 10)->exists = 1;
	n = sg_samprocs(&t, 6000000, &v);
	assert_int_equal(n, 4);
	/* samguard resources by name, then the others by pid */
	assert_string_equal(v[0].name, "alpha");
	assert_null(v[0].sam);
	assert_int_equal(v[0].pid, 99);
	assert_string_equal(v[1].name, "zeta");
	assert_int_equal(v[1].sam->pid, 20);
	assert_null(v[2].sg);
	assert_int_equal(v[2].pid, 10);
	assert_int_equal(v[3].pid, 30);
	assert_string_equal(v[3].name, "sam-plain");
	assert_int_equal(sg_samproc_interval_ms(&v[1]), 1000);
	assert_int_equal(sg_samproc_interval_ms(&v[0]), -1);
	assert_int_equal(sg_samproc_daemon_pid(&v[1]), 777);
	assert_int_equal(sg_samproc_daemon_pid(&v[2]), 11);
	assert_ptr_equal(sg_samprocs_find(v, (size_t)n, "zeta"), &v[1]);
	assert_ptr_equal(sg_samprocs_find(v, (size_t)n, "20"), &v[1]);
	assert_ptr_equal(sg_samprocs_find(v, (size_t)n, "777"), &v[0]);    /* daemon pid: first with it */
	assert_ptr_equal(sg_samprocs_find(v, (size_t)n, "11"), &v[2]);
	assert_ptr_equal(sg_samprocs_find(v, (size_t)n, "30"), &v[3]);
	assert_null(sg_samprocs_find(v, (size_t)n, "31"));
	assert_null(sg_samprocs_find(v, (size_t)n, "sam-plain"));          /* names: resources only */
	assert_null(sg_samprocs_find(v, (size_t)n, ""));
	free(v);
	sg_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_parse),
		cmocka_unit_test(test_scan_order_fill_and_link),
		cmocka_unit_test(test_notifications_any_order_and_deletes),
		cmocka_unit_test(test_contested_pid_goes_to_the_live_claim),
		cmocka_unit_test(test_scan_duplicates_are_dropped),
		cmocka_unit_test(test_joined_list),
	};

	return sg_run_tests("samtable", tests, NULL, NULL);
}
