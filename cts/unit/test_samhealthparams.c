/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samhealthparams.c - unit tests for lib/samhealthparams.c: SAMHealth's
 * parameters with their defaults, the dampen and attribute checks, and
 * every refusal (OCF_ERR_CONFIGURED with a reason). */
#include "sg_test.h"

#include <errno.h>
#include <string.h>

#include "samhealthparams.h"
#include "ocf.h"

/* name=value pairs, NULL-terminated, as get() */
static const char *get(const char *name, void *ctx)
{
	const char *const *kv = ctx;

	for (; kv && kv[0]; kv += 2)
		if (!strcmp(kv[0], name))
			return kv[1];
	return NULL;
}

static void test_defaults(void **state)
{
	struct sg_samhealth_config p;
	char why[256];

	(void)state;
	assert_int_equal(sg_samhealth_config_load(&p, get, NULL, why, sizeof(why)), 0);
	assert_int_equal(p.limits.yellow.value, 1);
	assert_int_equal(p.limits.red.value, 1);
	assert_int_equal(p.limits.stale, SG_STALE_FAILED);
	assert_string_equal(p.include, "*");
	assert_string_equal(p.exclude, "");
	assert_string_equal(p.dampen, "5s");
	assert_string_equal(p.attribute, "#health-samguard");
	/* every parameter has meta-data */
	for (const char *n[] = { "yellow_limit", "red_limit", "include", "exclude", "stale", "dampen", "attribute" },
	     **q = n; q < n + 7; q++) {
		int found = 0;

		for (const struct sg_param_def *d = sg_samhealth_params; d->name; d++)
			found |= !strcmp(d->name, *q) && d->shortdesc && d->longdesc;
		assert_true(found);
	}
}

static void test_values(void **state)
{
	const char *kv[] = { "yellow_limit", "20%", "red_limit", "3", "stale", "ignore", "include", "web*",
			     "exclude", "web:9", "dampen", "500ms", "attribute", "#health-web", NULL };
	struct sg_samhealth_config p;
	char why[256];

	(void)state;
	assert_int_equal(sg_samhealth_config_load(&p, get, (void *)kv, why, sizeof(why)), 0);
	assert_true(p.limits.yellow.percent);
	assert_int_equal(p.limits.yellow.value, 20);
	assert_int_equal(p.limits.red.value, 3);
	assert_int_equal(p.limits.stale, SG_STALE_IGNORE);
	assert_string_equal(p.include, "web*");
	assert_string_equal(p.dampen, "500ms");
	assert_string_equal(p.attribute, "#health-web");
}

static void test_refusals(void **state)
{
	static const char *const bad[][2] = {
		{ "yellow_limit", "x" }, { "red_limit", "101%" }, { "red_limit", "-2" }, { "stale", "maybe" },
		{ "include", "a\001" }, { "exclude", "\x7f" }, { "dampen", "5x" }, { "dampen", "s" },
		{ "dampen", "2d" }, { "attribute", "pingd" }, { "attribute", "#health-" },
		{ "attribute", "#health-a b" }, { "attribute", "#healthy" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *kv[] = { bad[i][0], bad[i][1], NULL };
		struct sg_samhealth_config p;
		char why[256] = "";

		if (sg_samhealth_config_load(&p, get, (void *)kv, why, sizeof(why)) != SG_OCF_ERR_CONFIGURED)
			fail_msg("%s=%s accepted", bad[i][0], bad[i][1]);
		if (strstr(why, bad[i][0]) == NULL && strstr(why, "pattern") == NULL)
			fail_msg("%s=%s: reason \"%s\" does not say which", bad[i][0], bad[i][1], why);
	}
}

static void test_dampen(void **state)
{
	(void)state;
	assert_int_equal(sg_dampen_check("0"), 0);
	assert_int_equal(sg_dampen_check("5"), 0);
	assert_int_equal(sg_dampen_check("5s"), 0);
	assert_int_equal(sg_dampen_check("5sec"), 0);
	assert_int_equal(sg_dampen_check("500ms"), 0);
	assert_int_equal(sg_dampen_check("500msec"), 0);
	assert_int_equal(sg_dampen_check("1m"), 0);
	assert_int_equal(sg_dampen_check("1min"), 0);
	assert_int_equal(sg_dampen_check("24h"), 0);
	assert_int_equal(sg_dampen_check("1hr"), 0);
	assert_int_equal(sg_dampen_check("86400s"), 0);
	assert_int_equal(sg_dampen_check("86401s"), -EINVAL);
	assert_int_equal(sg_dampen_check("25h"), -EINVAL);
	assert_int_equal(sg_dampen_check(""), -EINVAL);
	assert_int_equal(sg_dampen_check("s"), -EINVAL);
	assert_int_equal(sg_dampen_check(" 5s"), -EINVAL);
	assert_int_equal(sg_dampen_check("5 s"), -EINVAL);
	assert_int_equal(sg_dampen_check("-5s"), -EINVAL);
	assert_int_equal(sg_dampen_check("5S"), -EINVAL);
	assert_int_equal(sg_dampen_check(NULL), -EINVAL);
}

static void test_attribute(void **state)
{
	char longname[140];

	(void)state;
	assert_int_equal(sg_samhealth_attribute_check("#health-samguard"), 0);
	assert_int_equal(sg_samhealth_attribute_check("#health-a.b_c-1"), 0);
	assert_int_equal(sg_samhealth_attribute_check("#health-"), -EINVAL);
	assert_int_equal(sg_samhealth_attribute_check("health-x"), -EINVAL);
	assert_int_equal(sg_samhealth_attribute_check("#health-x/y"), -EINVAL);
	assert_int_equal(sg_samhealth_attribute_check("#health-x\n"), -EINVAL);
	assert_int_equal(sg_samhealth_attribute_check(NULL), -EINVAL);
	memcpy(longname, "#health-", 8);
	memset(longname + 8, 'x', sizeof(longname) - 9);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(sg_samhealth_attribute_check(longname), -EINVAL);
	longname[128] = '\0';
	assert_int_equal(sg_samhealth_attribute_check(longname), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_dampen),
		cmocka_unit_test(test_attribute),
	};

	return sg_run_tests("healthparams", tests, NULL, NULL);
}
