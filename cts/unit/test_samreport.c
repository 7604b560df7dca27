/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samreport.c - unit tests for lib/samreport.c: human durations, the
 * status labels, one table row and one process object (every column and
 * member, with its "-" or null when unknown), and the list, show and
 * cleanup outputs built from a table (text columns, JSON members and
 * nulls, control characters in values). */
#include "sg_test.h"
#include "sg_table_fixture.h"

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

/* ------------------------------------------------ one row, one object */

#define NS_PER_MS UINT64_C(1000000)
#define NOW_NS (100000 * NS_PER_MS)    /* "now": 100 s of CLOCK_MONOTONIC */

static void set_key(struct sg_table *t, const char *key, const char *value)
{
	if (sg_table_set(t, key, value) != 0)
		fail_msg("sg_table_set(\"%s\", \"%s\") failed", key, value);
}

/* Everything known: the samguard resource web:0 (SAM pid 20, its daemon
 * 21, restarted twice, the last time at 90 s) and a plain SAM process 10
 * of the program pgsql with its child 11; both alive, heartbeats 500 ms
 * old. */
static void full_table(struct sg_table *t)
{
	sg_table_init(t);
	set_key(t, "resources.process.10.state", "running");
	set_key(t, "resources.process.10.recovery", "restart");
	set_key(t, "resources.process.10.poll_period", "2000");
	set_key(t, "resources.process.10.last_updated", "99500000000");
	set_key(t, "resources.process.20.state", "running");
	set_key(t, "resources.process.20.recovery", "quit");
	set_key(t, "resources.process.20.poll_period", "1000");
	set_key(t, "resources.process.20.last_updated", "99500000000");
	set_key(t, "samguard.resource.web_3a0.state", "running");
	set_key(t, "samguard.resource.web_3a0.supervisor_pid", "20");
	set_key(t, "samguard.resource.web_3a0.supervisor_start", "5");
	set_key(t, "samguard.resource.web_3a0.child_pid", "22");
	set_key(t, "samguard.resource.web_3a0.daemon_pid", "21");
	set_key(t, "samguard.resource.web_3a0.daemon_start", "7");
	set_key(t, "samguard.resource.web_3a0.instance", "3");
	set_key(t, "samguard.resource.web_3a0.restarts", "2");
	set_key(t, "samguard.resource.web_3a0.restart_history", "20000 90000");
	set_key(t, "samguard.resource.web_3a0.last_failure", "exited with status 1");
	set_key(t, "samguard.resource.web_3a0.last_failure_time", "1700000000");
	set_key(t, "samguard.resource.web_3a0.health", "tcp");
	set_key(t, "samguard.resource.web_3a0.health_interval", "3000");
	set_key(t, "samguard.resource.web_3a0.max_restarts", "4");
	set_key(t, "samguard.resource.web_3a0.restart_window", "30");
	set_key(t, "samguard.resource.web_3a0.quorum", "require");
	set_key(t, "samguard.resource.web_3a0.status", "serving");
	sg_table_link(t);
	sg_fixture_probed_healthy(t, 20, 5);
	snprintf(sg_table_find_sam(t, 10)->program, SG_PROGRAM_MAX, "pgsql");
	sg_table_find_sam(t, 10)->child_pid = 11;
}

static struct sg_samproc make(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam)
{
	struct sg_samproc p;

	sg_samproc_make(sg, sam, NOW_NS, &p);
	return p;
}

