/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samclient.c - unit tests for lib/samclient.c and lib/attrd.c that
 * need no server and no Pacemaker: parsing the server's health answer and
 * building attrd_updater's command line (never through a shell). */
#include "sg_test.h"

#include <errno.h>
#include <string.h>

#include "attrd.h"
#include "samclient.h"

static void test_health_answer(void **state)
{
	struct sg_node_health h;

	(void)state;
	assert_int_equal(sg_samclient_health_parse("color=yellow\nwatched=3\nok=2\ndegraded=1\nfailed=0\n"
						"summary=0 failed, 1 degraded of 3 watched: web flapping\n", &h), 0);
	assert_int_equal(h.color, SG_COLOR_YELLOW);
	assert_int_equal(h.counts.watched, 3);
	assert_int_equal(h.counts.ok, 2);
	assert_int_equal(h.counts.degraded, 1);
	assert_string_equal(h.summary, "0 failed, 1 degraded of 3 watched: web flapping");
	assert_int_equal(sg_samclient_health_parse("color=red", &h), 0);
	assert_int_equal(h.color, SG_COLOR_RED);
	assert_int_equal(sg_samclient_health_parse("color=green\nunknown=1\nnot a line\n", &h), 0);
	assert_int_equal(sg_samclient_health_parse("watched=1\n", &h), -EPROTO);
	assert_int_equal(sg_samclient_health_parse("color=purple\n", &h), -EPROTO);
	assert_int_equal(sg_samclient_health_parse("", &h), -EPROTO);
}

static void test_attrd_argv(void **state)
{
	const char *argv[SG_ATTRD_ARGV_MAX + 1];
	struct sg_attrd_req r = { SG_ATTRD_UPDATE_BOTH, "#health-samguard", "red", "5s", NULL };

	(void)state;
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), 7);
	assert_string_equal(argv[1], "-n");
	assert_string_equal(argv[2], "#health-samguard");
	assert_string_equal(argv[3], "-B");
	assert_string_equal(argv[4], "red");
	assert_string_equal(argv[5], "-d");
	assert_string_equal(argv[6], "5s");
	assert_null(argv[7]);
	/* monitor: -U alone (2.1.5 ignores -d with -U) */
	r.op = SG_ATTRD_UPDATE;
	r.node = "node1";
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), 7);
	assert_string_equal(argv[3], "-U");
	assert_string_equal(argv[5], "-N");
	assert_string_equal(argv[6], "node1");
	r.op = SG_ATTRD_DELETE;
	r.value = NULL;
	r.node = NULL;
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), 4);
	assert_string_equal(argv[3], "-D");
	/* a value with shell syntax is one argument, untouched */
	r.op = SG_ATTRD_UPDATE;
	r.value = "green; rm -rf /";
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), 5);
	assert_string_equal(argv[4], "green; rm -rf /");
	/* without a delay, -B gets 0 */
	r.op = SG_ATTRD_UPDATE_BOTH;
	r.delay = NULL;
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), 7);
	assert_string_equal(argv[6], "0");
	/* refused */
	r.value = NULL;
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), -EINVAL);
	r.value = "x";
	r.name = "";
	assert_int_equal(sg_attrd_argv(&r, argv, (sizeof(argv) / sizeof(argv[0]))), -EINVAL);
	r.name = "#health-x";
	assert_int_equal(sg_attrd_argv(&r, argv, 3), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_answer),
		cmocka_unit_test(test_attrd_argv),
	};

	return sg_run_tests("samclient", tests, NULL, NULL);
}
