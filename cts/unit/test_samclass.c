/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samclass.c - unit tests for lib/samclass.c: the facts taken from a
 * scanned table entry, each classification rule and its edges, the
 * severities, the limits (counts and percentages), the stale modes and the
 * node colour. */
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
	/* exactly 2.5 x period: not yet */
	f.last_updated_ns = f.now_ns - 2500 * NS_PER_MS;
	assert_int_equal(sg_sp_classify(&f), SG_SP_OK);
	f.last_updated_ns = f.now_ns - 2501 * NS_PER_MS;
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

/* ------------------------------------------------- facts from a table */

#define NOW_NS (100000 * NS_PER_MS)    /* "now": 100 s of CLOCK_MONOTONIC */

/* Record key=value of the table or fail. */
static void set_key(struct sg_table *t, const char *key, const char *value)
{
	if (sg_table_set(t, key, value) != 0)
		fail_msg("sg_table_set(\"%s\", \"%s\") failed", key, value);
}

/* Facts of sg/sam, from a struct full of garbage: whatever the function
 * does not set must come out as zero. */
static struct sg_sp_facts facts_of(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam)
{
	struct sg_sp_facts f;

	memset(&f, 0xa5, sizeof(f));
	sg_sp_facts_from(sg, sam, NOW_NS, &f);
	return f;
}

/* A plain SAM process: SAM's keys are the facts, there is no samguard
 * state, daemon or restart accounting. */
static void test_facts_from_plain_sam_process(void **state)
{
	struct sg_table t;
	struct sg_sp_facts f;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "resources.process.10.state", "waiting for quorum");
	set_key(&t, "resources.process.10.poll_period", "500");
	set_key(&t, "resources.process.10.last_updated", "99000000000");
	sg_table_link(&t);

	f = facts_of(NULL, sg_table_find_sam(&t, 10));
	assert_int_equal(f.now_ns, NOW_NS);
	assert_int_equal(f.samguard, 0);
	assert_int_equal(f.state, SG_STATE_ABSENT);
	assert_int_equal(f.sam_found, 1);
	assert_int_equal(f.sam, SG_SAM_WAITING_QUORUM);
	assert_int_equal(f.has_last_updated, 1);
	assert_int_equal(f.last_updated_ns, 99000000000ULL);
	assert_int_equal(f.poll_period_ms, 500);
	assert_int_equal(f.daemon, SG_PROC_NONE);
	assert_int_equal(f.restarts_recent, 0);
	assert_int_equal(f.max_restarts, 0);
	assert_int_equal(sg_sp_heartbeat_age_ms(&f), 1000);
	/* not probed: nothing is known about the pid */
	assert_int_equal(f.supervisor, SG_PROC_NONE);
	sg_table_free(&t);
}

/* SAM's keys name no start time: the pid is the writer while it exists and
 * did not provably start after the last update. */
static void test_facts_from_plain_sam_process_probed(void **state)
{
	struct sg_table t;
	struct sg_sam_entry *sam;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "resources.process.10.state", "running");
	sg_table_link(&t);
	sam = sg_table_find_sam(&t, 10);
	sam->probed = 1;
	sam->exists = 1;
	assert_int_equal(facts_of(NULL, sam).supervisor, SG_PROC_ALIVE);
	assert_int_equal(facts_of(NULL, sam).sam, SG_SAM_RUNNING);
	sam->reused = 1;
	assert_int_equal(facts_of(NULL, sam).supervisor, SG_PROC_DEAD);
	sam->reused = 0;
	sam->exists = 0;
	assert_int_equal(facts_of(NULL, sam).supervisor, SG_PROC_DEAD);
	sg_table_free(&t);
}

/* A SAM entry without last_updated has no heartbeat, and a state libsam
 * does not write is unknown. */
static void test_facts_from_sam_without_heartbeat(void **state)
{
	struct sg_table t;
	struct sg_sp_facts f;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "resources.process.10.state", "sleeping");
	sg_table_link(&t);
	f = facts_of(NULL, sg_table_find_sam(&t, 10));
	assert_int_equal(f.sam_found, 1);
	assert_int_equal(f.sam, SG_SAM_UNKNOWN);
	assert_int_equal(f.has_last_updated, 0);
	assert_int_equal(f.poll_period_ms, 0);
	assert_int_equal(sg_sp_heartbeat_age_ms(&f), UINT64_MAX);
	sg_table_free(&t);

	/* an entry whose keys are all gone (no table keeps one, a caller may
	 * build one): SAM's keys are not found */
	{
		struct sg_sam_entry gone;

		memset(&gone, 0, sizeof(gone));
		gone.pid = 10;
		f = facts_of(NULL, &gone);
		assert_int_equal(f.sam_found, 0);
		assert_int_equal(f.sam, SG_SAM_ABSENT);
	}
}

/* A samguard resource without SAM keys: samguard's state, the liveness the
 * probe found, and the restarts within its restart_window. */
