/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_onfail.c - unit tests for lib/onfail.c: the recurring monitor's
 * on-fail as recorded for the supervisor's push, in a scratch directory. */
#include "sg_test.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onfail.h"
#include "util.h"

static char dir[] = "/tmp/sg-test-onfail.XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_record_then_read_round_trips(void **state)
{
	char buf[SG_ONFAIL_MAX + 1];

	(void)state;
	assert_int_equal(sg_onfail_read(dir, "web:0", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(sg_onfail_record(dir, "web:0", "fence"), 0);
	assert_int_equal(sg_onfail_read(dir, "web:0", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "fence");
	assert_int_equal(sg_onfail_record(dir, "web:0", "restart-container"), 0);
	assert_int_equal(sg_onfail_read(dir, "web:0", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "restart-container");
	/* the name is encoded as everywhere in the run directory */
	{
		char path[PATH_MAX], text[64];

		snprintf(path, sizeof(path), "%s/web_3a0.onfail", dir);
		assert_true(sg_read_file(path, text, sizeof(text)) > 0);
		assert_string_equal(text, "restart-container\n");
	}
	assert_int_equal(sg_onfail_remove(dir, "web:0"), 0);
	assert_int_equal(sg_onfail_read(dir, "web:0", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(sg_onfail_remove(dir, "web:0"), 0);
}

/* a monitor every second rewrites nothing while the value stays */
static void test_same_value_is_not_rewritten(void **state)
{
	char path[PATH_MAX];
	struct stat a, b;

	(void)state;
	snprintf(path, sizeof(path), "%s/db.onfail", dir);
	assert_int_equal(sg_onfail_record(dir, "db", "restart"), 0);
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(sg_onfail_record(dir, "db", "restart"), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	/* a change is a new file (written beside it, renamed) */
	assert_int_equal(sg_onfail_record(dir, "db", "ignore"), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_int_not_equal(a.st_ino, b.st_ino);
}

static void test_values_that_are_no_on_fail_word_are_refused(void **state)
{
	static const char *const bad[] = { "", "Fence", "fence\n", "re start", "../x", "fence;reboot",
					   "abcdefghijklmnopqrstuvwxyzabcdefg" };
	char buf[SG_ONFAIL_MAX + 1], path[PATH_MAX];

	(void)state;
	assert_int_equal(sg_onfail_record(dir, "x", NULL), -EINVAL);
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++)
		if (sg_onfail_record(dir, "x", bad[i]) != -EINVAL)
			fail_msg("on-fail '%s' recorded", bad[i]);
	assert_int_equal(sg_onfail_read(dir, "x", buf, sizeof(buf)), -ENOENT);
	/* a garbled record is no value */
	snprintf(path, sizeof(path), "%s/x.onfail", dir);
	assert_int_equal(sg_write_file_atomic(path, "FENCE\n", 6, 0600), 0);
	assert_int_equal(sg_onfail_read(dir, "x", buf, sizeof(buf)), -EINVAL);
	/* a buffer too small for any value */
	assert_int_equal(sg_onfail_read(dir, "db", buf, SG_ONFAIL_MAX), -EINVAL);
}

static void test_missing_directory_is_an_error(void **state)
{
	(void)state;
	assert_int_equal(sg_onfail_record("/nonexistent/sg-test", "web", "restart"), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_then_read_round_trips),
		cmocka_unit_test(test_same_value_is_not_rewritten),
		cmocka_unit_test(test_values_that_are_no_on_fail_word_are_refused),
		cmocka_unit_test(test_missing_directory_is_an_error),
	};

	return sg_run_tests("onfail", tests, make_dir, remove_dir);
}
