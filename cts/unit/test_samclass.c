/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samclass.c - unit tests for lib/samclass.c: each classification
 * rule and its edges, the severities, the limits (counts and
 * percentages), the stale modes and the node colour. */
#include "sg_test.h"

#include <errno.h>
#include <string.h>

#include "samclass.h"

#define NS_PER_MS UINT64_C(1000000)

/* A healthy samguard resource: supervisor and daemon alive, SAM running,
 * a heartbeat 100 ms ago with a 1000 ms period. */
static struct sg_sp_facts healthy_samguard(void)
{
	struct sg_sp_facts f;

	memset(&f, 0, sizeof(f));
	f.samguard = 1;
	f.state = SG_STATE_RUNNING;
	f.sam_found = 1;
	f.sam = SG_SAM_RUNNING;
	f.supervisor = SG_PROC_ALIVE;
	f.daemon = SG_PROC_ALIVE;
	f.now_ns = 100000 * NS_PER_MS;
	f.has_last_updated = 1;
	f.last_updated_ns = f.now_ns - 100 * NS_PER_MS;
	f.poll_period_ms = 1000;
	f.max_restarts = 5;
	return f;
}

static struct sg_sp_facts healthy_plain(void)
{
	struct sg_sp_facts f = healthy_samguard();

	f.samguard = 0;
	f.state = SG_STATE_ABSENT;
	f.daemon = SG_PROC_NONE;
	return f;
}

static void test_healthy(void **state)
{
	struct sg_sp_facts f = healthy_samguard();

	(void)state;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
	f = healthy_plain();
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
}

static void test_supervisor_gone(void **state)
{
	struct sg_sp_facts f = healthy_samguard();

	(void)state;
	f.supervisor = SG_PROC_DEAD;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STALE);
	/* what it left says more */
	f.state = SG_STATE_FAILED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
	f.state = SG_STATE_STOPPED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STOPPED);
	f = healthy_plain();
	f.supervisor = SG_PROC_DEAD;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STALE);
	f.sam = SG_SAM_FAILED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
}

static void test_orphan_keys(void **state)
{
	struct sg_sp_facts f = healthy_samguard();

	(void)state;
	f.supervisor = SG_PROC_NONE;
	assert_int_equal(sg_sp_classify(&f), SG_SP_ORPHAN);
	/* a plain entry not probed yet is not an orphan */
	f = healthy_plain();
	f.supervisor = SG_PROC_NONE;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
}

static void test_failed(void **state)
{
	struct sg_sp_facts f = healthy_samguard();

	(void)state;
	f.state = SG_STATE_FAILED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
	f = healthy_plain();
	f.sam = SG_SAM_FAILED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
	/* over the limit but not given up yet */
	f = healthy_samguard();
	f.restarts_recent = 6;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
	f.restarts_recent = 5;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FLAPPING);
	f.restarts_recent = 1;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FLAPPING);
	f.max_restarts = 0;
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
}

static void test_hung_edges(void **state)
{
	struct sg_sp_facts f = healthy_samguard();

	(void)state;
	/* exactly 1.5 x period: not yet */
	f.last_updated_ns = f.now_ns - 1500 * NS_PER_MS;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
	f.last_updated_ns = f.now_ns - 1501 * NS_PER_MS;
	assert_int_equal(sg_sp_classify(&f), SG_SP_HUNG);
	/* no heartbeat expected */
	f.poll_period_ms = 0;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
	/* never updated */
	f = healthy_plain();
	f.has_last_updated = 0;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
	/* only a running SAM process can hang */
	f = healthy_plain();
	f.last_updated_ns = 0;
	f.sam = SG_SAM_STOPPED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STOPPED);    /* health checking stopped */
	f = healthy_samguard();
	f.last_updated_ns = 0;
	f.sam = SG_SAM_STOPPED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STARTING);   /* between two children */
	/* a clock step backwards is not an age */
	f = healthy_plain();
	f.last_updated_ns = f.now_ns + 5000 * NS_PER_MS;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
	assert_int_equal(sg_sp_heartbeat_age_ms(&f), 0);
}