static void test_facts_from_samguard_resource(void **state)
{
	struct sg_table t;
	struct sg_sg_entry *sg;
	struct sg_sp_facts f;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "samguard.resource.web.state", "running");
	/* restarts at 50 s, 75 s and 95 s; now is 100 s */
	set_key(&t, "samguard.resource.web.restart_history", "50000 75000 95000");
	set_key(&t, "samguard.resource.web.restart_window", "30");
	set_key(&t, "samguard.resource.web.max_restarts", "3");
	sg_table_link(&t);
	sg = sg_table_find_sg(&t, "web");
	sg->supervisor_live = SG_PROC_ALIVE;
	sg->daemon_live = SG_PROC_DEAD;

	f = facts_of(sg, NULL);
	assert_int_equal(f.now_ns, NOW_NS);
	assert_int_equal(f.samguard, 1);
	assert_int_equal(f.state, SG_STATE_RUNNING);
	assert_int_equal(f.supervisor, SG_PROC_ALIVE);
	assert_int_equal(f.daemon, SG_PROC_DEAD);
	assert_int_equal(f.max_restarts, 3);
	/* within 30 s of now: 75 s and 95 s */
	assert_int_equal(f.restarts_recent, 2);
	/* no SAM keys: no SAM facts */
	assert_int_equal(f.sam_found, 0);
	assert_int_equal(f.sam, SG_SAM_ABSENT);
	assert_int_equal(f.has_last_updated, 0);
	assert_int_equal(f.last_updated_ns, 0);
	assert_int_equal(f.poll_period_ms, 0);

	/* the other liveness values pass through as they are */
	sg->supervisor_live = SG_PROC_NONE;
	sg->daemon_live = SG_PROC_ALIVE;
	f = facts_of(sg, NULL);
	assert_int_equal(f.supervisor, SG_PROC_NONE);
	assert_int_equal(f.daemon, SG_PROC_ALIVE);
	sg_table_free(&t);
}

/* Without the restart_window and max_restarts keys (a resource started
 * before reload-agent wrote them, or a window of 0) the defaults count:
 * 60 s and 5, whatever the fields hold. */
static void test_facts_from_samguard_defaults(void **state)
{
	struct sg_table t;
	struct sg_sg_entry *sg;
	struct sg_sp_facts f;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "samguard.resource.web.state", "bogus");
	set_key(&t, "samguard.resource.web.restart_history", "30000 50000 75000 95000 100001");
	sg_table_link(&t);
	sg = sg_table_find_sg(&t, "web");
	sg->rs.max_restarts = 9;       /* no key: not a value */

	f = facts_of(sg, NULL);
	assert_int_equal(f.state, SG_STATE_UNKNOWN);
	assert_int_equal(f.max_restarts, SG_MAX_RESTARTS_DEFAULT);
	/* within 60 s: 50 s, 75 s and 95 s (30 s is too old, 100.001 s is ahead of now) */
	assert_int_equal(SG_RESTART_WINDOW_DEFAULT_S, 60);
	assert_int_equal(f.restarts_recent, 3);

	set_key(&t, "samguard.resource.web.restart_window", "0");
	set_key(&t, "samguard.resource.web.max_restarts", "0");
	f = facts_of(sg, NULL);
	assert_int_equal(f.restarts_recent, 3);
	/* a written 0 is a value: no restart allowed */
	assert_int_equal(f.max_restarts, 0);

	/* no state key at all */
	sg_table_free(&t);
	sg_table_init(&t);
	set_key(&t, "samguard.resource.web.supervisor_pid", "20");
	sg_table_link(&t);
	f = facts_of(sg_table_find_sg(&t, "web"), NULL);
	assert_int_equal(f.state, SG_STATE_ABSENT);
	assert_int_equal(f.restarts_recent, 0);
	sg_table_free(&t);
}

/* A samguard resource with its SAM entry: SAM's keys give the heartbeat,
 * samguard's probe the supervisor (it knows the start time; SAM's probe
 * does not). */
static void test_facts_from_samguard_with_sam(void **state)
{
	struct sg_table t;
	struct sg_sg_entry *sg;
	struct sg_sam_entry *sam;
	struct sg_sp_facts f;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "resources.process.20.state", "failed");
	set_key(&t, "resources.process.20.poll_period", "1000");
	set_key(&t, "resources.process.20.last_updated", "99500000000");
	set_key(&t, "samguard.resource.web.state", "failed");
	set_key(&t, "samguard.resource.web.supervisor_pid", "20");
	sg_table_link(&t);
	sg = sg_table_find_sg(&t, "web");
	sam = sg_table_find_sam(&t, 20);
	assert_ptr_equal(&t.sam[sg->sam], sam);
	sam->probed = 1;
	sam->exists = 1;               /* the pid exists ... */
	sg->supervisor_live = SG_PROC_DEAD; /* ... but it is not our supervisor any more */

	f = facts_of(sg, sam);
	assert_int_equal(f.samguard, 1);
	assert_int_equal(f.state, SG_STATE_FAILED);
	assert_int_equal(f.sam_found, 1);
	assert_int_equal(f.sam, SG_SAM_FAILED);
	assert_int_equal(f.has_last_updated, 1);
	assert_int_equal(f.last_updated_ns, 99500000000ULL);
	assert_int_equal(f.poll_period_ms, 1000);
	assert_int_equal(f.supervisor, SG_PROC_DEAD);
	assert_int_equal(sg_sp_heartbeat_age_ms(&f), 500);
	assert_int_equal(sg_sp_classify(&f), SG_SP_FAILED);
	sg_table_free(&t);
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
		cmocka_unit_test(test_facts_from_plain_sam_process),
		cmocka_unit_test(test_facts_from_plain_sam_process_probed),
		cmocka_unit_test(test_facts_from_sam_without_heartbeat),
		cmocka_unit_test(test_facts_from_samguard_resource),
		cmocka_unit_test(test_facts_from_samguard_defaults),
		cmocka_unit_test(test_facts_from_samguard_with_sam),
	};

	return sg_run_tests("samclass", tests, NULL, NULL);
}
