/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_notify_clients.c - unit tests for lib/notify_clients.c: the table of processes
 * registered through a heartbeat-shim library, their heartbeat deadlines,
 * pings, counters and escalation. Pure: times are passed in (ms).
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_notify_clients.c lib/notify_clients.c lib/notify.c lib/util.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "notify_clients.h"
#include "notify.h"

static struct sg_notify_clients tbl;

static int setup(void **state)
{
	(void)state;
	sg_notify_clients_init(&tbl);
	return 0;
}

/* A message as parsed from text, sent from an answerable address. */
static struct sg_notify_msg msg(const char *text)
{
	struct sg_notify_msg m;

	memset(&m, 0, sizeof(m));
	sg_notify_parse(text, strlen(text), &m);
	m.from.sun_family = AF_UNIX;
	memcpy(m.from.sun_path, "\0abcde", 6);
	m.fromlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 6);
	return m;
}

/* Register pid at now and apply the registration message text. */
static struct sg_notify_client *reg(pid_t pid, const char *text, uint64_t now)
{
	struct sg_notify_msg m = msg(text);
	struct sg_notify_client_effects fx;
	struct sg_notify_client *c = NULL;

	assert_int_equal(sg_notify_client_validate(&m), 0);
	assert_int_equal(sg_notify_clients_add(&tbl, pid, 0, m.client[0] ? m.client : "apphb", now, &c), 0);
	assert_non_null(c);
	assert_int_equal(sg_notify_client_apply(c, &m, 1, now, &fx), 0);
	return c;
}

static void apply(struct sg_notify_client *c, const char *text, uint64_t now, struct sg_notify_client_effects *fx)
{
	struct sg_notify_msg m = msg(text);

	assert_int_equal(sg_notify_client_validate(&m), 0);
	assert_int_equal(sg_notify_client_apply(c, &m, 1, now, fx), 0);
}

static void test_add_find_remove(void **state)
{
	struct sg_notify_client *c = NULL, *d = NULL;

	(void)state;
	assert_null(sg_notify_clients_find(&tbl, 10));
	assert_int_equal(sg_notify_clients_add(&tbl, 10, 1000, "apphb", 5, &c), 0);
	assert_int_equal(c->pid, 10);
	assert_int_equal(c->uid, 1000);
	assert_int_equal(c->pidfd, -1);
	assert_string_equal(c->api, "apphb");
	assert_ptr_equal(sg_notify_clients_find(&tbl, 10), c);
	assert_int_equal(sg_notify_clients_add(&tbl, 10, 0, "ha_gs", 5, &d), -EEXIST);
	assert_int_equal(sg_notify_clients_count(&tbl), 1);
	/* bad arguments */
	assert_int_equal(sg_notify_clients_add(&tbl, 0, 0, "apphb", 5, &d), -EINVAL);
	assert_int_equal(sg_notify_clients_add(&tbl, 11, 0, "", 5, &d), -EINVAL);
	assert_int_equal(sg_notify_clients_add(&tbl, 11, 0, NULL, 5, &d), -EINVAL);
	assert_int_equal(sg_notify_clients_add(&tbl, 11, 0, "sixteen-bytes-xx", 5, &d), -EINVAL);
	sg_notify_clients_remove(c);
	assert_null(sg_notify_clients_find(&tbl, 10));
	assert_int_equal(sg_notify_clients_count(&tbl), 0);
}

static void test_table_full_is_enospc(void **state)
{
	struct sg_notify_client *c;

	(void)state;
	for (int i = 0; i < SG_NOTIFY_CLIENTS_MAX; i++)
		assert_int_equal(sg_notify_clients_add(&tbl, 100 + i, 0, "apphb", 0, &c), 0);
	assert_int_equal(sg_notify_clients_add(&tbl, 999, 0, "apphb", 0, &c), -ENOSPC);
	/* one leaves, one more fits */
	sg_notify_clients_remove(sg_notify_clients_find(&tbl, 105));
	assert_int_equal(sg_notify_clients_add(&tbl, 999, 0, "apphb", 0, &c), 0);
	assert_int_equal(sg_notify_clients_count(&tbl), SG_NOTIFY_CLIENTS_MAX);
}