static void test_transitions(void **state)
{
	struct sg_sp_facts f = healthy_samguard();

	(void)state;
	f.sam = SG_SAM_WAITING_QUORUM;
	assert_int_equal(sg_sp_classify(&f), SG_SP_WAITING);
	f = healthy_samguard();
	f.state = SG_STATE_STOPPING;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STOPPING);
	f = healthy_samguard();
	f.state = SG_STATE_STARTING;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STARTING);
	f = healthy_samguard();
	f.daemon = SG_PROC_DEAD;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STARTING);
	f = healthy_samguard();
	f.sam_found = 0;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STARTING);
	f = healthy_samguard();
	f.state = SG_STATE_UNKNOWN;
	assert_int_equal(sg_sp_classify(&f), SG_SP_UNKNOWN);
	f = healthy_plain();
	f.sam = SG_SAM_UNKNOWN;
	assert_int_equal(sg_sp_classify(&f), SG_SP_UNKNOWN);
	f = healthy_samguard();
	f.state = SG_STATE_STOPPED;
	assert_int_equal(sg_sp_classify(&f), SG_SP_STOPPED);
}

static void test_severity_and_names(void **state)
{
	(void)state;
	assert_int_equal(sg_sp_severity(SG_SP_OK), SG_SEV_OK);
	assert_int_equal(sg_sp_severity(SG_SP_STOPPING), SG_SEV_OK);
	assert_int_equal(sg_sp_severity(SG_SP_STARTING), SG_SEV_DEGRADED);
	assert_int_equal(sg_sp_severity(SG_SP_FLAPPING), SG_SEV_DEGRADED);
	assert_int_equal(sg_sp_severity(SG_SP_WAITING), SG_SEV_DEGRADED);
	assert_int_equal(sg_sp_severity(SG_SP_ORPHAN), SG_SEV_DEGRADED);
	assert_int_equal(sg_sp_severity(SG_SP_STOPPED), SG_SEV_NONE);
	assert_int_equal(sg_sp_severity(SG_SP_FAILED), SG_SEV_FAILED);
	assert_int_equal(sg_sp_severity(SG_SP_HUNG), SG_SEV_FAILED);
	assert_int_equal(sg_sp_severity(SG_SP_STALE), SG_SEV_FAILED);
	assert_int_equal(sg_sp_severity(SG_SP_UNKNOWN), SG_SEV_FAILED);
	assert_string_equal(sg_sp_status_name(SG_SP_WAITING), "waiting-for-quorum");
	assert_string_equal(sg_sp_status_name(SG_SP_STALE), "stale");
	assert_string_equal(sg_sp_status_name((enum sg_sp_status)99), "unknown");
	assert_string_equal(sg_color_name(SG_COLOR_GREEN), "green");
	assert_string_equal(sg_color_name(SG_COLOR_YELLOW), "yellow");
	assert_string_equal(sg_color_name(SG_COLOR_RED), "red");
}

