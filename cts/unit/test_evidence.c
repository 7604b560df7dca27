/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_evidence.c - lib/evidence.c (parsing /proc and cgroup text, the
 * summary and the record of a hung daemon) with fixture text, and
 * lib/evidence_proc.c on this test's own process. */
#include "sg_test.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "evidence.h"

/* comm with blanks and a ')' inside; utime 17, stime 4 */
static const char stat_fixture[] =
	"4242 (sg (te) std) T 1 4242 4242 0 -1 4194560 112 0 0 0 17 4 0 0 20 0 2 0 987654 2400000 300 "
	"18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

static const char status_fixture[] =
	"Name:\tsg-testd\nUmask:\t0022\nState:\tT (stopped)\nVmPeak:\t    2500 kB\nVmHWM:\t    1880 kB\n"
	"VmRSS:\t    1536 kB\nThreads:\t2\n";

static const char events_fixture[] = "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n";

static void test_task_stat_fields_after_the_last_parenthesis(void **state)
{
	struct sg_ev_task t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(sg_ev_parse_task_stat(stat_fixture, &t), 0);
	assert_int_equal(t.tid, 4242);
	assert_string_equal(t.comm, "sg (te) std");
	assert_int_equal(t.state, 'T');
	assert_int_equal(t.utime, 17);
	assert_int_equal(t.stime, 4);
	assert_int_equal(sg_ev_parse_task_stat("12 (x) S 1 2", &t), -EINVAL);
	assert_int_equal(sg_ev_parse_task_stat("12 x S 1 2 3 4 5 6 7 8 9 10 11 12 13", &t), -EINVAL);
	assert_int_equal(sg_ev_parse_task_stat("", &t), -EINVAL);
}