static void test_heartbeat_deadline(void **state)
{
	struct sg_notify_client_effects fx;
	char why[256];
	struct sg_notify_client *c;

	(void)state;
	/* no deadline until a period is set */
	c = reg(20, "X-SAMGUARD-CLIENT=apphb\nX-SAMGUARD-NAME=app/1\nREADY=1\n", 1000);
	assert_null(sg_notify_clients_overdue(&tbl, 999999, why, sizeof(why)));
	assert_true(sg_notify_clients_next_wake(&tbl) == UINT64_MAX);
	/* WATCHDOG_USEC arms it and counts as a beat */
	apply(c, "WATCHDOG_USEC=600000", 2000, &fx);
	assert_int_equal(c->wd_ms, 600);
	assert_true(sg_notify_clients_next_wake(&tbl) == 2601);
	assert_null(sg_notify_clients_overdue(&tbl, 2600, why, sizeof(why)));
	assert_ptr_equal(sg_notify_clients_overdue(&tbl, 2601, why, sizeof(why)), c);
	assert_string_equal(why, "apphb client 'app/1' (pid 20) sent no heartbeat within 600 ms (hung?)");
	/* a beat moves it */
	apply(c, "WATCHDOG=1", 2500, &fx);
	assert_null(sg_notify_clients_overdue(&tbl, 3100, why, sizeof(why)));
	assert_non_null(sg_notify_clients_overdue(&tbl, 3101, why, sizeof(why)));
	/* a new period at runtime takes effect at once (apphb_setinterval) */
	apply(c, "WATCHDOG_USEC=3000000", 3000, &fx);
	assert_null(sg_notify_clients_overdue(&tbl, 6000, why, sizeof(why)));
	assert_non_null(sg_notify_clients_overdue(&tbl, 6001, why, sizeof(why)));
	/* off: no deadline (apphb_setinterval(0)); a new period re-arms */
	apply(c, "X-SAMGUARD-WATCHDOG=off", 3500, &fx);
	assert_null(sg_notify_clients_overdue(&tbl, 100000, why, sizeof(why)));
	apply(c, "WATCHDOG_USEC=1", 100000, &fx);
	assert_int_equal(c->wd_ms, 1); /* 1 us rounds up to 1 ms, never to 0 */
	assert_non_null(sg_notify_clients_overdue(&tbl, 100002, why, sizeof(why)));
}

static void test_late_beat_warning(void **state)
{
	struct sg_notify_client_effects fx;
	struct sg_notify_client *c;

	(void)state;
	c = reg(21, "X-SAMGUARD-CLIENT=apphb\nWATCHDOG_USEC=5000000\nX-SAMGUARD-WARN-USEC=1000000\n", 0);
	apply(c, "WATCHDOG=1", 900, &fx);
	assert_true(fx.late_ms == 0);
	apply(c, "WATCHDOG=1", 1900, &fx);
	assert_true(fx.late_ms == 0); /* exactly the warning time is not late */
	apply(c, "WATCHDOG=1", 3400, &fx);
	assert_true(fx.late_ms == 1500);
	apply(c, "X-SAMGUARD-WARN-USEC=0", 3400, &fx);
	apply(c, "WATCHDOG=1", 9000, &fx);
	assert_true(fx.late_ms == 0);
}

static void test_ping_round_trip(void **state)
{
	struct sg_notify_client_effects fx;
	char why[256], text[64];
	struct sg_notify_client *c, *p;

	(void)state;
	c = reg(30,
		"X-SAMGUARD-CLIENT=ha_gs\nX-SAMGUARD-CHECK=ping\nX-SAMGUARD-CHECK-USEC=1000000\n"
		"X-SAMGUARD-CHECK-TIMEOUT-USEC=500000\n",
		0);
	assert_int_equal(c->check, SG_NOTIFY_CHECK_PING);
	assert_true(c->addrlen > 0);
	/* the first ping one interval after registering */
	assert_null(sg_notify_clients_ping_due(&tbl, 999));
	assert_true(sg_notify_clients_next_wake(&tbl) == 1000);
	p = sg_notify_clients_ping_due(&tbl, 1000);
	assert_ptr_equal(p, c);
	assert_int_equal(c->ping_seq, 1);
	/* one at a time */
	assert_null(sg_notify_clients_ping_due(&tbl, 1200));
	assert_true(sg_notify_clients_next_wake(&tbl) == 1501);
	/* answered in time, keeps the rhythm */
	apply(c, "X-SAMGUARD-PONG=1", 1300, &fx);
	assert_int_equal(fx.pong_ms, 300);
	assert_int_equal(c->ping_outstanding, 0);
	assert_null(sg_notify_clients_overdue(&tbl, 1800, why, sizeof(why)));
	assert_null(sg_notify_clients_ping_due(&tbl, 1999));
	assert_non_null(sg_notify_clients_ping_due(&tbl, 2000));
	/* a stale or wrong answer changes nothing */
	apply(c, "X-SAMGUARD-PONG=1", 2100, &fx);
	assert_int_equal(fx.stale_pong, 1);
	assert_int_equal(c->ping_outstanding, 1);
	/* unanswered: overdue after the limit */
	assert_null(sg_notify_clients_overdue(&tbl, 2500, why, sizeof(why)));
	assert_ptr_equal(sg_notify_clients_overdue(&tbl, 2501, why, sizeof(why)), c);
	snprintf(text, sizeof(text), "(pid 30) did not answer");
	assert_contains(why, text);
	assert_contains(why, "within 500 ms");
}

