/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ha_gs.c - unit tests for heartbeat-shim/ha_gs.c (libha_gs.so):
 * return codes, the registration datagram, and responsiveness pings
 * answered from ha_gs_dispatch in the caller's thread, against a fake
 * supervisor (a thread on a socket of our own, named by $NOTIFY_SOCKET).
 *
 * Built by mk/shim.mk against the shared library itself. */
#include "sg_test.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ha_gs.h"
#include "notify.h"
#include "util.h"

#define LOG_MAX 64

/* The fake supervisor. */
static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	int fd;
	int stop_pipe[2];
	int answer;             /* errno to answer requests with, -1: stay silent */
	unsigned int n;
	char log[LOG_MAX][SG_NOTIFY_MAX];
	pid_t sender[LOG_MAX];
	struct sockaddr_un from;   /* the last sender's address, to ping it */
	socklen_t fromlen;
} sup = { .lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1 };

static unsigned int seq;

static void *supervisor(void *arg)
{
	(void)arg;
	for (;;) {
		struct pollfd p[2] = { { .fd = sup.fd, .events = POLLIN }, { .fd = sup.stop_pipe[0], .events = POLLIN } };
		struct sg_notify_msg m;
		char raw[SG_NOTIFY_MAX];

		if (poll(p, 2, -1) < 0 || p[1].revents)
			return NULL;
		/* peek the text for the log, then parse it the supervisor's way */
		memset(raw, 0, sizeof(raw));
		if (recv(sup.fd, raw, sizeof(raw) - 1, MSG_PEEK | MSG_DONTWAIT) < 0)
			continue;
		if (sg_notify_recv(sup.fd, &m) != 1)
			continue;
		pthread_mutex_lock(&sup.lock);
		if (sup.n < LOG_MAX) {
			memcpy(sup.log[sup.n], raw, sizeof(raw));
			sup.sender[sup.n] = m.sender;
			sup.n++;
		}
		sup.from = m.from;
		sup.fromlen = m.fromlen;
		if (m.has_request && sup.answer >= 0) {
			char buf[96];

			snprintf(buf, sizeof(buf), "X-SAMGUARD-REPLY=%u\nX-SAMGUARD-ERRNO=%d\n", m.request, sup.answer);
			sg_notify_sendto(sup.fd, &m.from, m.fromlen, buf);
		}
		pthread_mutex_unlock(&sup.lock);
	}
}

/* the supervisor's socket: a path, as samguard-run makes it */
static char sock_path[128];

static int setup(void **state)
{
	char env[128];

	(void)state;
	snprintf(sock_path, sizeof(sock_path), "/tmp/sg-unit-hags-%d-%u", (int)getpid(), seq++);
	sup.fd = sg_notify_open_path(sock_path, getuid(), getgid(), env, sizeof(env));
	if (sup.fd < 0 || pipe(sup.stop_pipe) != 0)
		return -1;
	sup.answer = 0;
	sup.n = 0;
	setenv("NOTIFY_SOCKET", env, 1);
	return pthread_create(&sup.thread, NULL, supervisor, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ha_gs_quit(); /* leave the library uninitialized for the next test */
	(void)!write(sup.stop_pipe[1], "x", 1);
	pthread_join(sup.thread, NULL);
	close(sup.stop_pipe[0]);
	close(sup.stop_pipe[1]);
	close(sup.fd);
	sup.fd = -1;
	unlink(sock_path);
	unsetenv("NOTIFY_SOCKET");
	return 0;
}

/* The last datagram that arrived (waits up to 2 s for count to reach n). */
static const char *nth(unsigned int n)
{
	static char copy[SG_NOTIFY_MAX];

	for (int i = 0; i < 200; i++) {
		pthread_mutex_lock(&sup.lock);
		if (sup.n >= n) {
			memcpy(copy, sup.log[n - 1], sizeof(copy));
			pthread_mutex_unlock(&sup.lock);
			return copy;
		}
		pthread_mutex_unlock(&sup.lock);
		sg_sleep_ms(10);
	}
	fail_msg("datagram %u never arrived", n);
	return "";
}

static unsigned int received(void)
{
	unsigned int n;

	pthread_mutex_lock(&sup.lock);
	n = sup.n;
	pthread_mutex_unlock(&sup.lock);
	return n;
}

static void answer(int err)
{
	pthread_mutex_lock(&sup.lock);
	sup.answer = err;
	pthread_mutex_unlock(&sup.lock);
}

/* Send a datagram to the library's descriptor, as the supervisor does. */
static void ping(unsigned int seq)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "X-SAMGUARD-PING=%u\n", seq);
	pthread_mutex_lock(&sup.lock);
	assert_int_equal(sg_notify_sendto(sup.fd, &sup.from, sup.fromlen, buf), 0);
	pthread_mutex_unlock(&sup.lock);
}