static void test_limit_parse(void **state)
{
	struct sg_limit l;

	(void)state;
	assert_int_equal(sg_limit_parse("0", &l), 0);
	assert_int_equal(l.value, 0);
	assert_int_equal(sg_limit_parse("3", &l), 0);
	assert_int_equal(l.value, 3);
	assert_false(l.percent);
	assert_int_equal(sg_limit_parse("20%", &l), 0);
	assert_int_equal(l.value, 20);
	assert_true(l.percent);
	assert_int_equal(sg_limit_parse("100%", &l), 0);
	assert_int_equal(sg_limit_parse("100000", &l), 0);
	assert_int_equal(sg_limit_parse("101%", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("100001", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("%", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("-1", &l), -EINVAL);
	assert_int_equal(sg_limit_parse(" 1", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("1 ", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("1%%", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("1.5", &l), -EINVAL);
	assert_int_equal(sg_limit_parse("99999999999999999999", &l), -EINVAL);
	assert_int_equal(sg_limit_parse(NULL, &l), -EINVAL);
}

static void test_limit_count(void **state)
{
	struct sg_limit l = { 0, 0 };

	(void)state;
	assert_int_equal(sg_limit_count(&l, 10), 0);
	l.value = 2;
	assert_int_equal(sg_limit_count(&l, 0), 2);
	l.percent = 1;
	l.value = 50;
	assert_int_equal(sg_limit_count(&l, 4), 2);
	assert_int_equal(sg_limit_count(&l, 3), 2);     /* rounds up */
	assert_int_equal(sg_limit_count(&l, 0), 1);     /* at least one */
	l.value = 1;
	assert_int_equal(sg_limit_count(&l, 1000), 10);
	assert_int_equal(sg_limit_count(&l, 1001), 11);
	l.value = 100;
	assert_int_equal(sg_limit_count(&l, 7), 7);
	l.value = 0;
	assert_int_equal(sg_limit_count(&l, 7), 0);
}

static void test_count_and_stale_modes(void **state)
{
	struct sg_samhealth_counts c;

	(void)state;
	memset(&c, 0, sizeof(c));
	sg_samhealth_count(&c, SG_SP_OK, SG_STALE_FAILED);
	sg_samhealth_count(&c, SG_SP_FLAPPING, SG_STALE_FAILED);
	sg_samhealth_count(&c, SG_SP_FAILED, SG_STALE_FAILED);
	sg_samhealth_count(&c, SG_SP_STOPPED, SG_STALE_FAILED);
	sg_samhealth_count(&c, SG_SP_STALE, SG_STALE_FAILED);
	assert_int_equal(c.watched, 4);
	assert_int_equal(c.ok, 1);
	assert_int_equal(c.degraded, 1);
	assert_int_equal(c.failed, 2);
	memset(&c, 0, sizeof(c));
	sg_samhealth_count(&c, SG_SP_STALE, SG_STALE_DEGRADED);
	assert_int_equal(c.degraded, 1);
	assert_int_equal(c.failed, 0);
	sg_samhealth_count(&c, SG_SP_STALE, SG_STALE_IGNORE);
	assert_int_equal(c.watched, 1);
	/* the mode applies to stale only */
	sg_samhealth_count(&c, SG_SP_HUNG, SG_STALE_IGNORE);
	assert_int_equal(c.failed, 1);
}

static void test_colour(void **state)
{
	struct sg_samhealth_limits l = { { 1, 0 }, { 1, 0 }, SG_STALE_FAILED };
	struct sg_samhealth_counts c = { 5, 5, 0, 0 };

	(void)state;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_GREEN);
	c.degraded = 1;
	c.ok = 4;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_YELLOW);
	c.failed = 1;
	c.degraded = 0;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_RED);
	/* red needs two: one failure is only yellow (it counts towards yellow) */
	l.red.value = 2;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_YELLOW);
	c.failed = 2;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_RED);
	/* yellow needs three unhealthy: 1 degraded + 1 failed is green */
	l.red.value = 3;
	l.yellow.value = 3;
	c.failed = 1;
	c.degraded = 1;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_GREEN);
	c.degraded = 2;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_YELLOW);
	/* disabled limits */
	l.red.value = 0;
	l.yellow.value = 0;
	c.failed = 5;
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_GREEN);
	/* percentages of the watched */
	l.red = (struct sg_limit){ 50, 1 };
	c = (struct sg_samhealth_counts){ 4, 2, 0, 2 };
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_RED);
	c = (struct sg_samhealth_counts){ 5, 3, 0, 2 };   /* 50% of 5 is 3 */
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_GREEN);
	/* nothing watched: green, whatever the limits */
	c = (struct sg_samhealth_counts){ 0, 0, 0, 0 };
	l.yellow = (struct sg_limit){ 1, 0 };
	assert_int_equal(sg_samhealth_color(&c, &l), SG_COLOR_GREEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_supervisor_gone),
		cmocka_unit_test(test_orphan_keys),
		cmocka_unit_test(test_failed),
		cmocka_unit_test(test_hung_edges),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_severity_and_names),
		cmocka_unit_test(test_limit_parse),
		cmocka_unit_test(test_limit_count),
		cmocka_unit_test(test_count_and_stale_modes),
		cmocka_unit_test(test_colour),
	};

	return sg_run_tests("samclass", tests, NULL, NULL);
}
