/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samcleanup.c - unit tests for the decisions of lib/samcleanup.c:
 * what proves a supervisor dead, and that nothing less deletes a key. */
#include "sg_test.h"

#include <string.h>

#include "samcleanup.h"

static void test_samguard_keys(void **state)
{
	struct sg_procid id = { 123, 456 };
	char why[200];

	(void)state;
	assert_true(sg_cleanup_decide_samguard(1, SG_PROC_DEAD, &id, 0, 0, -1, why, sizeof(why)));
	assert_contains(why, "pid 123 with start time 456 (cmap)");
	assert_true(sg_cleanup_decide_samguard(1, SG_PROC_DEAD, &id, 1, 7, 0, why, sizeof(why)));
	assert_contains(why, "run-state file");
	assert_false(sg_cleanup_decide_samguard(1, SG_PROC_ALIVE, &id, 0, 0, -1, why, sizeof(why)));
	assert_contains(why, "kept");
	/* no identity at all: never */
	assert_false(sg_cleanup_decide_samguard(0, SG_PROC_NONE, &id, 0, 0, -1, why, sizeof(why)));
	assert_contains(why, "no supervisor recorded");
	assert_false(sg_cleanup_decide_samguard(1, SG_PROC_NONE, &id, 0, 0, -1, why, sizeof(why)));
	/* supervisor dead, but corosync still lists its child's connection:
	 * the child may still write; unknown does not keep */
	assert_false(sg_cleanup_decide_samguard(1, SG_PROC_DEAD, &id, 0, 77, 1, why, sizeof(why)));
	assert_contains(why, "connection from its SAM child pid 77");
	assert_true(sg_cleanup_decide_samguard(1, SG_PROC_DEAD, &id, 0, 77, -1, why, sizeof(why)));
}

static void test_sam_keys(void **state)
{
	char why[200];

	(void)state;
	/* gone, no connection, same pid namespace: delete */
	assert_true(sg_cleanup_decide_sam(7, 0, 0, 0, 1, why, sizeof(why)));
	assert_contains(why, "no process 7");
	/* reused after the last update, no connection: delete */
	assert_true(sg_cleanup_decide_sam(7, 1, 1, 0, 1, why, sizeof(why)));
	assert_contains(why, "reused");
	/* alive and possibly the writer: a bare pid never decides */
	assert_false(sg_cleanup_decide_sam(7, 1, 0, 0, 1, why, sizeof(why)));
	/* corosync still talks to it */
	assert_false(sg_cleanup_decide_sam(7, 0, 0, 1, 1, why, sizeof(why)));
	assert_contains(why, "connection");
	/* cannot tell */
	assert_false(sg_cleanup_decide_sam(7, 0, 0, -1, 1, why, sizeof(why)));
	assert_false(sg_cleanup_decide_sam(7, 0, 0, 0, 0, why, sizeof(why)));
	assert_contains(why, "namespace");
	assert_false(sg_cleanup_decide_sam(7, 0, 0, 0, -1, why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samguard_keys),
		cmocka_unit_test(test_sam_keys),
	};

	return sg_run_tests("samcleanup", tests, NULL, NULL);
}