/* One row (malloc'ed) with the name and state columns that wide. */
static char *row(const struct sg_samproc *p, int name_width, int state_width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	sg_report_row_text(f, p, name_width, state_width);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check_row(int line, const struct sg_samproc *p, int name_width, int state_width, const char *want)
{
	char *out = row(p, name_width, state_width);

	if (strcmp(out, want) != 0) {
		print_error("line %d: row\n\"%s\"\nwant\n\"%s\"\n", line, out, want);
		free(out);
		fail();
	}
	free(out);
}

#define CHECK_ROW(p, nw, sw, want) check_row(__LINE__, (p), (nw), (sw), (want))

/* Columns: NAME PID DAEMON STATUS STATE HEALTH INTERVAL LAST-CHECK
 * RESTARTS LAST FAILURE, the name and state as wide as asked, the others
 * as wide as the header's, one blank between. */
static void test_row_columns(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	full_table(&t);
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	assert_int_equal(p.status, SG_SP_FLAPPING);
	/* SAM's poll_period is the interval, not health_interval */
	CHECK_ROW(&p, 6, 8, "web:0  20      21      flapping running  tcp     1.0s     500ms      2        "
			    "exited with status 1\n");
	/* other widths (watch): only the name and state columns change */
	CHECK_ROW(&p, 10, 12, "web:0      20      21      flapping running      tcp     1.0s     500ms      2        "
			      "exited with status 1\n");
	/* a name wider than its column is not cut */
	CHECK_ROW(&p, 2, 8, "web:0 20      21      flapping running  tcp     1.0s     500ms      2        "
			    "exited with status 1\n");
	/* without SAM keys (the supervisor lives: between two SAM children):
	 * samguard's health_interval, no heartbeat age */
	p = make(&t.sg[0], NULL);
	CHECK_ROW(&p, 6, 8, "web:0  20      21      starting running  tcp     3.0s     -          2        "
			    "exited with status 1\n");
	sg_table_free(&t);
}

/* A plain SAM process: its program as the name, its child as the daemon,
 * "sam" as the health, "-" for samguard's columns. */
static void test_row_plain_sam_process(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	full_table(&t);
	p = make(NULL, sg_table_find_sam(&t, 10));
	CHECK_ROW(&p, 6, 8, "pgsql  10      11      ok       running  sam     2.0s     500ms      -        -\n");
	/* the child of a reused pid is not its child */
	sg_table_find_sam(&t, 10)->reused = 1;
	p = make(NULL, sg_table_find_sam(&t, 10));
	CHECK_ROW(&p, 6, 8, "pgsql  10      -       STALE    running  sam     2.0s     500ms      -        -\n");
	sg_table_free(&t);
}

/* What is unknown is "-"; a poll_period of 0 (no heartbeat expected) is
 * "none"; problems are in capitals. */
static void test_row_unknowns(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "resources.process.10.poll_period", "0");
	set_key(&t, "samguard.resource.db.supervisor_pid", "30");
	sg_table_link(&t);
	sg_table_find_sam(&t, 10)->probed = 1;     /* gone */
	/* a plain process with no name, no state, no heartbeat */
	p = make(NULL, sg_table_find_sam(&t, 10));
	CHECK_ROW(&p, 4, 5, "-    10      -       STALE    -     sam     none     -          -        -\n");
	/* samguard keys with nothing but a pid: no health, no interval */
	p = make(sg_table_find_sg(&t, "db"), NULL);
	CHECK_ROW(&p, 4, 5, "db   30      -       ORPHAN   -     -       -        -          -        -\n");
	/* no pid at all */
	p.pid = 0;
	CHECK_ROW(&p, 4, 5, "db   -       -       ORPHAN   -     -       -        -          -        -\n");
	sg_table_free(&t);
}

/* One line whatever the values hold: control characters become blanks,
 * the last failure is cut at 60 bytes, never inside a UTF-8 character. */