static void test_late_pong_gets_next_ping_at_once(void **state)
{
	struct sg_notify_client_effects fx;
	struct sg_notify_client *c;

	(void)state;
	/* limit longer than the interval: the next ping waits for the answer */
	c = reg(31,
		"X-SAMGUARD-CLIENT=ha_gs\nX-SAMGUARD-CHECK=ping\nX-SAMGUARD-CHECK-USEC=1000000\n"
		"X-SAMGUARD-CHECK-TIMEOUT-USEC=3000000\n",
		0);
	assert_non_null(sg_notify_clients_ping_due(&tbl, 1000));
	assert_null(sg_notify_clients_ping_due(&tbl, 2500));
	apply(c, "X-SAMGUARD-PONG=1", 2500, &fx);
	assert_int_equal(fx.pong_ms, 1500);
	assert_non_null(sg_notify_clients_ping_due(&tbl, 2500));
	assert_int_equal(c->ping_seq, 2);
}

static void test_counter(void **state)
{
	struct sg_notify_client *c;
	uint32_t v = 7;
	char why[256];

	(void)state;
	c = reg(40,
		"X-SAMGUARD-CLIENT=ha_gs\nX-SAMGUARD-CHECK=counter\nX-SAMGUARD-CHECK-USEC=1000000\n"
		"X-SAMGUARD-CHECK-TIMEOUT-USEC=1000000\nX-SAMGUARD-COUNTER=1000:4\n",
		0);
	assert_int_equal(c->check, SG_NOTIFY_CHECK_COUNTER);
	assert_true(c->counter_addr == 0x1000);
	/* the baseline at once */
	assert_ptr_equal(sg_notify_clients_sample_due(&tbl, 0), c);
	sg_notify_client_sample(c, &v, 0);
	assert_null(sg_notify_clients_sample_due(&tbl, 999));
	assert_ptr_equal(sg_notify_clients_sample_due(&tbl, 1000), c);
	v++;
	sg_notify_client_sample(c, &v, 1000);
	/* unchanged samples: overdue once interval + limit passed since the change */
	sg_notify_client_sample(c, &v, 2000);
	sg_notify_client_sample(c, &v, 3000);
	assert_null(sg_notify_clients_overdue(&tbl, 3000, why, sizeof(why)));
	assert_ptr_equal(sg_notify_clients_overdue(&tbl, 3001, why, sizeof(why)), c);
	assert_contains(why, "did not advance its responsiveness counter within 2000 ms");
	/* an unreadable counter is no progress */
	v++;
	sg_notify_client_sample(c, &v, 3001);
	sg_notify_client_sample(c, NULL, 4001);
	sg_notify_client_sample(c, NULL, 5001);
	assert_ptr_equal(sg_notify_clients_overdue(&tbl, 5002, why, sizeof(why)), c);
	/* the wake-up covers both the next sample and the deadline */
	assert_true(sg_notify_clients_next_wake(&tbl) == 5002);
}

static void test_validate(void **state)
{
	struct sg_notify_msg m;

	(void)state;
	m = msg("X-SAMGUARD-CLIENT=ha_gs\nX-SAMGUARD-CHECK=ping\nX-SAMGUARD-CHECK-USEC=1000\n");
	assert_int_equal(sg_notify_client_validate(&m), -EINVAL); /* no timeout */
	m = msg("X-SAMGUARD-CLIENT=ha_gs\nX-SAMGUARD-CHECK=counter\nX-SAMGUARD-CHECK-USEC=1000\n"
		"X-SAMGUARD-CHECK-TIMEOUT-USEC=1000\n");
	assert_int_equal(sg_notify_client_validate(&m), -EINVAL); /* no counter */
	m = msg("X-SAMGUARD-CLIENT=ha_gs\nX-SAMGUARD-CHECK=ping\nX-SAMGUARD-CHECK-USEC=1000\n"
		"X-SAMGUARD-CHECK-TIMEOUT-USEC=1000\n");
	assert_int_equal(sg_notify_client_validate(&m), 0);
	m.fromlen = sizeof(sa_family_t); /* cannot be pinged */
	assert_int_equal(sg_notify_client_validate(&m), -EINVAL);
	m = msg("X-SAMGUARD-ESCALATE=maybe\nWATCHDOG=1\n");
	assert_int_equal(sg_notify_client_validate(&m), -EINVAL);
	m = msg("X-SAMGUARD-CHECK=none\n");
	assert_int_equal(sg_notify_client_validate(&m), 0);
}

