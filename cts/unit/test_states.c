/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_states.c - unit tests for lib/states.c, the one table of supervisor
 * states: text <-> enum round trips, every state the supervisor can write
 * gets a defined monitor verdict and a samclass status, the supervisor's
 * sources write states only through that table, and the docs list them. */
#include "sg_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "samclass.h"
#include "states.h"
#include "util.h"

#define MS UINT64_C(1000000) /* ns per ms */
#define NOW_NS (UINT64_C(5000000) * MS)

/* The spellings on the wire, written out here on purpose: a change of the
 * table must be a change of this test too. */
static const struct {
	enum sg_state state;
	const char *text;
} spelled[] = {
	{ SG_STATE_STARTING, "starting" }, { SG_STATE_RUNNING, "running" },
	{ SG_STATE_STOPPING, "stopping" }, { SG_STATE_STOPPED, "stopped" },
	{ SG_STATE_FAILED, "failed" },     { SG_STATE_STOP_FAILED, "stop-failed" },
};

static void test_text(void **state)
{
	(void)state;
	assert_int_equal(SG_ARRAY_SIZE(spelled), SG_STATE_LAST_WRITTEN - SG_STATE_FIRST_WRITTEN + 1);
	for (size_t i = 0; i < SG_ARRAY_SIZE(spelled); i++)
		assert_string_equal(sg_state_text(spelled[i].state), spelled[i].text);
	assert_string_equal(sg_state_text(SG_STATE_ABSENT), "absent");
	assert_string_equal(sg_state_text(SG_STATE_UNKNOWN), "unknown");
	assert_string_equal(sg_state_text((enum sg_state)SG_STATE_COUNT), "unknown");
	assert_string_equal(sg_state_text((enum sg_state)1000), "unknown");
	assert_string_equal(sg_state_text((enum sg_state)-1), "unknown");
}

/* Every state a supervisor writes parses back to itself, and the texts
 * are distinct. */
static void test_round_trip(void **state)
{
	(void)state;
	for (int s = SG_STATE_FIRST_WRITTEN; s <= SG_STATE_LAST_WRITTEN; s++) {
		const char *t = sg_state_text((enum sg_state)s);

		assert_int_equal(sg_state_parse(t), s);
		for (int u = 0; u < SG_STATE_COUNT; u++)
			if (u != s && !strcmp(t, sg_state_text((enum sg_state)u)))
				fail_msg("states %d and %d are both spelled '%s'", s, u, t);
	}
}

static void test_parse_foreign(void **state)
{
	static const char *const foreign[] = {
		"bogus", "Running", "RUNNING", "running ", " running", "run", "runningx", "start",
		"fail", "stop", "stop_failed", "stop-failed ", "Stop-Failed", "stopfailed", "restarting",
		"0", "\n",
		/* what a reader calls a missing key or a foreign value is no value */
		"absent", "unknown",
	};

	(void)state;
	assert_int_equal(sg_state_parse(NULL), SG_STATE_ABSENT);
	assert_int_equal(sg_state_parse(""), SG_STATE_ABSENT);
	for (size_t i = 0; i < SG_ARRAY_SIZE(foreign); i++)
		if (sg_state_parse(foreign[i]) != SG_STATE_UNKNOWN)
			fail_msg("sg_state_parse(\"%s\") = %d, want SG_STATE_UNKNOWN", foreign[i],
				 (int)sg_state_parse(foreign[i]));
}

/* A resource as the monitor sees it with the given state. */
static struct sg_observations observed(enum sg_state s)
{
	struct sg_observations o;

	memset(&o, 0, sizeof(o));
	o.cmap_ok = 1;
	o.supervisor = SG_PROC_ALIVE;
	o.daemon = SG_PROC_ALIVE;
	o.state = s;
	o.sam = SG_SAM_RUNNING;
	o.now_ns = NOW_NS;
	o.has_last_updated = 1;
	o.last_updated_ns = NOW_NS - 100 * MS;
	o.poll_period_ms = 1000;
	o.max_restarts = 5;
	o.restart_window_s = 60;
	o.last_failure = "daemon survived SIGKILL (uninterruptible sleep?)";
	o.quorate = SG_QUORATE_YES;
	o.quorum_policy = SG_QUORUM_IGNORE;
	return o;
}

/* The verdict for state s with the given supervisor, daemon and SAM state:
 * never unknown-state, and never rc 0 for a give-up. */
static void check_verdict(enum sg_state s, enum sg_proc sup, enum sg_proc daemon, enum sg_sam sam, int probe)
{
	struct sg_observations o = observed(s);
	struct sg_verdict v;

	o.supervisor = sup;
	o.daemon = daemon;
	o.sam = sam;
	o.probe = probe;
	sg_policy_decide(&o, &v);
	assert_non_null(v.rule);
	if (!strcmp(v.rule, "unknown-state"))
		fail_msg("state '%s', supervisor %d, daemon %d, SAM %d, probe %d: unknown-state", sg_state_text(s),
			 (int)sup, (int)daemon, (int)sam, probe);
	if ((s == SG_STATE_FAILED || s == SG_STATE_STOP_FAILED) && v.rc == SG_OCF_SUCCESS)
		fail_msg("state '%s', supervisor %d, daemon %d, SAM %d, probe %d: rc 0 (%s)", sg_state_text(s),
			 (int)sup, (int)daemon, (int)sam, probe, v.rule);
}

