/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_apphb.c - unit tests for heartbeat-shim/apphb.c (libapphb.so): the
 * original API's return and errno conventions and the datagrams each call
 * sends, against a fake supervisor (a thread on a socket of our own, named
 * by $NOTIFY_SOCKET) that records what arrives and answers requests.
 *
 * Built by mk/shim.mk against the shared library itself. */
#include "sg_test.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apphb.h"
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
	snprintf(sock_path, sizeof(sock_path), "/tmp/sg-unit-apphb-%d-%u", (int)getpid(), seq++);
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
	apphb_unregister(); /* leave the library unregistered for the next test */
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

#define assert_fails(call, err)                                 \
	do {                                                    \
		errno = 0;                                      \
		assert_int_equal((call), -1);                   \
		assert_int_equal(errno, (err));                 \
	} while (0)

static void test_no_supervisor_is_ebadf(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_fails(apphb_register("app", "1"), EBADF);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	assert_fails(apphb_register("app", "1"), EBADF);
	setenv("NOTIFY_SOCKET", "vsock:2:1234", 1);
	assert_fails(apphb_register("app", "1"), EBADF);
	setenv("NOTIFY_SOCKET", "@samguard/nobody-listens-here", 1);
	assert_fails(apphb_register("app", "1"), EBADF);
	setenv("NOTIFY_SOCKET", "/nonexistent/socket", 1);
	assert_fails(apphb_register("app", "1"), EBADF);
	assert_int_equal(received(), 0);
}

static void test_calls_before_register_are_esrch(void **state)
{
	(void)state;
	assert_fails(apphb_hb(), ESRCH);
	assert_fails(apphb_unregister(), ESRCH);
	assert_fails(apphb_setinterval(1000), ESRCH);
	assert_fails(apphb_setinterval(0), ESRCH);
	assert_fails(apphb_setwarn(1000), ESRCH);
	assert_fails(apphb_setreboot(1), ESRCH);
	assert_fails(apphb_setreboot(0), ESRCH);
	assert_int_equal(received(), 0);
}

static void test_bad_names(void **state)
{
	char name[APPHB_OLEN + 1];

	(void)state;
	assert_fails(apphb_register(NULL, "1"), EINVAL);
	assert_fails(apphb_register("app", NULL), EINVAL);
	assert_fails(apphb_register("", "1"), EINVAL);
	memset(name, 'n', APPHB_OLEN);
	name[APPHB_OLEN] = '\0';
	assert_fails(apphb_register(name, "1"), ENAMETOOLONG);
	assert_fails(apphb_register("app", name), ENAMETOOLONG);
	assert_int_equal(received(), 0);
	/* APPHB_OLEN - 1 bytes fit; an empty instance is fine */
	name[APPHB_OLEN - 1] = '\0';
	assert_int_equal(apphb_register(name, ""), 0);
	assert_contains(nth(1), "X-SAMGUARD-NAME=nnnn");
}

static void test_register_message(void **state)
{
	const char *m;

	(void)state;
	assert_int_equal(apphb_register("lrmd", "lrmd_42\nREADY=0"), 0);
	m = nth(1);
	assert_contains(m, "X-SAMGUARD-CLIENT=apphb\n");
	/* a newline in a name cannot smuggle a key in */
	assert_contains(m, "X-SAMGUARD-NAME=lrmd/lrmd_42?READY=0\n");
	assert_lacks(m, "\nREADY=0");
	assert_contains(m, "\nREADY=1\n");
	/* apphb.h: the interval starts at 10 seconds */
	assert_contains(m, "WATCHDOG_USEC=10000000\n");
	assert_contains(m, "X-SAMGUARD-REQUEST=");
	pthread_mutex_lock(&sup.lock);
	assert_int_equal(sup.sender[0], getpid());
	pthread_mutex_unlock(&sup.lock);
}

static void test_register_twice_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(apphb_register("app", "1"), 0);
	assert_fails(apphb_register("app", "1"), EEXIST);
	assert_int_equal(received(), 1);
	/* after unregistering, again */
	assert_int_equal(apphb_unregister(), 0);
	assert_contains(nth(2), "X-SAMGUARD-UNREGISTER=1\n");
	assert_fails(apphb_hb(), ESRCH);
	assert_int_equal(apphb_register("app", "2"), 0);
}

