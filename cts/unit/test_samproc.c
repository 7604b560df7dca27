/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samproc.c - unit tests for lib/samproc.c: one element of the list
 * from a samguard resource and/or a SAM entry (its name, its pid, its
 * facts and status) and when it counts as stale (the supervisor provably
 * gone). The list around them is tested through samguardctl's outputs
 * (test_samreport.c). */
#include "sg_test.h"
#include "sg_table_fixture.h"

#include <string.h>

#include "samproc.h"

#define NS_PER_MS UINT64_C(1000000)
#define NOW_NS (100000 * NS_PER_MS)    /* "now": 100 s of CLOCK_MONOTONIC */

static void set_key(struct sg_table *t, const char *key, const char *value)
{
	if (sg_table_set(t, key, value) != 0)
		fail_msg("sg_table_set(\"%s\", \"%s\") failed", key, value);
}

/* sg_samproc_make into an element full of garbage. */
static struct sg_samproc make(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam)
{
	struct sg_samproc p;

	memset(&p, 0xa5, sizeof(p));
	sg_samproc_make(sg, sam, NOW_NS, &p);
	return p;
}

/* A running samguard resource web:0 supervised by SAM pid 20 (heartbeat
 * 100 ms ago, period 1000 ms), and a plain SAM process 10 of program
 * "pgsql", both probed alive. */
static void fixture(struct sg_table *t)
{
	sg_table_init(t);
	set_key(t, "resources.process.10.state", "running");
	set_key(t, "resources.process.10.poll_period", "500");
	set_key(t, "resources.process.10.last_updated", "99900000000");
	set_key(t, "resources.process.20.state", "running");
	set_key(t, "resources.process.20.poll_period", "1000");
	set_key(t, "resources.process.20.last_updated", "99900000000");
	set_key(t, "samguard.resource.web_3a0.state", "running");
	set_key(t, "samguard.resource.web_3a0.supervisor_pid", "20");
	set_key(t, "samguard.resource.web_3a0.supervisor_start", "5");
	set_key(t, "samguard.resource.web_3a0.daemon_pid", "21");
	sg_table_link(t);
	sg_fixture_probed_healthy(t, 20, 5);
	snprintf(sg_table_find_sam(t, 10)->program, SG_PROGRAM_MAX, "pgsql");
}

/* A samguard resource joined with its SAM entry: the decoded resource
 * name, SAM's pid, the facts of both and the status they give. */
static void test_make_samguard_resource_with_sam(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	fixture(&t);
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	assert_ptr_equal(p.sg, &t.sg[0]);
	assert_ptr_equal(p.sam, sg_table_find_sam(&t, 20));
	assert_string_equal(p.name, "web:0");
	/* it points into the table: the list lives as long as the table */
	assert_ptr_equal(p.name, t.sg[0].name);
	assert_int_equal(p.pid, 20);
	assert_int_equal(p.facts.samguard, 1);
	assert_int_equal(p.facts.state, SG_STATE_RUNNING);
	assert_int_equal(p.facts.sam, SG_SAM_RUNNING);
	assert_int_equal(p.facts.poll_period_ms, 1000);
	assert_int_equal(p.facts.now_ns, NOW_NS);
	assert_int_equal(p.facts.supervisor, SG_PROC_ALIVE);
	assert_int_equal(p.status, SG_SP_OK);
	assert_false(sg_samproc_stale(&p));
	sg_table_free(&t);
}

/* The status is what the facts classify as: a samguard state of failed
 * makes the element failed. */
static void test_make_status_is_the_classification(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	fixture(&t);
	set_key(&t, "samguard.resource.web_3a0.state", "failed");
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	assert_int_equal(p.facts.state, SG_STATE_FAILED);
	assert_int_equal(p.status, sg_sp_classify(&p.facts));
	assert_int_equal(p.status, SG_SP_FAILED);
	/* a stale heartbeat (2.5 x the period) makes a plain process hung */
	p = make(NULL, sg_table_find_sam(&t, 10));
	assert_int_equal(p.status, SG_SP_OK);
	sg_table_find_sam(&t, 10)->ss.last_updated_ns = NOW_NS - 1250 * NS_PER_MS;
	p = make(NULL, sg_table_find_sam(&t, 10));
	assert_int_equal(p.status, SG_SP_OK);
	sg_table_find_sam(&t, 10)->ss.last_updated_ns = NOW_NS - 1251 * NS_PER_MS;
	p = make(NULL, sg_table_find_sam(&t, 10));
	assert_int_equal(p.status, SG_SP_HUNG);
	sg_table_free(&t);
}

/* Without SAM keys the pid is the supervisor's: supervisor_pid as
 * published, else the identity from the run-state file, else unknown. */
