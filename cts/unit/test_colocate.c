/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_colocate.c - unit tests for lib/colocate.c: sg_corosync_cpu, the
 * CPU the process named by corosync's pid file last ran on, and each
 * error on the way (no pid file, not a pid, no such process); moving the
 * calling thread to that CPU and back (sg_colocate_begin/_end), or
 * staying where it is when it cannot or need not move.
 *
 * The pid file's path is built in (SG_COROSYNC_PIDFILE, /run/corosync.pid):
 * the tests run as root with an empty tmpfs in place of its directory in a
 * mount namespace of their own (sg_test_private_dir_enter), so the
 * machine's corosync and its pid file are never seen nor touched; they are
 * skipped otherwise. "corosync" is a forked child pinned to one CPU. What
 * moving next to corosync gains is measured by bench and the attacker
 * suite; the stat line's CPU field is tested in test_samscan.c. */
#include "sg_test.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "colocate.h"

static struct sg_test_private_dir priv = { -1, -1 };
static pid_t kid = -1;
static cpu_set_t affinity;              /* ours before each test */

/* The directory of the pid file, where the tmpfs goes. */
static void pidfile_dir(char *buf, size_t n)
{
	char *slash;

	snprintf(buf, n, "%s", SG_COROSYNC_PIDFILE);
	slash = strrchr(buf, '/');
	if (slash == buf)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
}