static void test_supervisor_refusals(void **state)
{
	(void)state;
	answer(ENOSPC);
	assert_fails(apphb_register("app", "1"), ENOSPC);
	answer(EEXIST);
	assert_fails(apphb_register("app", "1"), EEXIST);
	/* not part of the supervised program: apphbd said EINVAL */
	answer(EPERM);
	assert_fails(apphb_register("app", "1"), EINVAL);
	answer(EINVAL);
	assert_fails(apphb_register("app", "1"), EINVAL);
	answer(EIO);
	assert_fails(apphb_register("app", "1"), EBADF);
	/* a refused registration leaves us unregistered */
	assert_fails(apphb_hb(), ESRCH);
	answer(0);
	assert_int_equal(apphb_register("app", "1"), 0);
}

/* A supervisor that does not answer: EBADF after the reply timeout. */
static void test_silent_supervisor_is_ebadf(void **state)
{
	uint64_t t0 = sg_now_mono_ms(), took;

	(void)state;
	answer(-1);
	assert_fails(apphb_register("app", "1"), EBADF);
	took = sg_now_mono_ms() - t0;
	assert_true(took >= 2900 && took < 10000);
	assert_fails(apphb_hb(), ESRCH);
}

static void test_setinterval_and_setwarn(void **state)
{
	(void)state;
	assert_int_equal(apphb_register("app", "1"), 0);
	assert_int_equal(apphb_setinterval(2000), 0);
	assert_string_equal(nth(2), "WATCHDOG_USEC=2000000\n");
	assert_int_equal(apphb_setinterval(0), 0);
	assert_string_equal(nth(3), "X-SAMGUARD-WATCHDOG=off\n");
	assert_int_equal(apphb_setinterval(86400000UL), 0);
	assert_fails(apphb_setinterval(86400001UL), EINVAL);
	assert_fails(apphb_setinterval((unsigned long)-1), EINVAL);
	assert_int_equal(apphb_setwarn(1500), 0);
	assert_string_equal(nth(5), "X-SAMGUARD-WARN-USEC=1500000\n");
	/* Heartbeat's library refused 0, whatever its header said */
	assert_fails(apphb_setwarn(0), EINVAL);
	assert_fails(apphb_setwarn(86400001UL), EINVAL);
	assert_int_equal(apphb_hb(), 0);
	assert_string_equal(nth(6), "WATCHDOG=1\n");
	assert_int_equal(received(), 6);
}

static void test_setreboot(void **state)
{
	(void)state;
	assert_int_equal(apphb_register("app", "1"), 0);
	answer(EPERM);
	assert_fails(apphb_setreboot(1), EPERM);
	assert_contains(nth(2), "X-SAMGUARD-ESCALATE=1\n");
	answer(0);
	assert_int_equal(apphb_setreboot(7), 0);
	assert_int_equal(apphb_setreboot(0), 0);
	assert_contains(nth(4), "X-SAMGUARD-ESCALATE=0\n");
	/* still registered after a refusal */
	assert_int_equal(apphb_hb(), 0);
}

/* apphb.h: "not inherited by child processes". */
static void test_registration_is_not_inherited(void **state)
{
	int p[2], status, r[3] = { 0, 0, 0 };
	pid_t pid;

	(void)state;
	assert_int_equal(apphb_register("parent", "1"), 0);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		errno = 0;
		r[0] = apphb_hb() == -1 ? errno : 0;
		/* the child registers on its own; the fake supervisor answers it */
		r[1] = apphb_register("child", "1") == 0 ? 0 : errno;
		r[2] = apphb_hb() == 0 ? 0 : errno;
		(void)!write(p[1], r, sizeof(r));
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], r, sizeof(r)), (ssize_t)sizeof(r));
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(r[0], ESRCH);
	assert_int_equal(r[1], 0);
	assert_int_equal(r[2], 0);
	/* the parent's registration is untouched */
	assert_int_equal(apphb_hb(), 0);
	assert_string_equal(nth(4), "WATCHDOG=1\n");
	pthread_mutex_lock(&sup.lock);
	assert_int_equal(sup.sender[1], pid);
	assert_int_equal(sup.sender[3], getpid());
	pthread_mutex_unlock(&sup.lock);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_no_supervisor_is_ebadf),
		T(test_calls_before_register_are_esrch),
		T(test_bad_names),
		T(test_register_message),
		T(test_register_twice_is_eexist),
		T(test_supervisor_refusals),
		T(test_silent_supervisor_is_ebadf),
		T(test_setinterval_and_setwarn),
		T(test_setreboot),
		T(test_registration_is_not_inherited),
	};
#undef T

	return sg_run_tests("apphb", tests, NULL, NULL);
}
