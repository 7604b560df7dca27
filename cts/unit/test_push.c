/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_push.c - unit tests for lib/push.c: which resource ids and node
 * names reach crm_resource, the exact argv of the push, and when the
 * supervisor pushes a give-up at all. */
#include "sg_test.h"

#include <errno.h>
#include <string.h>

#include "push.h"
#include "util.h"

static void test_resource_ids_pacemaker_gives_are_valid(void **state)
{
	static const char *const ok[] = { "web", "r2b", "_x", "my.res-1_a", "web:0", "db-clone:12", "A" };

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(ok); i++)
		if (sg_push_valid_rsc(ok[i]) != 0)
			fail_msg("resource id '%s' refused", ok[i]);
}

static void test_resource_ids_that_are_no_xml_id_are_refused(void **state)
{
	static const char *const bad[] = { "", "-web", "--fail", "1web", ".web", "web:", "web:a", "web:0:1",
					   "we b", "web;ls", "web\n", "web/x", "$(id)", "w'eb", ":0" };
	char longest[SG_PUSH_ID_MAX + 2];

	(void)state;
	assert_int_equal(sg_push_valid_rsc(NULL), -EINVAL);
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++)
		if (sg_push_valid_rsc(bad[i]) != -EINVAL)
			fail_msg("resource id '%s' accepted", bad[i]);
	memset(longest, 'a', sizeof(longest) - 1);
	longest[SG_PUSH_ID_MAX] = '\0';
	assert_int_equal(sg_push_valid_rsc(longest), 0);
	longest[SG_PUSH_ID_MAX] = 'a';
	longest[SG_PUSH_ID_MAX + 1] = '\0';
	assert_int_equal(sg_push_valid_rsc(longest), -EINVAL);
}

static void test_node_names(void **state)
{
	static const char *const ok[] = { "node1", "n", "db-01.example.com", "NODE_2", "1node" };
	static const char *const bad[] = { "", "-n", "--all", ".hidden", "node 1", "node1;reboot", "nöde",
					   "node\t1", "a/b", "$(x)" };

	(void)state;
	assert_int_equal(sg_push_valid_node(NULL), -EINVAL);
	for (size_t i = 0; i < SG_ARRAY_SIZE(ok); i++)
		if (sg_push_valid_node(ok[i]) != 0)
			fail_msg("node '%s' refused", ok[i]);
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++)
		if (sg_push_valid_node(bad[i]) != -EINVAL)
			fail_msg("node '%s' accepted", bad[i]);
}

static void test_argv_is_crm_resource_fail_with_each_name_one_word(void **state)
{
	static const char *const want[] = { SG_CRM_RESOURCE, "--fail", "--resource", "web:0", "--node", "node2" };
	const char *argv[SG_PUSH_ARGV_MAX];

	(void)state;
	assert_int_equal(sg_push_argv(argv, "web:0", "node2"), 0);
	for (size_t i = 0; i < SG_ARRAY_SIZE(want); i++)
		assert_string_equal(argv[i], want[i]);
	assert_null(argv[SG_PUSH_ARGV_MAX - 1]);
	assert_string_equal(SG_CRM_RESOURCE, "/usr/sbin/crm_resource");
}

static void test_argv_refuses_bad_names_and_leaves_argv_alone(void **state)
{
	const char *argv[SG_PUSH_ARGV_MAX] = { "untouched" };

	(void)state;
	assert_int_equal(sg_push_argv(argv, "web; reboot", "node1"), -EINVAL);
	assert_int_equal(sg_push_argv(argv, "web", "--all"), -EINVAL);
	assert_int_equal(sg_push_argv(argv, "web", NULL), -EINVAL);
	assert_string_equal(argv[0], "untouched");
}

static void test_pushes_only_when_enabled_under_pacemaker_with_on_fail_restart(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(sg_push_wanted(1, 0, "node1", "restart", why, sizeof(why)), 1);
	assert_contains(why, "on-fail=restart");
	/* a Pacemaker Remote node: Pacemaker refuses the push, whatever else */
	assert_int_equal(sg_push_wanted(1, 1, "remote1", "restart", why, sizeof(why)), 0);
	assert_contains(why, "Pacemaker Remote node");
	/* no recurring monitor recorded one yet: unknown, it could be fence */
	assert_int_equal(sg_push_wanted(1, 0, "node1", NULL, why, sizeof(why)), 0);
	assert_contains(why, "no recurring monitor");
	assert_int_equal(sg_push_wanted(1, 0, "node1", "", why, sizeof(why)), 0);

	assert_int_equal(sg_push_wanted(0, 0, "node1", "restart", why, sizeof(why)), 0);
	assert_string_equal(why, "push=false");
	assert_int_equal(sg_push_wanted(1, 0, NULL, "restart", why, sizeof(why)), 0);
	assert_contains(why, "not started by Pacemaker");
	assert_int_equal(sg_push_wanted(1, 0, "", "restart", why, sizeof(why)), 0);
}

/* crm_resource --fail is recorded as asyncmon_0: restart unless an
 * asyncmon op says otherwise, so any other monitor on-fail is the monitor's */
static void test_other_on_fail_values_are_left_to_the_monitor(void **state)
{
	static const char *const other[] = { "fence", "stop", "standby", "block", "ignore", "demote",
					     "restart-container" };
	char why[320];

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(other); i++) {
		if (sg_push_wanted(1, 0, "node1", other[i], why, sizeof(why)) != 0)
			fail_msg("on-fail=%s pushed", other[i]);
		assert_contains(why, other[i]);
		assert_contains(why, "left to the recurring monitor");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resource_ids_pacemaker_gives_are_valid),
		cmocka_unit_test(test_resource_ids_that_are_no_xml_id_are_refused),
		cmocka_unit_test(test_node_names),
		cmocka_unit_test(test_argv_is_crm_resource_fail_with_each_name_one_word),
		cmocka_unit_test(test_argv_refuses_bad_names_and_leaves_argv_alone),
		cmocka_unit_test(test_pushes_only_when_enabled_under_pacemaker_with_on_fail_restart),
		cmocka_unit_test(test_other_on_fail_values_are_left_to_the_monitor),
	};

	return sg_run_tests("push", tests, NULL, NULL);
}
