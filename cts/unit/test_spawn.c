/* test_spawn.c - unit tests for lib/spawn.c: the environment a spawned
 * program sees (extra variables, removed ones, and a variable holding the
 * program's own pid, as systemd's WATCHDOG_PID), and exec failures.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_spawn.c lib/spawn.c lib/util.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

static char out[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(out, sizeof(out), "/tmp/sg-test-spawn.XXXXXX");
	fd = mkstemp(out);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(out);
	return 0;
}

/* Run /usr/bin/env with o's settings; wait; return its output. */
static char *run_env(struct sg_spawn_opts *o, pid_t *pid)
{
	static char buf[16384];
	char *const argv[] = { "env", NULL };
	char err[256];
	FILE *f;
	size_t n;
	int status;

	o->path = "/usr/bin/env";
	o->argv = argv;
	o->out_path = out;
	*pid = sg_spawn(o, err, sizeof(err));
	assert_true(*pid > 0);
	assert_int_equal(waitpid(*pid, &status, 0), *pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	f = fopen(out, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void test_pid_variable_is_the_programs_own_pid(void **state)
{
	static const char *const set[] = { "WATCHDOG_USEC=400000", NULL };
	struct sg_spawn_opts o = { .env_set = set, .env_pid_name = "WATCHDOG_PID" };
	char want[64], *env;
	pid_t pid;

	(void)state;
	setenv("WATCHDOG_PID", "1", 1); /* an inherited value does not survive */
	env = run_env(&o, &pid);
	unsetenv("WATCHDOG_PID");
	snprintf(want, sizeof(want), "\nWATCHDOG_PID=%d\n", (int)pid);
	assert_non_null(strstr(env, want));
	assert_null(strstr(env, "WATCHDOG_PID=1\n"));
	assert_non_null(strstr(env, "WATCHDOG_USEC=400000\n"));
	assert_int_not_equal(pid, getpid());
}

static void test_no_pid_variable_unless_asked(void **state)
{
	static const char *const unset[] = { "WATCHDOG_PID", NULL };
	struct sg_spawn_opts o = { .env_unset = unset };
	pid_t pid;

	(void)state;
	setenv("WATCHDOG_PID", "1", 1);
	assert_null(strstr(run_env(&o, &pid), "WATCHDOG_PID="));
	unsetenv("WATCHDOG_PID");
}

static void test_exec_failure_is_reported(void **state)
{
	char *const argv[] = { "nope", NULL };
	struct sg_spawn_opts o = { .path = "/nonexistent/program", .argv = argv, .env_pid_name = "WATCHDOG_PID" };
	char err[256] = "";

	(void)state;
	assert_int_equal(sg_spawn(&o, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "cannot execute /nonexistent/program"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pid_variable_is_the_programs_own_pid),
		T(test_no_pid_variable_unless_asked),
		T(test_exec_failure_is_reported),
	};
#undef T

	return cmocka_run_group_tests_name("spawn", tests, NULL, NULL);
}
