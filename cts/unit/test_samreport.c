/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samreport.c - unit tests for lib/samreport.c: human durations, the
 * status labels, and the list, show and cleanup outputs built from a table
 * (text columns, JSON members and nulls, control characters in values). */
#include "sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samreport.h"

static void test_durations(void **state)
{
	static const struct {
		uint64_t ms;
		const char *want;
	} cases[] = {
		{ 0, "0ms" }, { 999, "999ms" }, { 1000, "1.0s" }, { 1250, "1.2s" }, { 9999, "9.9s" },
		{ 10000, "10s" }, { 59999, "59s" }, { 60000, "1m00s" }, { 65000, "1m05s" },
		{ 3599999, "59m59s" }, { 3600000, "1h00m" }, { 7380000, "2h03m" }, { 86399999, "23h59m" },
		{ 86400000, "1d00h" }, { 277200000, "3d05h" }, { UINT64_MAX, "213503982334d14h" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sg_format_duration_ms(cases[i].ms, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
	sg_format_duration_ms(65000, buf, 3);       /* cut, terminated */
	assert_string_equal(buf, "1m");
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(sg_report_status_label(SG_SP_OK), "ok");
	assert_string_equal(sg_report_status_label(SG_SP_STALE), "STALE");
	assert_string_equal(sg_report_status_label(SG_SP_FAILED), "FAILED");
	assert_string_equal(sg_report_status_label(SG_SP_HUNG), "HUNG");
	assert_string_equal(sg_report_status_label(SG_SP_WAITING), "waiting");
	assert_string_equal(sg_report_status_label(SG_SP_FLAPPING), "flapping");
}

/* A table with a healthy resource, a stale plain process and a failure. */
static ssize_t fixture(struct sg_table *t, struct sg_samproc **v)
{
	sg_table_init(t);
	sg_table_set(t, "resources.process.10.state", "running");
	sg_table_set(t, "resources.process.10.poll_period", "500");
	sg_table_set(t, "resources.process.10.last_updated", "9000000000");
	sg_table_set(t, "resources.process.20.state", "running");
	sg_table_set(t, "resources.process.20.poll_period", "1000");
	sg_table_set(t, "resources.process.20.last_updated", "9500000000");
	sg_table_set(t, "samguard.resource.web_3a0.state", "running");
	sg_table_set(t, "samguard.resource.web_3a0.supervisor_pid", "20");
	sg_table_set(t, "samguard.resource.web_3a0.supervisor_start", "5");
	sg_table_set(t, "samguard.resource.web_3a0.health", "tcp");
	sg_table_set(t, "samguard.resource.web_3a0.restarts", "0");
	sg_table_set(t, "samguard.resource.web_3a0.last_failure", "bad \"news\"\nline two\x01");
	sg_table_set(t, "samguard.resource.web_3a0.restart_delay_ms", "400");
	sg_table_set(t, "samguard.resource.web_3a0.failure_record",
		     "/var/lib/samguard/failures/web_3a0/20261204T043000.007Z-3.txt");
	sg_table_set(t, "samguard.resource.web_3a0.failure_summary",
		     "no WATCHDOG=1 within 200 ms (daemon hung?); 1 thread: T do_signal_stop");
	sg_table_link(t);
	/* what a probe would have found */
	t->sg[0].probed = 1;
	t->sg[0].have_supervisor = 1;
	t->sg[0].supervisor.pid = 20;
	t->sg[0].supervisor.start = 5;
	t->sg[0].supervisor_live = SG_PROC_ALIVE;
	sg_table_find_sam(t, 10)->probed = 1;               /* gone: stale */
	return sg_samprocs(t, 10000000000ULL, v);
}

static char *capture_list(const struct sg_samproc *v, size_t n, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (json)
		assert_int_equal(sg_report_list_json(f, v, n, 0), 0);
	else
		sg_report_list_text(f, v, n);
	fclose(f);
	return buf;
}

static void test_list_text(void **state)
{
	struct sg_table t;
	struct sg_samproc *v;
	ssize_t n = fixture(&t, &v);
	char *out;

	(void)state;
	assert_int_equal(n, 2);
	out = capture_list(v, (size_t)n, 0);
	assert_contains(out, "NAME  PID     DAEMON  STATUS   STATE   HEALTH  INTERVAL LAST-CHECK RESTARTS LAST FAILURE\n");
	assert_contains(out, "\nweb:0 20      -       ok       running tcp     1.0s     500ms      0        bad");
	/* one line per process: the newline in the failure became a blank */
	assert_contains(out, "bad \"news\" line two ");
	assert_contains(out, "\n-     10      -       STALE    running sam     500ms    1.0s       -        -\n");
	{
		int lines = 0;

		for (const char *p = out; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, 3);
	}
	free(out);
	free(v);
	sg_table_free(&t);
}

static void test_list_json(void **state)
{
	struct sg_table t;
	struct sg_samproc *v;
	ssize_t n = fixture(&t, &v);
	char *out;

	(void)state;
	out = capture_list(v, (size_t)n, 1);
	assert_contains(out, "{\"version\":1,\"time_ms\":");
	assert_contains(out, "\"name\":\"web:0\",\"origin\":\"samguard\",\"resource\":\"web:0\",\"program\":null,"
				    "\"pid\":20,\"status\":\"ok\",\"stale\":false,\"state\":\"running\","
				    "\"sam_state\":\"running\",\"supervisor\":{\"pid\":20,\"start\":5,\"alive\":true},"
				    "\"daemon\":{\"pid\":null,\"alive\":null},\"health\":\"tcp\",\"interval_ms\":1000,"
				    "\"last_check_age_ms\":500,\"restarts\":0,\"restarts_recent\":0,"
				    "\"last_failure\":\"bad \\\"news\\\" line two\\u0001\"}");
	assert_contains(out, "\"name\":null,\"origin\":\"sam\",\"resource\":null,\"program\":null,\"pid\":10,"
				    "\"status\":\"stale\",\"stale\":true");
	assert_contains(out, "\"summary\":{\"total\":2,\"ok\":1,\"degraded\":0,\"failed\":1,\"stopped\":0,"
				    "\"stale\":1}}\n");
	free(out);
	free(v);
	sg_table_free(&t);
}

static void test_show(void **state)
{
	struct sg_table t;
	struct sg_samproc *v;
	ssize_t n = fixture(&t, &v);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	(void)n;
	sg_report_show_text(f, &v[0]);
	fclose(f);
	assert_contains(buf, "name:              web:0\n");
	assert_contains(buf, "supervisor:        pid 20, start 5 (from cmap), alive\n");
	assert_contains(buf, "cmap keys:         samguard.resource.web_3a0.*\n");
	assert_contains(buf, "SAM keys:          resources.process.20.*\n");
	/* the backoff and the latest failure record (issue 13) */
	assert_contains(buf, "restart delay:     400ms before this instance (restart_delay)\n");
	assert_contains(buf, "failure record:    /var/lib/samguard/failures/web_3a0/20261204T043000.007Z-3.txt\n");
	assert_contains(buf, "record summary:    no WATCHDOG=1 within 200 ms (daemon hung?); 1 thread: T do_signal_stop\n");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(sg_report_show_json(f, &v[0], 1), 0);
	fclose(f);
	assert_contains(buf, "\"restart_delay_ms\": 400");
	assert_contains(buf, "\"failure_record\": \"/var/lib/samguard/failures/web_3a0/20261204T043000.007Z-3.txt\"");
	assert_contains(buf, "\"failure_summary\": \"no WATCHDOG=1 within 200 ms (daemon hung?); 1 thread: T do_signal_stop\"");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(sg_report_show_json(f, &v[1], 1), 0);
	fclose(f);
	assert_contains(buf, "\"supervisor_identity\": \"pid and last_updated\"");
	assert_contains(buf, "\"restart_history_ms\": null");
	free(buf);
	free(v);
	sg_table_free(&t);
}

static void test_cleanup_outputs(void **state)
{
	struct sg_cleanup_item it[3];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(it, 0, sizeof(it));
	snprintf(it[0].prefix, sizeof(it[0].prefix), "resources.process.7.");
	snprintf(it[0].why, sizeof(it[0].why), "no process 7");
	it[0].delete = 1;
	it[0].done = 1;
	it[0].pid = 7;
	snprintf(it[1].prefix, sizeof(it[1].prefix), "samguard.resource.x.");
	snprintf(it[1].name, sizeof(it[1].name), "x");
	snprintf(it[1].why, sizeof(it[1].why), "kept: alive");
	it[1].kind = SG_CLEAN_SAMGUARD;
	snprintf(it[2].prefix, sizeof(it[2].prefix), "resources.process.8.");
	it[2].delete = 1;
	it[2].error = -5;
	f = open_memstream(&buf, &len);
	sg_report_cleanup_text(f, it, 3, 0);
	fclose(f);
	assert_contains(buf, "deleted      resources.process.7.* (-): no process 7\n");
	assert_contains(buf, "kept         samguard.resource.x.* (x): kept: alive\n");
	assert_contains(buf, "failed       resources.process.8.*");
	assert_contains(buf, "1 key set deleted, 1 kept, 1 failed\n");
	free(buf);
	buf = NULL;
	it[0].done = 0;
	f = open_memstream(&buf, &len);
	assert_int_equal(sg_report_cleanup_json(f, it, 2, 1, 0), 0);
	fclose(f);
	assert_contains(buf, "\"dry_run\":true");
	assert_contains(buf, "\"action\":\"would-delete\"");
	assert_contains(buf, "\"summary\":{\"deleted\":0,\"would_delete\":1,\"kept\":1,\"failed\":0}");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_list_text),
		cmocka_unit_test(test_list_json),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_cleanup_outputs),
	};

	return sg_run_tests("samreport", tests, NULL, NULL);
}