static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

static int calls;
static ha_gs_callback_rc_t verdict;
static ha_gs_responsiveness_notification_t seen;
static pthread_t caller;

static ha_gs_callback_rc_t callback(const ha_gs_responsiveness_notification_t *n)
{
	calls++;
	seen = *n;
	caller = pthread_self();
	return verdict;
}

static const ha_gs_responsiveness_t ping_control = {
	.gs_responsiveness_type = HA_GS_PING_RESPONSIVENESS,
	.gs_responsiveness_interval = 2,
	.gs_responsiveness_response_time_limit = 1,
};

static void reset_callback(void)
{
	calls = 0;
	verdict = HA_GS_CALLBACK_OK;
	memset(&seen, 0, sizeof(seen));
}

static void test_bad_parameters(void **state)
{
	ha_gs_responsiveness_t r = ping_control;
	ha_gs_descriptor_t d;
	uint32_t word;

	(void)state;
	assert_int_equal(ha_gs_init(NULL, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, NULL, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	/* signals on message arrival are not offered */
	assert_int_equal(ha_gs_init(&d, 0, &r, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	assert_int_equal(ha_gs_init(&d, HA_GS_ENABLE_ADAPTER_INFO, &r, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	assert_int_equal(ha_gs_init(&d, 0x4 | HA_GS_SOCKET_NO_SIGNAL, &r, NULL, callback, NULL, NULL),
			 HA_GS_BAD_PARAMETER);
	/* ping needs a callback and positive times */
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_BAD_PARAMETER);
	r.gs_responsiveness_interval = 0;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	r = ping_control;
	r.gs_responsiveness_response_time_limit = -1;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	r.gs_responsiveness_response_time_limit = 86401;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, callback, NULL, NULL), HA_GS_BAD_PARAMETER);
	/* counter: a location and 1, 2, 4 or 8 bytes */
	r = ping_control;
	r.gs_responsiveness_type = HA_GS_COUNTER_RESPONSIVENESS;
	r.gs_counter_length = 4;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_BAD_PARAMETER);
	r.gs_counter_location = &word;
	r.gs_counter_length = 3;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_BAD_PARAMETER);
	r.gs_counter_length = 0;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_BAD_PARAMETER);
	r.gs_responsiveness_type = (ha_gs_responsiveness_type_t)9;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_BAD_PARAMETER);
	assert_int_equal(received(), 0);
}

static void test_calls_before_init(void **state)
{
	(void)state;
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_NO_INIT);
	assert_int_equal(ha_gs_dispatch(HA_GS_BLOCKING), HA_GS_NO_INIT);
	assert_int_equal(ha_gs_dispatch((ha_gs_dispatch_flag_t)2), HA_GS_BAD_PARAMETER);
	assert_int_equal(ha_gs_quit(), HA_GS_NO_INIT);
}

static void test_no_supervisor(void **state)
{
	ha_gs_descriptor_t d = -1;

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	errno = 0;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_NOT_OK);
	assert_int_equal(errno, EBADF);
	assert_int_equal(d, -1);
	setenv("NOTIFY_SOCKET", "@samguard/nobody-listens-here", 1);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_NOT_OK);
	assert_int_equal(errno, EBADF);
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_NO_INIT);
}

static void test_init_registers_a_ping_check(void **state)
{
	ha_gs_descriptor_t d = -1;
	const char *m;

	(void)state;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL | HA_GS_ENABLE_ADAPTER_INFO, &ping_control,
				    "/bin/false", callback, NULL, NULL),
			 HA_GS_OK);
	assert_true(d >= 0);
	m = nth(1);
	assert_contains(m, "X-SAMGUARD-CLIENT=ha_gs\n");
	assert_contains(m, "X-SAMGUARD-NAME=test_ha_gs\n");
	assert_contains(m, "\nREADY=1\n");
	assert_contains(m, "X-SAMGUARD-CHECK=ping\n");
	/* seconds, as GS takes them */
	assert_contains(m, "X-SAMGUARD-CHECK-USEC=2000000\n");
	assert_contains(m, "X-SAMGUARD-CHECK-TIMEOUT-USEC=1000000\n");
	assert_lacks(m, "COUNTER");
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_EXISTS);
	assert_int_equal(received(), 1);
}