static void test_escalation(void **state)
{
	struct sg_notify_msg m;
	struct sg_notify_client_effects fx;
	struct sg_notify_client *a, *b;

	(void)state;
	a = reg(50, "X-SAMGUARD-CLIENT=apphb\n", 0);
	b = reg(51, "X-SAMGUARD-CLIENT=apphb\n", 0);
	assert_null(sg_notify_clients_escalating(&tbl));
	/* refused without permission, the rest still applied */
	m = msg("X-SAMGUARD-ESCALATE=1\nWATCHDOG_USEC=2000000\n");
	assert_int_equal(sg_notify_client_apply(a, &m, 0, 10, &fx), -EPERM);
	assert_int_equal(a->escalate, 0);
	assert_int_equal(a->wd_ms, 2000);
	assert_null(sg_notify_clients_escalating(&tbl));
	/* turning it off needs no permission */
	m = msg("X-SAMGUARD-ESCALATE=0\n");
	assert_int_equal(sg_notify_client_apply(a, &m, 0, 10, &fx), 0);
	m = msg("X-SAMGUARD-ESCALATE=1\n");
	assert_int_equal(sg_notify_client_apply(b, &m, 1, 10, &fx), 0);
	assert_ptr_equal(sg_notify_clients_escalating(&tbl), b);
	m = msg("X-SAMGUARD-ESCALATE=0\n");
	assert_int_equal(sg_notify_client_apply(b, &m, 1, 10, &fx), 0);
	assert_null(sg_notify_clients_escalating(&tbl));
}

static void test_gone_clients_are_not_judged(void **state)
{
	char why[256];
	struct sg_notify_client *c;

	(void)state;
	c = reg(60, "X-SAMGUARD-CLIENT=apphb\nWATCHDOG_USEC=100000\n", 0);
	c->gone = 1; /* the caller judges those: exited without unregistering */
	assert_null(sg_notify_clients_overdue(&tbl, 1000, why, sizeof(why)));
	assert_true(sg_notify_clients_next_wake(&tbl) == UINT64_MAX);
}

static void test_describe(void **state)
{
	char buf[128];
	struct sg_notify_client *c;

	(void)state;
	c = reg(70, "X-SAMGUARD-CLIENT=ha_gs\n", 0);
	assert_string_equal(sg_notify_client_describe(c, buf, sizeof(buf)), "ha_gs client (pid 70)");
	c = reg(71, "X-SAMGUARD-CLIENT=apphb\nX-SAMGUARD-NAME=lrmd/lrmd_71\n", 0);
	assert_string_equal(sg_notify_client_describe(c, buf, sizeof(buf)), "apphb client 'lrmd/lrmd_71' (pid 71)");
}

/* Huge periods saturate instead of wrapping into the past. */
static void test_no_overflow(void **state)
{
	char why[256];
	struct sg_notify_client *c;

	(void)state;
	c = reg(80,
		"X-SAMGUARD-CLIENT=ha_gs\nWATCHDOG_USEC=18446744073709551615\nX-SAMGUARD-CHECK=ping\n"
		"X-SAMGUARD-CHECK-USEC=18446744073709551615\nX-SAMGUARD-CHECK-TIMEOUT-USEC=18446744073709551615\n",
		UINT64_MAX - 10);
	assert_null(sg_notify_clients_overdue(&tbl, UINT64_MAX - 1, why, sizeof(why)));
	assert_true(sg_notify_clients_next_wake(&tbl) >= UINT64_MAX - 10);
	assert_null(sg_notify_clients_ping_due(&tbl, UINT64_MAX - 1));
	(void)c;
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_add_find_remove),
		T(test_table_full_is_enospc),
		T(test_heartbeat_deadline),
		T(test_late_beat_warning),
		T(test_ping_round_trip),
		T(test_late_pong_gets_next_ping_at_once),
		T(test_counter),
		T(test_validate),
		T(test_escalation),
		T(test_gone_clients_are_not_judged),
		T(test_describe),
		T(test_no_overflow),
	};
#undef T

	return sg_run_tests("clients", tests, NULL, NULL);
}