static void test_row_is_one_line(void **state)
{
	static const char *const chars[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
	char failure[200], want[300], *out;
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	full_table(&t);
	snprintf(t.sg[0].name, sizeof(t.sg[0].name), "a\tb\nc");
	snprintf(t.sg[0].rs.last_failure, sizeof(t.sg[0].rs.last_failure), "line one\nline\x7ftwo\r");
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	CHECK_ROW(&p, 6, 8, "a b c  20      21      flapping running  tcp     1.0s     500ms      2        "
			    "line one line two \n");

	/* cut at 60 bytes: a character that ends at byte 60 or before stays
	 * whole (and the text after it up to 60 bytes), one that would end
	 * after it goes whole */
	snprintf(t.sg[0].name, sizeof(t.sg[0].name), "web:0");
	for (size_t c = 0; c < sizeof(chars) / sizeof(chars[0]); c++) {
		size_t len = strlen(chars[c]);

		for (size_t pre = 55; pre < 60; pre++) {
			memset(failure, 'x', pre);
			snprintf(failure + pre, sizeof(failure) - pre, "%stail", chars[c]);
			snprintf(t.sg[0].rs.last_failure, sizeof(t.sg[0].rs.last_failure), "%s", failure);
			out = row(&p, 6, 8);
			snprintf(want, sizeof(want), " 2        %.*s\n", pre + len <= 60 ? 60 : (int)pre, failure);
			assert_contains(out, want);
			free(out);
		}
	}
	/* plain text: 60 bytes */
	memset(failure, 'y', 100);
	failure[100] = '\0';
	snprintf(t.sg[0].rs.last_failure, sizeof(t.sg[0].rs.last_failure), "%s", failure);
	out = row(&p, 6, 8);
	snprintf(want, sizeof(want), " 2        %.60s\n", failure);
	assert_contains(out, want);
	free(out);
	sg_table_free(&t);
}

/* One process object, alone in an array, compact. */
static char *proc_json(const struct sg_samproc *p, const char *key, int full)
{
	struct sg_json j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	sg_json_init(&j, f, 0);
	if (key) {
		sg_json_object_begin(&j, NULL);
		sg_report_proc_json(&j, key, p, full);
		sg_json_object_end(&j);
	} else {
		sg_json_array_begin(&j, NULL);
		sg_report_proc_json(&j, NULL, p, full);
		sg_json_array_end(&j);
	}
	assert_int_equal(sg_json_finish(&j), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check_json(int line, const struct sg_samproc *p, const char *key, int full, const char *want)
{
	char *out = proc_json(p, key, full);

	if (strcmp(out, want) != 0) {
		print_error("line %d: JSON\n%s\nwant\n%s\n", line, out, want);
		free(out);
		fail();
	}
	free(out);
}

#define CHECK_JSON(p, key, full, want) check_json(__LINE__, (p), (key), (full), (want))

/* A samguard resource: every member of list's process object, then with
 * full every member show adds (docs/samguardctl-json.md), in an array or
 * as a member. */
static void test_proc_json_samguard(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	full_table(&t);
	p = make(&t.sg[0], sg_table_find_sam(&t, 20));
	CHECK_JSON(&p, NULL, 0,
		   "[{\"name\":\"web:0\",\"origin\":\"samguard\",\"resource\":\"web:0\",\"program\":null,\"pid\":20,"
		   "\"status\":\"flapping\",\"stale\":false,\"state\":\"running\",\"sam_state\":\"running\","
		   "\"supervisor\":{\"pid\":20,\"start\":5,\"alive\":true},\"daemon\":{\"pid\":21,\"alive\":true},"
		   "\"health\":\"tcp\",\"interval_ms\":1000,\"last_check_age_ms\":500,\"restarts\":2,"
		   "\"restarts_recent\":1,\"last_failure\":\"exited with status 1\"}]\n");
	CHECK_JSON(&p, "process", 1,
		   "{\"process\":{\"name\":\"web:0\",\"origin\":\"samguard\",\"resource\":\"web:0\",\"program\":null,"
		   "\"pid\":20,\"status\":\"flapping\",\"stale\":false,\"state\":\"running\",\"sam_state\":\"running\","
		   "\"supervisor\":{\"pid\":20,\"start\":5,\"alive\":true},\"daemon\":{\"pid\":21,\"alive\":true},"
		   "\"health\":\"tcp\",\"interval_ms\":1000,\"last_check_age_ms\":500,\"restarts\":2,"
		   "\"restarts_recent\":1,\"last_failure\":\"exited with status 1\","
		   "\"instance\":3,\"child_pid\":22,\"daemon_start\":7,\"restart_history_ms\":[20000,90000],"
		   "\"max_restarts\":4,\"restart_window_s\":30,\"last_failure_time\":1700000000,"
		   "\"quorum\":\"require\",\"status_message\":\"serving\",\"restart_delay_ms\":null,\"failure_record\":null,\"failure_summary\":null,\"recovery\":\"quit\","
		   "\"poll_period_ms\":1000,\"last_updated_ns\":99500000000,\"supervisor_identity\":\"cmap keys\","
		   "\"keys\":{\"samguard\":\"samguard.resource.web_3a0.\",\"sam\":\"resources.process.20.\"}}}\n");
	sg_table_free(&t);
}

/* A plain SAM process: samguard's members are null (present, never left
 * out), its program and its child are there. */
static void test_proc_json_plain_sam_process(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	full_table(&t);
	p = make(NULL, sg_table_find_sam(&t, 10));
	CHECK_JSON(&p, "process", 1,
		   "{\"process\":{\"name\":\"pgsql\",\"origin\":\"sam\",\"resource\":null,\"program\":\"pgsql\","
		   "\"pid\":10,\"status\":\"ok\",\"stale\":false,\"state\":\"running\",\"sam_state\":\"running\","
		   "\"supervisor\":{\"pid\":10,\"start\":null,\"alive\":true},\"daemon\":{\"pid\":11,\"alive\":true},"
		   "\"health\":null,\"interval_ms\":2000,\"last_check_age_ms\":500,\"restarts\":null,"
		   "\"restarts_recent\":null,\"last_failure\":null,"
		   "\"instance\":null,\"child_pid\":11,\"daemon_start\":null,\"restart_history_ms\":null,"
		   "\"max_restarts\":null,\"restart_window_s\":null,\"last_failure_time\":null,"
		   "\"quorum\":null,\"status_message\":null,\"restart_delay_ms\":null,\"failure_record\":null,\"failure_summary\":null,\"recovery\":\"restart\","
		   "\"poll_period_ms\":2000,\"last_updated_ns\":99500000000,"
		   "\"supervisor_identity\":\"pid and last_updated\","
		   "\"keys\":{\"samguard\":null,\"sam\":\"resources.process.10.\"}}}\n");
	sg_table_free(&t);
}

/* What is not known is null: a nameless process whose supervisor is gone,
 * samguard keys without SAM keys or identity, a poll_period of 0 is 0. */
static void test_proc_json_unknowns_are_null(void **state)
{
	struct sg_table t;
	struct sg_samproc p;

	(void)state;
	sg_table_init(&t);
	set_key(&t, "resources.process.10.poll_period", "0");
	set_key(&t, "samguard.resource.db.state", "running");
	sg_table_link(&t);
	sg_table_find_sam(&t, 10)->probed = 1;     /* gone */
	p = make(NULL, sg_table_find_sam(&t, 10));
	CHECK_JSON(&p, NULL, 0,
		   "[{\"name\":null,\"origin\":\"sam\",\"resource\":null,\"program\":null,\"pid\":10,"
		   "\"status\":\"stale\",\"stale\":true,\"state\":null,\"sam_state\":null,"
		   "\"supervisor\":{\"pid\":10,\"start\":null,\"alive\":false},\"daemon\":{\"pid\":null,\"alive\":null},"
		   "\"health\":null,\"interval_ms\":0,\"last_check_age_ms\":null,\"restarts\":null,"
		   "\"restarts_recent\":null,\"last_failure\":null}]\n");

	p = make(sg_table_find_sg(&t, "db"), NULL);
	CHECK_JSON(&p, "process", 1,
		   "{\"process\":{\"name\":\"db\",\"origin\":\"samguard\",\"resource\":\"db\",\"program\":null,"
		   "\"pid\":null,\"status\":\"orphan\",\"stale\":false,\"state\":\"running\",\"sam_state\":null,"
		   "\"supervisor\":{\"pid\":null,\"start\":null,\"alive\":null},\"daemon\":{\"pid\":null,\"alive\":null},"
		   "\"health\":null,\"interval_ms\":null,\"last_check_age_ms\":null,\"restarts\":null,"
		   "\"restarts_recent\":0,\"last_failure\":null,"
		   "\"instance\":null,\"child_pid\":null,\"daemon_start\":null,\"restart_history_ms\":[],"
		   "\"max_restarts\":null,\"restart_window_s\":null,\"last_failure_time\":null,"
		   "\"quorum\":null,\"status_message\":null,\"restart_delay_ms\":null,\"failure_record\":null,\"failure_summary\":null,\"recovery\":null,"
		   "\"poll_period_ms\":null,\"last_updated_ns\":null,\"supervisor_identity\":null,"
		   "\"keys\":{\"samguard\":\"samguard.resource.db.\",\"sam\":null}}}\n");
	sg_table_free(&t);
}

/* The supervisor's identity from the run-state file is said so; a dead
 * supervisor makes the process stale; strings are escaped. */
static void test_proc_json_identity_stale_escaping(void **state)
{
	struct sg_table t;
	struct sg_samproc p;
	char *out;

	(void)state;
	full_table(&t);
	t.sg[0].supervisor_from_file = 1;
	t.sg[0].supervisor_live = SG_PROC_DEAD;
	snprintf(t.sg[0].rs.last_failure, sizeof(t.sg[0].rs.last_failure), "said \"no\"\\\x01\xff");
	p = make(&t.sg[0], NULL);
	out = proc_json(&p, NULL, 1);
	assert_contains(out, "\"status\":\"stale\",\"stale\":true,");
	assert_contains(out, "\"supervisor\":{\"pid\":20,\"start\":5,\"alive\":false}");
	assert_contains(out, "\"supervisor_identity\":\"run-state file\"");
	assert_contains(out, "\"last_failure\":\"said \\\"no\\\"\\\\\\u0001\\ufffd\"");
	assert_contains(out, "\"keys\":{\"samguard\":\"samguard.resource.web_3a0.\",\"sam\":null}");
	free(out);
	sg_table_free(&t);
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
		cmocka_unit_test(test_row_columns),
		cmocka_unit_test(test_row_plain_sam_process),
		cmocka_unit_test(test_row_unknowns),
		cmocka_unit_test(test_row_is_one_line),
		cmocka_unit_test(test_proc_json_samguard),
		cmocka_unit_test(test_proc_json_plain_sam_process),
		cmocka_unit_test(test_proc_json_unknowns_are_null),
		cmocka_unit_test(test_proc_json_identity_stale_escaping),
	};

	return sg_run_tests("samreport", tests, NULL, NULL);
}
