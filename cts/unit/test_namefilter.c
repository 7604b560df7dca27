/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_namefilter.c - unit tests for lib/namefilter.c: include/exclude
 * fnmatch patterns over process names, defaults, and what is refused. */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "namefilter.h"

static int match(const char *inc, const char *exc, const char *name)
{
	struct sg_namefilter f;
	char why[128];
	int m;

	assert_int_equal(sg_namefilter_init(&f, inc, exc, why, sizeof(why)), 0);
	m = sg_namefilter_match(&f, name);
	sg_namefilter_free(&f);
	return m;
}

static void test_defaults_match_everything(void **state)
{
	(void)state;
	assert_true(match(NULL, NULL, "web:0"));
	assert_true(match("", "", "anything"));
	assert_true(match("  \t ", NULL, "x"));
	/* a process whose name is unknown has the name "" */
	assert_true(match(NULL, NULL, ""));
	assert_true(match(NULL, NULL, NULL));
}

static void test_include(void **state)
{
	(void)state;
	assert_true(match("web*", NULL, "web:0"));
	assert_false(match("web*", NULL, "db"));
	assert_true(match("web* db*", NULL, "db.main"));
	assert_true(match("web*\tdb*\nmq", NULL, "mq"));
	assert_false(match("web*", NULL, ""));
	assert_true(match("?b", NULL, "db"));
	assert_true(match("[dw]*", NULL, "web"));
	assert_false(match("[!dw]*", NULL, "web"));
	/* the whole name, not a substring */
	assert_false(match("eb", NULL, "web"));
	/* no shell: $, ; and | are plain characters */
	assert_true(match("a;b", NULL, "a;b"));
	assert_false(match("$(id)", NULL, "root"));
	assert_true(match("$(id)", NULL, "$(id)"));
}

static void test_exclude_wins(void **state)
{
	(void)state;
	assert_false(match(NULL, "test-*", "test-1"));
	assert_true(match(NULL, "test-*", "prod-1"));
	assert_false(match("*", "a b c", "b"));
	assert_true(match("web*", "web:1", "web:0"));
	assert_false(match("web*", "web:?", "web:0"));
}

static void test_refused(void **state)
{
	struct sg_namefilter f;
	char why[128], many[SG_PATTERNS_MAX * 3 + 8], long_one[SG_PATTERN_LEN_MAX + 8];
	size_t o = 0;

	(void)state;
	assert_int_equal(sg_namefilter_init(&f, "a\001b", NULL, why, sizeof(why)), -EINVAL);
	assert_contains(why, "include");
	assert_int_equal(sg_namefilter_init(&f, NULL, "x\x7f", why, sizeof(why)), -EINVAL);
	assert_contains(why, "exclude");
	for (int i = 0; i <= SG_PATTERNS_MAX; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o, "p ");
	assert_int_equal(sg_namefilter_init(&f, many, NULL, why, sizeof(why)), -EINVAL);
	memset(long_one, 'a', SG_PATTERN_LEN_MAX + 1);
	long_one[SG_PATTERN_LEN_MAX + 1] = '\0';
	assert_int_equal(sg_namefilter_init(&f, long_one, NULL, why, sizeof(why)), -EINVAL);
	long_one[SG_PATTERN_LEN_MAX] = '\0';
	assert_int_equal(sg_namefilter_init(&f, long_one, NULL, why, sizeof(why)), 0);
	sg_namefilter_free(&f);
	/* no reason buffer is fine */
	assert_int_equal(sg_namefilter_init(&f, "\001", NULL, NULL, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_match_everything),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_exclude_wins),
		cmocka_unit_test(test_refused),
	};

	return sg_run_tests("namefilter", tests, NULL, NULL);
}