/* Whatever else the monitor observes (supervisor, daemon, SAM's state), a
 * state the supervisor writes never ends in unknown-state: the policy
 * knows every word of the table; and a give-up is never rc 0. */
static void test_policy_knows_every_written_state(void **state)
{
	static const enum sg_proc procs[] = { SG_PROC_NONE, SG_PROC_DEAD, SG_PROC_ALIVE };
	static const enum sg_sam sams[] = { SG_SAM_STOPPED, SG_SAM_RUNNING, SG_SAM_WAITING_QUORUM, SG_SAM_FAILED };
	struct sg_observations o = observed(SG_STATE_UNKNOWN);
	struct sg_verdict v;

	(void)state;
	for (int s = SG_STATE_FIRST_WRITTEN; s <= SG_STATE_LAST_WRITTEN; s++)
		for (size_t i = 0; i < SG_ARRAY_SIZE(procs); i++)
			for (size_t j = 0; j < SG_ARRAY_SIZE(procs); j++)
				for (size_t k = 0; k < SG_ARRAY_SIZE(sams); k++)
					for (int probe = 0; probe < 2; probe++)
						check_verdict((enum sg_state)s, procs[i], procs[j], sams[k], probe);
	/* the control: a foreign value is unknown-state */
	sg_policy_decide(&o, &v);
	assert_string_equal(v.rule, "unknown-state");
}

/* stop-failed (the daemon survived SIGKILL on stop) is a failure with its
 * own row and reason; a probe sees the instance active (190), never 1. */
static void test_policy_stop_failed(void **state)
{
	struct sg_observations o = observed(SG_STATE_STOP_FAILED);
	struct sg_verdict v;

	(void)state;
	sg_policy_decide(&o, &v);
	assert_string_equal(v.rule, "stop-failed");
	assert_int_equal(v.rc, SG_OCF_ERR_GENERIC);
	assert_string_equal(v.reason, "stop failed: daemon survived SIGKILL (uninterruptible sleep?)");
	assert_int_equal(v.actions, 0);
	/* it beats what else a stopping resource may show */
	o.sam = SG_SAM_STOPPED;
	o.restarts_recent = 9;
	sg_policy_decide(&o, &v);
	assert_string_equal(v.rule, "stop-failed");
	o = observed(SG_STATE_STOP_FAILED);
	o.probe = 1;
	sg_policy_decide(&o, &v);
	assert_string_equal(v.rule, "stop-failed");
	assert_int_equal(v.rc, SG_OCF_DEGRADED);
	/* the supervisor gone: what is left decides, as for any state */
	o = observed(SG_STATE_STOP_FAILED);
	o.supervisor = SG_PROC_DEAD;
	sg_policy_decide(&o, &v);
	assert_string_equal(v.rule, "orphan-daemon");
	o.daemon = SG_PROC_DEAD;
	sg_policy_decide(&o, &v);
	assert_string_equal(v.rule, "supervisor-died");
}

/* samclass (samguardctl, SAMHealth) classifies every written state as
 * something other than unknown; the two give-ups are failed. */
static void test_samclass_knows_every_written_state(void **state)
{
	(void)state;
	for (int s = SG_STATE_FIRST_WRITTEN; s <= SG_STATE_LAST_WRITTEN; s++) {
		const char *t = sg_state_text((enum sg_state)s);
		int gave_up = s == SG_STATE_FAILED || s == SG_STATE_STOP_FAILED;
		struct sg_sp_facts f;

		memset(&f, 0, sizeof(f));
		f.samguard = 1;
		f.state = (enum sg_state)s;
		f.sam_found = 1;
		f.sam = SG_SAM_RUNNING;
		f.supervisor = SG_PROC_ALIVE;
		f.daemon = SG_PROC_ALIVE;
		f.now_ns = NOW_NS;
		f.has_last_updated = 1;
		f.last_updated_ns = NOW_NS - 100 * MS;
		f.poll_period_ms = 1000;
		f.max_restarts = 5;
		for (int dead = 0; dead < 2; dead++) {
			const char *sup = dead ? "dead" : "alive";
			enum sg_sp_status st;

			f.supervisor = dead ? SG_PROC_DEAD : SG_PROC_ALIVE;
			st = sg_sp_classify(&f);
			if (st == SG_SP_UNKNOWN)
				fail_msg("samclass: state '%s', supervisor %s: unknown", t, sup);
			if (gave_up && st != SG_SP_FAILED)
				fail_msg("samclass: state '%s', supervisor %s: %s, not failed", t, sup,
					 sg_sp_status_name(st));
		}
	}
}