static void test_counter_and_none(void **state)
{
	static volatile uint64_t counter;
	ha_gs_responsiveness_t r = { .gs_responsiveness_type = HA_GS_COUNTER_RESPONSIVENESS,
				     .gs_responsiveness_interval = 3,
				     .gs_responsiveness_response_time_limit = 2,
				     .gs_counter_location = (void *)&counter,
				     .gs_counter_length = 8 };
	ha_gs_descriptor_t d;
	char want[64];

	(void)state;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_OK);
	snprintf(want, sizeof(want), "X-SAMGUARD-COUNTER=%llx:8\n", (unsigned long long)(uintptr_t)&counter);
	assert_contains(nth(1), want);
	assert_contains(nth(1), "X-SAMGUARD-CHECK=counter\n");
	assert_contains(nth(1), "X-SAMGUARD-CHECK-USEC=3000000\n");
	assert_int_equal(ha_gs_quit(), HA_GS_OK);
	assert_contains(nth(2), "X-SAMGUARD-UNREGISTER=1\n");
	r.gs_responsiveness_type = HA_GS_NO_RESPONSIVENESS;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &r, NULL, NULL, NULL, NULL), HA_GS_OK);
	assert_contains(nth(3), "X-SAMGUARD-CHECK=none\n");
}

static void test_supervisor_refusals(void **state)
{
	ha_gs_descriptor_t d;

	(void)state;
	answer(ENOSPC);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_NOT_OK);
	assert_int_equal(errno, ENOSPC);
	answer(EPERM);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_NOT_OK);
	assert_int_equal(errno, EPERM);
	answer(EINVAL);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL),
			 HA_GS_BAD_PARAMETER);
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_NO_INIT);
	answer(0);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_OK);
}

/* The callback runs inside ha_gs_dispatch, in the caller's thread, with a
 * copy of the control; OK is answered with the ping's sequence number. */
static void test_ping_is_answered_from_dispatch(void **state)
{
	ha_gs_descriptor_t d;

	(void)state;
	reset_callback();
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_OK);
	nth(1);
	/* nothing pending: returns at once, no callback */
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_OK);
	assert_int_equal(calls, 0);
	ping(41);
	assert_true(readable(d, 2000));
	assert_int_equal(calls, 0); /* nothing happens until the program dispatches */
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_OK);
	assert_int_equal(calls, 1);
	assert_true(pthread_equal(caller, pthread_self()));
	assert_int_equal(seen.gs_notification_type, HA_GS_RESPONSIVENESS_NOTIFICATION);
	assert_memory_equal(&seen.gs_responsiveness_information, &ping_control, sizeof(ping_control));
	assert_string_equal(nth(2), "X-SAMGUARD-PONG=41\n");
	/* two pending pings, one dispatch */
	ping(42);
	ping(43);
	assert_true(readable(d, 2000)); /* a datagram is queued when sendto returns: both are there */
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_OK);
	assert_int_equal(calls, 3);
	assert_string_equal(nth(4), "X-SAMGUARD-PONG=43\n");
	assert_false(readable(d, 0));
}

static void test_not_ok_is_reported(void **state)
{
	ha_gs_descriptor_t d;

	(void)state;
	reset_callback();
	verdict = HA_GS_CALLBACK_NOT_OK;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_OK);
	nth(1);
	ping(1);
	assert_true(readable(d, 2000));
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_OK);
	assert_int_equal(calls, 1);
	assert_string_equal(nth(2), "X-SAMGUARD-FAILED=responsiveness callback returned HA_GS_CALLBACK_NOT_OK\n");
}

static void test_quit(void **state)
{
	ha_gs_descriptor_t d;

	(void)state;
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_OK);
	assert_int_equal(ha_gs_quit(), HA_GS_OK);
	assert_contains(nth(2), "X-SAMGUARD-UNREGISTER=1\n");
	assert_int_equal(ha_gs_dispatch(HA_GS_NON_BLOCKING), HA_GS_NO_INIT);
	assert_int_equal(ha_gs_quit(), HA_GS_NO_INIT);
	assert_int_equal(ha_gs_init(&d, HA_GS_SOCKET_NO_SIGNAL, &ping_control, NULL, callback, NULL, NULL), HA_GS_OK);
}

static void test_group_calls_are_not_supported(void **state)
{
	ha_gs_token_t t = 0;

	(void)state;
	assert_int_equal(ha_gs_join(&t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_leave(t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_goodbye(t), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_expel(t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_vote(t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_change_state_value(t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_change_attributes(t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_send_message(t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_subscribe(&t, NULL), HA_GS_NOT_SUPPORTED);
	assert_int_equal(ha_gs_unsubscribe(t), HA_GS_NOT_SUPPORTED);
	assert_int_equal(received(), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_bad_parameters),
		T(test_calls_before_init),
		T(test_no_supervisor),
		T(test_init_registers_a_ping_check),
		T(test_counter_and_none),
		T(test_supervisor_refusals),
		T(test_ping_is_answered_from_dispatch),
		T(test_not_ok_is_reported),
		T(test_quit),
		T(test_group_calls_are_not_supported),
	};
#undef T

	return sg_run_tests("ha_gs", tests, NULL, NULL);
}