static void test_make_samguard_resource_without_sam(void **state)
{
	struct sg_table t;
	struct sg_sg_entry *sg;
	struct sg_samproc p;

	(void)state;
	fixture(&t);
	sg = &t.sg[0];
	p = make(sg, NULL);
	assert_null(p.sam);
	assert_string_equal(p.name, "web:0");
	assert_int_equal(p.pid, 20);
	assert_int_equal(p.facts.sam_found, 0);
	assert_int_equal(p.facts.has_last_updated, 0);

	/* the published pid comes first */
	sg->supervisor.pid = 33;       /* from the run-state file */
	p = make(sg, NULL);
	assert_int_equal(p.pid, 20);
	sg->rs.supervisor_pid = 0;
	p = make(sg, NULL);
	assert_int_equal(p.pid, 33);

	sg->have_supervisor = 0;
	p = make(sg, NULL);
	assert_int_equal(p.pid, 0);
	sg_table_free(&t);
}

/* A resource key whose encoding is not ours has no decoded name: the
 * element is named by its "name" key. */
static void test_make_name_from_the_name_key(void **state)
{
	struct sg_table t;
	struct sg_sg_entry *sg;
	struct sg_samproc p;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "samguard.resource.web_zz.state", "running");
	set_key(&t, "samguard.resource.web_zz.name", "web-by-key");
	sg_table_link(&t);
	sg = sg_table_find_sg(&t, "web_zz");
	assert_non_null(sg);
	assert_string_equal(sg->name, "");
	p = make(sg, NULL);
	assert_string_equal(p.name, "web-by-key");
	sg_table_free(&t);
}

/* A plain SAM process is named after its program ("" when unknown), its
 * pid is SAM's. */
static void test_make_plain_sam_process(void **state)
{
	struct sg_table t;
	struct sg_sam_entry *sam;
	struct sg_samproc p;

	(void)state;
	fixture(&t);
	sam = sg_table_find_sam(&t, 10);
	p = make(NULL, sam);
	assert_null(p.sg);
	assert_ptr_equal(p.sam, sam);
	assert_string_equal(p.name, "pgsql");
	assert_int_equal(p.pid, 10);
	assert_int_equal(p.facts.samguard, 0);
	assert_int_equal(p.facts.poll_period_ms, 500);
	assert_int_equal(p.facts.supervisor, SG_PROC_ALIVE);
	assert_int_equal(p.status, SG_SP_OK);

	sam->program[0] = '\0';
	p = make(NULL, sam);
	assert_string_equal(p.name, "");
	sg_table_free(&t);
}

/* Stale means the supervisor is provably gone, and nothing else: neither
 * an unknown supervisor (orphan keys) nor a failure. */
static void test_stale_only_when_the_supervisor_is_gone(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	fixture(&t);
	t.sg[0].supervisor_live = SG_PROC_DEAD;
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	assert_true(sg_samproc_stale(&p));
	assert_int_equal(p.status, SG_SP_STALE);

	/* what it left says failed: still stale (its keys are left over) */
	set_key(&t, "samguard.resource.web_3a0.state", "failed");
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	assert_int_equal(p.status, SG_SP_FAILED);
	assert_true(sg_samproc_stale(&p));

	/* no identity anywhere: orphan, not stale */
	t.sg[0].supervisor_live = SG_PROC_NONE;
	set_key(&t, "samguard.resource.web_3a0.state", "running");
	p = make(&t.sg[0], NULL);
	assert_int_equal(p.status, SG_SP_ORPHAN);
	assert_false(sg_samproc_stale(&p));

	/* a plain SAM process whose pid is gone, or reused */
	sg_table_find_sam(&t, 10)->exists = 0;
	p = make(NULL, sg_table_find_sam(&t, 10));
	assert_true(sg_samproc_stale(&p));
	sg_table_find_sam(&t, 10)->exists = 1;
	sg_table_find_sam(&t, 10)->reused = 1;
	p = make(NULL, sg_table_find_sam(&t, 10));
	assert_true(sg_samproc_stale(&p));
	/* not probed: unknown, not stale */
	sg_table_find_sam(&t, 10)->probed = 0;
	p = make(NULL, sg_table_find_sam(&t, 10));
	assert_false(sg_samproc_stale(&p));
	sg_table_free(&t);
}

/* sg_samproc_stale reads the facts alone. */
static void test_stale_reads_the_facts(void **state)
{
	struct sg_samproc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.status = SG_SP_OK;
	p.facts.supervisor = SG_PROC_DEAD;
	assert_true(sg_samproc_stale(&p));
	p.status = SG_SP_STALE;
	p.facts.supervisor = SG_PROC_ALIVE;
	assert_false(sg_samproc_stale(&p));
	p.facts.supervisor = SG_PROC_NONE;
	assert_false(sg_samproc_stale(&p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_samguard_resource_with_sam),
		cmocka_unit_test(test_make_status_is_the_classification),
		cmocka_unit_test(test_make_samguard_resource_without_sam),
		cmocka_unit_test(test_make_name_from_the_name_key),
		cmocka_unit_test(test_make_plain_sam_process),
		cmocka_unit_test(test_stale_only_when_the_supervisor_is_gone),
		cmocka_unit_test(test_stale_reads_the_facts),
	};

	return sg_run_tests("samproc", tests, NULL, NULL);
}
