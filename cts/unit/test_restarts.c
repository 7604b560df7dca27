/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_restarts.c - unit tests for lib/restarts.c: the escalation ladder's
 * restart accounting as a table (restarts within the window, the limit,
 * quorum loss, escalation, a daemon that never became ready). */
#include "sg_test.h"

#include <string.h>

#include "restarts.h"

static struct sg_restarts r;

static int setup(void **state)
{
	(void)state;
	memset(&r, 0, sizeof(r));
	return 0;
}

static struct sg_restart_input at(uint64_t now_ms)
{
	return (struct sg_restart_input){ .now_ms = now_ms, .max_restarts = 3, .window_s = 60, .ever_ready = 1 };
}

/* max_restarts=3: the fourth restart within the window gives up. */
static void test_limit_within_window(void **state)
{
	struct sg_restart_input in;
	unsigned int recent;

	(void)state;
	for (unsigned int i = 1; i <= 3; i++) {
		in = at(1000 * i);
		assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_IN_PLACE);
		assert_int_equal(recent, i);
	}
	in = at(4000);
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_GIVE_UP_LIMIT);
	assert_int_equal(recent, 4);
	assert_int_equal(r.total, 4);
}

/* Restarts older than the window are forgotten. */
static void test_window_forgets(void **state)
{
	struct sg_restart_input in;
	unsigned int recent;

	(void)state;
	for (unsigned int i = 0; i < 3; i++) {
		in = at(1000 + i);
		sg_restarts_judge(&r, &in, &recent);
	}
	in = at(1000 + 60000); /* exactly one window after the first */
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_IN_PLACE);
	assert_int_equal(recent, 3);
	in = at(1002 + 120000);
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_IN_PLACE);
	assert_int_equal(recent, 1);
	assert_int_equal(r.total, 5);
}

/* Quorum loss is not counted, and nothing else is judged. */
static void test_quorum_warn_not_counted(void **state)
{
	struct sg_restart_input in = at(5000);
	unsigned int recent = 99;

	(void)state;
	in.quorum_warn = 1;
	in.ever_ready = 0;
	in.escalate = 1;
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_NOT_COUNTED);
	assert_int_equal(recent, 0);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.len, 0);
}

/* Escalation gives up before the never-ready rule and without counting. */
static void test_escalation_and_never_ready(void **state)
{
	struct sg_restart_input in = at(5000);
	unsigned int recent;

	(void)state;
	in.escalate = 1;
	in.ever_ready = 0;
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_GIVE_UP_ESCALATED);
	in.escalate = 0;
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_GIVE_UP_NEVER_READY);
	assert_int_equal(r.total, 0);
}

/* max_restarts=0: the first failure gives up. */
static void test_zero_limit(void **state)
{
	struct sg_restart_input in = at(5000);
	unsigned int recent;

	(void)state;
	in.max_restarts = 0;
	assert_int_equal(sg_restarts_judge(&r, &in, &recent), SG_RESTART_GIVE_UP_LIMIT);
	assert_int_equal(recent, 1);
}

/* The history stays bounded; the newest entries are kept. */
static void test_history_is_bounded(void **state)
{
	struct sg_restart_input in;
	unsigned int recent;

	(void)state;
	for (unsigned int i = 0; i < SG_RESTARTS_CAP + 10; i++) {
		in = at(10000 + i);
		in.max_restarts = 100000;
		sg_restarts_judge(&r, &in, &recent);
	}
	assert_int_equal(r.len, SG_RESTARTS_CAP);
	assert_int_equal(recent, SG_RESTARTS_CAP);
	assert_int_equal(r.at[SG_RESTARTS_CAP - 1], 10000 + SG_RESTARTS_CAP + 9);
	assert_int_equal(r.total, SG_RESTARTS_CAP + 10);
}

/* The first restart within the window is immediate, then the delay
 * doubles from restart_delay: 0, d, 2d, 4d, ... */
static void test_backoff_first_restart_immediate_then_doubling(void **state)
{
	(void)state;
	assert_int_equal(sg_restart_delay_ms(200, 10000, 0), 0);
	assert_int_equal(sg_restart_delay_ms(200, 10000, 1), 0);
	assert_int_equal(sg_restart_delay_ms(200, 10000, 2), 200);
	assert_int_equal(sg_restart_delay_ms(200, 10000, 3), 400);
	assert_int_equal(sg_restart_delay_ms(200, 10000, 4), 800);
	assert_int_equal(sg_restart_delay_ms(200, 10000, 7), 6400);
}

/* restart_delay_max caps it, also when doubling would overflow. */
static void test_backoff_capped_without_overflow(void **state)
{
	(void)state;
	assert_int_equal(sg_restart_delay_ms(200, 1000, 4), 800);
	assert_int_equal(sg_restart_delay_ms(200, 1000, 5), 1000);
	assert_int_equal(sg_restart_delay_ms(200, 1000, 1000), 1000);
	assert_int_equal(sg_restart_delay_ms(3600000, 3600000, 1000), 3600000);
	assert_int_equal(sg_restart_delay_ms(3600000, 0, 1000), UINT32_MAX);
	assert_int_equal(sg_restart_delay_ms(1, 0, 33), 1u << 31);
	/* a cap below the first delay: the cap */
	assert_int_equal(sg_restart_delay_ms(500, 300, 2), 300);
}

/* restart_delay 0 is today's behaviour: never a delay. */
static void test_backoff_off(void **state)
{
	(void)state;
	for (unsigned int k = 0; k < 70; k++)
		assert_int_equal(sg_restart_delay_ms(0, 5000, k), 0);
}

/* The k the supervisor passes is sg_restarts_judge's count within the
 * window: after a quiet window the next restart is immediate again. */
static void test_backoff_follows_the_window(void **state)
{
	struct sg_restart_input in;
	unsigned int recent;

	(void)state;
	in = at(1000);
	sg_restarts_judge(&r, &in, &recent);
	assert_int_equal(sg_restart_delay_ms(100, 0, recent), 0);
	in = at(2000);
	sg_restarts_judge(&r, &in, &recent);
	assert_int_equal(sg_restart_delay_ms(100, 0, recent), 100);
	in = at(3000);
	sg_restarts_judge(&r, &in, &recent);
	assert_int_equal(sg_restart_delay_ms(100, 0, recent), 200);
	in = at(3000 + 60000 + 1);
	sg_restarts_judge(&r, &in, &recent);
	assert_int_equal(recent, 1);
	assert_int_equal(sg_restart_delay_ms(100, 0, recent), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_limit_within_window, setup),
		cmocka_unit_test_setup(test_window_forgets, setup),
		cmocka_unit_test_setup(test_quorum_warn_not_counted, setup),
		cmocka_unit_test_setup(test_escalation_and_never_ready, setup),
		cmocka_unit_test_setup(test_zero_limit, setup),
		cmocka_unit_test_setup(test_history_is_bounded, setup),
		cmocka_unit_test_setup(test_backoff_first_restart_immediate_then_doubling, setup),
		cmocka_unit_test_setup(test_backoff_capped_without_overflow, setup),
		cmocka_unit_test_setup(test_backoff_off, setup),
		cmocka_unit_test_setup(test_backoff_follows_the_window, setup),
	};

	return sg_run_tests("restarts", tests, NULL, NULL);
}
