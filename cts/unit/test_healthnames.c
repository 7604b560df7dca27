/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_healthnames.c - the node-health colours and SAMHealth's stale modes
 * (lib/samclass.c): each name round-trips, the health answer's reader
 * (samclient) takes what the server writes, and the stale parameter offers
 * exactly the modes of the table. */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "samhealthparams.h"
#include "samclass.h"
#include "samclient.h"

static void test_color_round_trip(void **state)
{
	static const char *const names[] = { "green", "yellow", "red" };

	(void)state;
	for (int c = SG_COLOR_GREEN; c <= SG_COLOR_RED; c++) {
		enum sg_color back = (enum sg_color)-1;

		assert_string_equal(sg_color_name((enum sg_color)c), names[c]);
		assert_int_equal(sg_color_parse(sg_color_name((enum sg_color)c), &back), 0);
		assert_int_equal(back, c);
	}
	enum sg_color c = SG_COLOR_YELLOW;
	assert_string_equal(sg_color_name((enum sg_color)(SG_COLOR_RED + 1)), "red");
	assert_int_equal(sg_color_parse("Green", &c), -EINVAL);
	assert_int_equal(sg_color_parse("", &c), -EINVAL);
	assert_int_equal(sg_color_parse(NULL, &c), -EINVAL);
	assert_int_equal(c, SG_COLOR_YELLOW);
}

/* What samguardctl serve writes (sg_color_name) samclient reads back. */
static void test_health_answer_colors(void **state)
{
	(void)state;
	for (int c = SG_COLOR_GREEN; c <= SG_COLOR_RED; c++) {
		char payload[256];
		struct sg_node_health h;

		snprintf(payload, sizeof(payload), "color=%s\nwatched=3\nok=1\ndegraded=1\nfailed=1\nsummary=x\n",
			 sg_color_name((enum sg_color)c));
		memset(&h, 0, sizeof(h));
		assert_int_equal(sg_samclient_health_parse(payload, &h), 0);
		assert_int_equal(h.color, c);
	}
}

static void test_stale_round_trip(void **state)
{
	static const char *const names[] = { "failed", "degraded", "ignore" };
	int n = 0;

	(void)state;
	for (; sg_stale_modes[n]; n++) {
		enum sg_stale_mode m = (enum sg_stale_mode)-1;

		assert_string_equal(sg_stale_name((enum sg_stale_mode)n), names[n]);
		assert_int_equal(sg_stale_parse(sg_stale_modes[n], &m), 0);
		assert_int_equal(m, n);
	}
	assert_int_equal(n, SG_STALE_IGNORE + 1);
	enum sg_stale_mode m = SG_STALE_DEGRADED;
	assert_int_equal(sg_stale_parse("Failed", &m), -EINVAL);
	assert_int_equal(sg_stale_parse(NULL, &m), -EINVAL);
	assert_int_equal(m, SG_STALE_DEGRADED);
	assert_string_equal(sg_stale_name((enum sg_stale_mode)(SG_STALE_IGNORE + 1)), "failed");
}

/* SAMHealth's stale parameter offers the modes of the table, in order. */
static void test_stale_param_options(void **state)
{
	const struct sg_param_def *d = NULL;

	(void)state;
	for (const struct sg_param_def *p = sg_samhealth_params; p->name; p++)
		if (!strcmp(p->name, "stale"))
			d = p;
	assert_non_null(d);
	assert_non_null(d->options);
	for (int i = 0; sg_stale_modes[i] || d->options[i]; i++) {
		if (sg_stale_modes[i] == NULL || d->options[i] == NULL)
			fail_msg("stale: %d options, the table has more or fewer", i);
		assert_string_equal(d->options[i], sg_stale_modes[i]);
	}
	assert_string_equal(d->dflt, sg_stale_name(SG_STALE_FAILED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_color_round_trip),
		cmocka_unit_test(test_health_answer_colors),
		cmocka_unit_test(test_stale_round_trip),
		cmocka_unit_test(test_stale_param_options),
	};

	return sg_run_tests("healthnames", tests, NULL, NULL);
}