/* The enum constant named at p ("SG_STATE_RUNNING)..."), -1 if none. */
static int state_constant(const char *p)
{
	static const struct {
		const char *name;
		enum sg_state s;
	} names[] = {
		{ "SG_STATE_ABSENT", SG_STATE_ABSENT },   { "SG_STATE_STARTING", SG_STATE_STARTING },
		{ "SG_STATE_RUNNING", SG_STATE_RUNNING }, { "SG_STATE_STOPPING", SG_STATE_STOPPING },
		{ "SG_STATE_STOPPED", SG_STATE_STOPPED }, { "SG_STATE_FAILED", SG_STATE_FAILED },
		{ "SG_STATE_STOP_FAILED", SG_STATE_STOP_FAILED }, { "SG_STATE_UNKNOWN", SG_STATE_UNKNOWN },
	};

	for (size_t i = 0; i < SG_ARRAY_SIZE(names); i++) {
		size_t l = strlen(names[i].name);

		if (!strncmp(p, names[i].name, l) && (p[l] == ')' || p[l] == ' '))
			return (int)names[i].s;
	}
	return -1;
}

/* The supervisor's sources (the .c files in lib) publish the state key only through
 * sv_pub_state() and only with a state between FIRST and LAST_WRITTEN, so
 * the states the tests above walk are all the supervisor can write. */
static void test_supervisor_writes_only_table_states(void **state)
{
	DIR *d = opendir("lib");
	struct dirent *de;
	unsigned int calls = 0;

	(void)state;
	if (d == NULL)
		skip(); /* run from the source tree (cts/check.sh does) */
	while ((de = readdir(d)) != NULL) {
		char path[512], line[1024];
		size_t len = strlen(de->d_name);
		FILE *f;
		unsigned int lineno = 0;

		if (len < 3 || strcmp(de->d_name + len - 2, ".c"))
			continue;
		snprintf(path, sizeof(path), "lib/%s", de->d_name);
		assert_non_null(f = fopen(path, "r"));
		while (fgets(line, sizeof(line), f)) {
			const char *p;

			lineno++;
			/* a write of the state key other than sv_pub_state()'s */
			int raw = strstr(line, "sv_pub_str(") || strstr(line, "sg_cmap_set_");

			if (raw && strstr(line, "SG_KEY_STATE") && !strstr(line, "sg_state_text("))
				fail_msg("%s:%u: the state key written without sv_pub_state(): %s", path, lineno,
					 line);
			if ((p = strstr(line, "sv_pub_state(")) == NULL || strstr(line, "void sv_pub_state("))
				continue;
			int s = state_constant(p + strlen("sv_pub_state("));

			calls++;
			if (s < SG_STATE_FIRST_WRITTEN || s > SG_STATE_LAST_WRITTEN)
				fail_msg("%s:%u: sv_pub_state() with a state the supervisor does not write: %s",
					 path, lineno, line);
		}
		fclose(f);
	}
	closedir(d);
	/* starting, running, stopping, stopped, failed, stop-failed: each at least once */
	assert_true(calls >= (unsigned)(SG_STATE_LAST_WRITTEN - SG_STATE_FIRST_WRITTEN + 1));
}

/* The line of a Markdown table in path whose first cell is cell. */
static int doc_row(const char *path, const char *cell, char *line, size_t n)
{
	FILE *f = fopen(path, "r");
	char want[64];
	int found = 0;

	if (f == NULL)
		return -1;
	snprintf(want, sizeof(want), "| %s |", cell);
	while (!found && fgets(line, (int)n, f))
		found = !strncmp(line, want, strlen(want));
	fclose(f);
	return found;
}

/* docs/cmap-keys.md and docs/policy.md name every written state. */
static void test_docs_list_every_state(void **state)
{
	static const struct {
		const char *path, *cell;
	} rows[] = {
		{ "docs/cmap-keys.md", "state" },
		{ "docs/policy.md", "samguard state" },
	};
	char line[1024], quoted[64];

	(void)state;
	for (size_t r = 0; r < SG_ARRAY_SIZE(rows); r++) {
		int rc = doc_row(rows[r].path, rows[r].cell, line, sizeof(line));

		if (rc < 0)
			skip();
		if (rc == 0)
			fail_msg("%s: no table row '%s'", rows[r].path, rows[r].cell);
		for (int s = SG_STATE_FIRST_WRITTEN; s <= SG_STATE_LAST_WRITTEN; s++) {
			snprintf(quoted, sizeof(quoted), "`%s`", sg_state_text((enum sg_state)s));
			if (strstr(line, quoted) == NULL)
				fail_msg("%s: row '%s' does not name %s", rows[r].path, rows[r].cell, quoted);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_foreign),
		cmocka_unit_test(test_policy_knows_every_written_state),
		cmocka_unit_test(test_policy_stop_failed),
		cmocka_unit_test(test_samclass_knows_every_written_state),
		cmocka_unit_test(test_supervisor_writes_only_table_states),
		cmocka_unit_test(test_docs_list_every_state),
	};

	return sg_run_tests("states", tests, NULL, NULL);
}