static int setup(void **state)
{
	char dir[256];

	(void)state;
	kid = -1;
	unsetenv("SG_NO_COLOCATE");
	if (sched_getaffinity(0, sizeof(affinity), &affinity) != 0)
		return -1;
	if (geteuid() != 0)
		return 0;
	pidfile_dir(dir, sizeof(dir));
	if (sg_test_private_dir_enter(&priv, dir) != 0)
		fprintf(stderr, "no private %s: the tests are skipped\n", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (kid > 0) {
		kill(kid, SIGKILL);
		waitpid(kid, NULL, 0);
		kid = -1;
	}
	unsetenv("SG_NO_COLOCATE");
	if (sched_setaffinity(0, sizeof(affinity), &affinity) != 0)
		return -1;
	return sg_test_private_dir_leave(&priv) == 0 ? 0 : -1;
}

/* Only in the private directory: never write the machine's pid file. */
static void need_private_dir(void)
{
	if (priv.ns < 0)
		skip();
}

static void write_pidfile(const char *text)
{
	FILE *f = fopen(SG_COROSYNC_PIDFILE, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Fork a child that pins itself to cpu and waits; returns once it runs
 * there (it wrote a byte after sched_setaffinity returned). */
static pid_t pinned_child(int cpu)
{
	int p[2];
	char c;

	assert_int_equal(pipe(p), 0);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		cpu_set_t one;

		close(p[0]);
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one) != 0)
			_exit(1);
		if (write(p[1], "r", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	return kid;
}

static void kill_child(void)
{
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	kid = -1;
}

/* The CPU a process pinned to one CPU last ran on is that CPU, for every
 * CPU we may use (up to 8 of them). */
static void test_cpu_of_the_pinned_process(void **state)
{
	cpu_set_t allowed;
	char text[32];
	int tried = 0;

	(void)state;
	need_private_dir();
	assert_int_equal(sched_getaffinity(0, sizeof(allowed), &allowed), 0);
	for (int cpu = 0; cpu < CPU_SETSIZE && tried < 8; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		tried++;
		snprintf(text, sizeof(text), "%d\n", (int)pinned_child(cpu));
		write_pidfile(text);
		if (sg_corosync_cpu() != cpu)
			fail_msg("pid %d pinned to CPU %d: sg_corosync_cpu() = %d", (int)kid, cpu,
				 sg_corosync_cpu());
		kill_child();
	}
	assert_true(tried >= 1);
	printf("sg_corosync_cpu: checked on %d CPUs\n", tried);
}

/* The pid may end with a newline or a blank and more (pid files differ);
 * it is read again each time. */
static void test_pidfile_forms(void **state)
{
	char text[64];
	int cpu;

	(void)state;
	need_private_dir();
	cpu = sched_getcpu();
	assert_true(cpu >= 0);
	pinned_child(cpu);
	snprintf(text, sizeof(text), "%d", (int)kid);
	write_pidfile(text);
	assert_int_equal(sg_corosync_cpu(), cpu);
	snprintf(text, sizeof(text), "%d extra words\n", (int)kid);
	write_pidfile(text);
	assert_int_equal(sg_corosync_cpu(), cpu);
	/* the process is gone: the same file now names nobody */
	kill_child();
	assert_int_equal(sg_corosync_cpu(), -ESRCH);
}

/* No pid file: -ENOENT (corosync is not running). */
static void test_no_pidfile(void **state)
{
	(void)state;
	need_private_dir();
	assert_int_equal(access(SG_COROSYNC_PIDFILE, F_OK), -1);
	assert_int_equal(sg_corosync_cpu(), -ENOENT);
}

/* Whatever is not a pid in 1..INT32_MAX: -EINVAL. */
static void test_not_a_pid(void **state)
{
	static const char *const bad[] = {
		"", "\n", "abc\n", "0\n", "-1\n", "12abc\n", " 12\n", "2147483648\n",
		"99999999999999999999\n",
	};

	(void)state;
	need_private_dir();
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++) {
		write_pidfile(bad[i]);
		if (sg_corosync_cpu() != -EINVAL)
			fail_msg("pid file \"%s\": %d, want -EINVAL", bad[i], sg_corosync_cpu());
	}
}

/* A pid no process has: -ESRCH, not a CPU. */
static void test_no_such_process(void **state)
{
	char text[32];
	pid_t pid;

	(void)state;
	need_private_dir();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	snprintf(text, sizeof(text), "%d\n", (int)pid);
	write_pidfile(text);
	assert_int_equal(sg_corosync_cpu(), -ESRCH);
	/* the largest pid that parses, never a process */
	write_pidfile("2147483647\n");
	assert_int_equal(sg_corosync_cpu(), -ESRCH);
}

/* ------------------------------------------------ moving next to it */

/* Two CPUs we may use (skip with fewer). */
static void two_cpus(int *a, int *b)
{
	*a = *b = -1;
	for (int cpu = 0; cpu < CPU_SETSIZE && *b < 0; cpu++) {
		if (!CPU_ISSET(cpu, &affinity))
			continue;
		if (*a < 0)
			*a = cpu;
		else
			*b = cpu;
	}
	if (*b < 0)
		skip();
}

static void assert_affinity(int line, const cpu_set_t *want)
{
	cpu_set_t now;

	assert_int_equal(sched_getaffinity(0, sizeof(now), &now), 0);
	if (!CPU_EQUAL(&now, want))
		fail_msg("line %d: affinity has %d CPUs (want %d)", line, CPU_COUNT(&now), CPU_COUNT(want));
}

#define AFFINITY_IS(set) assert_affinity(__LINE__, (set))

static void pidfile_of(pid_t pid)
{
	char text[32];

	snprintf(text, sizeof(text), "%d\n", (int)pid);
	write_pidfile(text);
}

/* begin moves us onto corosync's CPU, alone; end puts the affinity we had
 * back, once. */
static void test_begin_moves_next_to_corosync_and_end_moves_back(void **state)
{
	struct sg_colocation c;
	cpu_set_t one;
	int a, b;

	(void)state;
	need_private_dir();
	two_cpus(&a, &b);
	for (int cpu = a; cpu >= 0; cpu = cpu == a ? b : -1) {
		pidfile_of(pinned_child(cpu));
		assert_int_equal(sg_colocate_begin(&c), cpu);
		assert_int_equal(c.moved, 1);
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		AFFINITY_IS(&one);
		assert_int_equal(sched_getcpu(), cpu);
		assert_true(CPU_EQUAL(&c.saved, &affinity));
		sg_colocate_end(&c);
		assert_int_equal(c.moved, 0);
		AFFINITY_IS(&affinity);
		/* twice is harmless: nothing saved any more */
		assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
		sg_colocate_end(&c);
		AFFINITY_IS(&one);
		assert_int_equal(sched_setaffinity(0, sizeof(affinity), &affinity), 0);
		kill_child();
	}
}

/* Where it cannot or need not move, it stays, says why, and end changes
 * nothing. */
static void test_begin_stays_when_it_cannot_or_need_not_move(void **state)
{
	struct sg_colocation c;
	cpu_set_t only_a;
	int a, b;

	(void)state;
	need_private_dir();
	two_cpus(&a, &b);

	/* switched off */
	pidfile_of(pinned_child(b));
	setenv("SG_NO_COLOCATE", "1", 1);
	memset(&c, 0xff, sizeof(c));        /* whatever it held: begin sets moved */
	assert_int_equal(sg_colocate_begin(&c), -ECANCELED);
	assert_int_equal(c.moved, 0);
	AFFINITY_IS(&affinity);
	sg_colocate_end(&c);
	AFFINITY_IS(&affinity);
	unsetenv("SG_NO_COLOCATE");

	/* corosync's CPU is not one we may use */
	CPU_ZERO(&only_a);
	CPU_SET(a, &only_a);
	assert_int_equal(sched_setaffinity(0, sizeof(only_a), &only_a), 0);
	memset(&c, 0xff, sizeof(c));
	assert_int_equal(sg_colocate_begin(&c), -EPERM);
	assert_int_equal(c.moved, 0);
	sg_colocate_end(&c);
	AFFINITY_IS(&only_a);
	kill_child();

	/* we may use only its CPU: there already, nothing to undo */
	pidfile_of(pinned_child(a));
	memset(&c, 0xff, sizeof(c));
	assert_int_equal(sg_colocate_begin(&c), a);
	assert_int_equal(c.moved, 0);
	sg_colocate_end(&c);
	AFFINITY_IS(&only_a);
	assert_int_equal(sched_setaffinity(0, sizeof(affinity), &affinity), 0);
	kill_child();

	/* no corosync: its error */
	unlink(SG_COROSYNC_PIDFILE);
	memset(&c, 0xff, sizeof(c));
	assert_int_equal(sg_colocate_begin(&c), -ENOENT);
	assert_int_equal(c.moved, 0);
	sg_colocate_end(&c);
	AFFINITY_IS(&affinity);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_cpu_of_the_pinned_process),
		T(test_pidfile_forms),
		T(test_no_pidfile),
		T(test_not_a_pid),
		T(test_no_such_process),
		T(test_begin_moves_next_to_corosync_and_end_moves_back),
		T(test_begin_stays_when_it_cannot_or_need_not_move),
	};
#undef T

	return sg_run_tests("colocate", tests, NULL, NULL);
}
