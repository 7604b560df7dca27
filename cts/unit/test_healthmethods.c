/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_healthmethods.c - unit tests for lib/healthmethods.c: the health
 * method and quorum policy tables, their text/parse pairs and sg_names_join. */
#include "sg_test.h"

#include <errno.h>
#include <string.h>

#include "healthmethods.h"

/* The spellings the documentation and the OCF meta-data promise. */
static void test_health_names(void **state)
{
	(void)state;
	assert_string_equal(sg_health_text(SG_HEALTH_EXIT), "exit");
	assert_string_equal(sg_health_text(SG_HEALTH_NOTIFY), "notify");
	assert_string_equal(sg_health_text(SG_HEALTH_COMMAND), "command");
	assert_string_equal(sg_health_text(SG_HEALTH_TCP), "tcp");
	assert_string_equal(sg_health_text((enum sg_health)SG_HEALTH_METHOD_COUNT), "unknown");
	assert_string_equal(sg_health_text((enum sg_health)-1), "unknown");
	assert_null(sg_health_methods[SG_HEALTH_METHOD_COUNT]);
}

/* Every method survives text -> parse, and nothing else parses. */
static void test_health_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < SG_HEALTH_METHOD_COUNT; i++) {
		enum sg_health h = (enum sg_health)-1;

		assert_non_null(sg_health_methods[i]);
		assert_int_equal(sg_health_parse(sg_health_text((enum sg_health)i), &h), 0);
		assert_int_equal(h, i);
	}
	enum sg_health h = SG_HEALTH_TCP;
	assert_int_equal(sg_health_parse("unknown", &h), -EINVAL);
	assert_int_equal(sg_health_parse("EXIT", &h), -EINVAL);
	assert_int_equal(sg_health_parse("", &h), -EINVAL);
	assert_int_equal(sg_health_parse("exit ", &h), -EINVAL);
	assert_int_equal(sg_health_parse(NULL, &h), -EINVAL);
	assert_int_equal(h, SG_HEALTH_TCP);
}

static void test_quorum_round_trip(void **state)
{
	(void)state;
	assert_string_equal(sg_quorum_text(SG_QUORUM_IGNORE), "ignore");
	assert_string_equal(sg_quorum_text(SG_QUORUM_REQUIRE), "require");
	assert_string_equal(sg_quorum_text((enum sg_quorum_policy)SG_QUORUM_POLICY_COUNT), "unknown");
	assert_null(sg_quorum_policies[SG_QUORUM_POLICY_COUNT]);
	for (int i = 0; i < SG_QUORUM_POLICY_COUNT; i++) {
		enum sg_quorum_policy q = (enum sg_quorum_policy)-1;

		assert_int_equal(sg_quorum_parse(sg_quorum_policies[i], &q), 0);
		assert_int_equal(q, i);
	}
	enum sg_quorum_policy q = SG_QUORUM_REQUIRE;
	assert_int_equal(sg_quorum_parse("required", &q), -EINVAL);
	assert_int_equal(sg_quorum_parse(NULL, &q), -EINVAL);
	assert_int_equal(q, SG_QUORUM_REQUIRE);
}

/* The usage and error texts are generated from the table. */
static void test_join(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(sg_names_join(buf, sizeof(buf), sg_health_methods, " | "), 29);
	assert_string_equal(buf, "exit | notify | command | tcp");
	sg_names_join(buf, sizeof(buf), sg_health_methods, ", ");
	assert_string_equal(buf, "exit, notify, command, tcp");
	sg_names_join(buf, sizeof(buf), sg_quorum_policies, ", ");
	assert_string_equal(buf, "ignore, require");
}

/* A short buffer gets a terminated prefix and the full length back. */
static void test_join_truncates(void **state)
{
	char buf[8];
	const char *const none[] = { NULL };

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(sg_names_join(buf, sizeof(buf), sg_health_methods, ", "), 26);
	assert_string_equal(buf, "exit, n");
	assert_int_equal(sg_names_join(buf, 1, sg_health_methods, ", "), 26);
	assert_string_equal(buf, "");
	assert_int_equal(sg_names_join(NULL, 0, sg_health_methods, ", "), 26);
	assert_int_equal(sg_names_join(buf, sizeof(buf), none, ", "), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_names),
		cmocka_unit_test(test_health_round_trip),
		cmocka_unit_test(test_quorum_round_trip),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_join_truncates),
	};

	return sg_run_tests("healthmethods", tests, NULL, NULL);
}