static void test_status_kb_and_flat_keys(void **state)
{
	int64_t kb = -1;
	uint64_t v = 99;

	(void)state;
	assert_int_equal(sg_ev_parse_status_kb(status_fixture, "VmRSS", &kb), 0);
	assert_int_equal(kb, 1536);
	assert_int_equal(sg_ev_parse_status_kb(status_fixture, "VmHWM", &kb), 0);
	assert_int_equal(kb, 1880);
	assert_int_equal(sg_ev_parse_status_kb(status_fixture, "VmSwap", &kb), -ENOENT);
	/* a key that is the start of another is not it */
	assert_int_equal(sg_ev_parse_status_kb("VmRSSx:\t5 kB\n", "VmRSS", &kb), -ENOENT);
	assert_int_equal(sg_ev_parse_flat_key(events_fixture, "oom_kill", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(sg_ev_parse_flat_key(events_fixture, "oom", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(sg_ev_parse_flat_key(events_fixture, "oom_group", &v), -ENOENT);
}

static void fill(struct sg_evidence *e)
{
	static const char *const w[] = { "do_signal_stop", "pipe_read", "do_signal_stop" };

	sg_ev_init(e);
	snprintf(e->reason, sizeof(e->reason), "no WATCHDOG=1 within 200 ms (daemon hung?)");
	snprintf(e->name, sizeof(e->name), "web:0");
	snprintf(e->when, sizeof(e->when), "2026-12-04T04:30:00.123Z");
	e->instance = 3;
	e->pid = 4242;
	for (unsigned int i = 0; i < 3; i++) {
		e->task[i].tid = 4242 + (int)i;
		e->task[i].state = i == 1 ? 'S' : 'T';
		snprintf(e->task[i].wchan, sizeof(e->task[i].wchan), "%s", w[i]);
		snprintf(e->task[i].comm, sizeof(e->task[i].comm), "sg-testd");
	}
	e->ntasks = e->tasks_seen = 3;
	e->rss_kb = 1536;
	e->hwm_kb = 1880;
	e->has_cpu = 1;
	e->utime = 17;
	e->stime = 4;
	e->clk_tck = 100;
	snprintf(e->status, sizeof(e->status), "serving 12 clients");
	snprintf(e->stack, sizeof(e->stack), "[<0>] do_signal_stop+0x1/0x2\n[<0>] get_signal+0x3/0x4\n");
	e->capture_us = 2345;
}

/* The summary: the reason, the threads grouped by state and wchan, VmRSS
 * and the last STATUS=. */
static void test_summary_groups_threads(void **state)
{
	struct sg_evidence e;
	char s[256];

	(void)state;
	fill(&e);
	sg_ev_summary(&e, s, sizeof(s));
	assert_string_equal(s, "no WATCHDOG=1 within 200 ms (daemon hung?); 3 threads: T do_signal_stop x2, "
			       "S pipe_read; VmRSS 1536 kB; STATUS=serving 12 clients");
	/* cut to the buffer, still terminated */
	sg_ev_summary(&e, s, 20);
	assert_int_equal(strlen(s), 19);
}

/* What the daemon controls cannot make a line of its own. */
static void test_daemon_text_stays_on_its_line(void **state)
{
	struct sg_evidence e;
	char rec[8192], s[256];

	(void)state;
	fill(&e);
	snprintf(e.status, sizeof(e.status), "ok\nsummary: forged");
	snprintf(e.task[0].comm, sizeof(e.task[0].comm), "x\ny");
	sg_ev_summary(&e, s, sizeof(s));
	assert_lacks(s, "\n");
	sg_ev_format(&e, rec, sizeof(rec));
	assert_lacks(rec, "\nsummary: forged");
	assert_contains(rec, "last STATUS=: ok summary: forged\n");
	assert_contains(rec, "comm x y\n");
}

static void test_record_has_every_part(void **state)
{
	struct sg_evidence e;
	char rec[8192];
	size_t len;

	(void)state;
	fill(&e);
	e.mem_current = 4194304;
	snprintf(e.after, sizeof(e.after), "SIGABRT: died of signal 6 (SIGABRT) after 12 ms");
	len = sg_ev_format(&e, rec, sizeof(rec));
	assert_int_equal(len, strlen(rec));
	assert_int_equal(strncmp(rec, "samguard failure record\nsummary: no WATCHDOG=1",
				 strlen("samguard failure record\nsummary: no WATCHDOG=1")), 0);
	assert_contains(rec, "\nresource: web:0\ninstance: 3\ntime: 2026-12-04T04:30:00.123Z\npid: 4242\n");
	assert_contains(rec, "threads: 3 (3 recorded)\n");
	assert_contains(rec, "  tid 4242 state T wchan do_signal_stop utime 0 stime 0 comm sg-testd\n");
	assert_contains(rec, "  tid 4243 state S wchan pipe_read ");
	assert_contains(rec, "memory: VmRSS 1536 kB, VmHWM 1880 kB\n");
	assert_contains(rec, "cgroup memory.current: 4194304 bytes (4096 kB)\n");
	assert_contains(rec, "cpu: utime 17 ticks (0.17 s), stime 4 ticks (0.04 s)\n");
	assert_contains(rec, "last STATUS=: serving 12 clients\n");
	assert_contains(rec, "after: SIGABRT: died of signal 6 (SIGABRT) after 12 ms\n");
	assert_contains(rec, "capture: 2.345 ms\n");
	assert_contains(rec, "kernel stack (/proc/4242/stack):\n[<0>] do_signal_stop+0x1/0x2\n");
	/* unknowns are said to be so */
	sg_ev_init(&e);
	e.pid = 7;
	e.stack_err = EACCES;
	sg_ev_format(&e, rec, sizeof(rec));
	assert_contains(rec, "memory: VmRSS -, VmHWM -\ncgroup memory.current: - (no memory controller)\n");
	assert_contains(rec, "last STATUS=: (none)\n");
	assert_contains(rec, "kernel stack: not readable (Permission denied)\n");
	/* a small buffer: cut, terminated */
	fill(&e);
	len = sg_ev_format(&e, rec, 64);
	assert_int_equal(len, 63);
	assert_int_equal(strlen(rec), 63);
}

static void test_oom_record(void **state)
{
	struct sg_evidence e;
	char rec[4096];

	(void)state;
	sg_ev_init(&e);
	snprintf(e.reason, sizeof(e.reason), "killed by the OOM killer (memory.events oom_kill 0 -> 1)");
	e.pid = 99;
	e.oom = 1;
	e.oom_before = 0;
	e.oom_after = 1;
	e.mem_max = 33554432;
	sg_ev_format(&e, rec, sizeof(rec));
	assert_contains(rec, "summary: killed by the OOM killer (memory.events oom_kill 0 -> 1)\n");
	assert_contains(rec, "oom: killed by the OOM killer (memory.events oom_kill 0 -> 1)\n");
	assert_contains(rec, "cgroup memory.max: 33554432 bytes (32768 kB)\n");
	assert_lacks(rec, "kernel stack");
}

static void *sleeper(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/* On a live process: this one, with a second thread asleep. */
static void test_capture_of_a_live_process(void **state)
{
	struct sg_evidence e;
	pthread_t th;
	uint64_t v;
	int sleeping = 0;

	(void)state;
	assert_int_equal(pthread_create(&th, NULL, sleeper, NULL), 0);
	sg_ev_init(&e);
	assert_int_equal(sg_ev_capture(getpid(), -1, SG_EV_BUDGET_MS, &e), 0);
	assert_int_equal(e.pid, getpid());
	assert_int_equal(e.tasks_seen, 2);
	assert_int_equal(e.ntasks, 2);
	for (unsigned int i = 0; i < e.ntasks; i++) {
		assert_true(e.task[i].tid > 0);
		assert_true(e.task[i].state != '?');
		sleeping += e.task[i].tid != getpid();
	}
	assert_int_equal(sleeping, 1);
	assert_true(e.rss_kb > 0);
	assert_true(e.hwm_kb >= e.rss_kb);
	assert_int_equal(e.has_cpu, 1);
	assert_int_equal(e.mem_current, -1);
	assert_true(e.capture_us > 0);
	printf("measured: capture of 2 threads %llu us\n", (unsigned long long)e.capture_us);
	/* root reads the kernel stack; others get a reason */
	if (geteuid() == 0)
		assert_true(e.stack_err == 0 || e.stack_err == ENOENT);
	else
		assert_true(e.stack_err != 0);
	pthread_cancel(th);
	pthread_join(th, NULL);
	/* a pid that is gone */
	sg_ev_init(&e);
	assert_int_equal(sg_ev_capture(0x3ffffff, -1, SG_EV_BUDGET_MS, &e), -ENOENT);
	assert_int_equal(e.ntasks, 0);
	assert_int_equal(sg_ev_oom_kills(-1, &v), -ENOENT);
	assert_int_equal(sg_ev_capture_cgroup(-1, &e), -ENOENT);
	/* no budget at all: nothing per thread, marked truncated */
	sg_ev_init(&e);
	assert_int_equal(sg_ev_capture(getpid(), -1, 0, &e), 0);
	assert_int_equal(e.ntasks, 0);
	assert_int_equal(e.tasks_seen, 1);
	assert_int_equal(e.truncated, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_stat_fields_after_the_last_parenthesis),
		cmocka_unit_test(test_status_kb_and_flat_keys),
		cmocka_unit_test(test_summary_groups_threads),
		cmocka_unit_test(test_daemon_text_stays_on_its_line),
		cmocka_unit_test(test_record_has_every_part),
		cmocka_unit_test(test_oom_record),
		cmocka_unit_test(test_capture_of_a_live_process),
	};

	return sg_run_tests("evidence", tests, NULL, NULL);
}
