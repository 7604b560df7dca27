/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_attrd.c - unit tests for sg_attrd_run (lib/attrd.c) with a stand-in
 * attrd_updater: the arguments it gets (no shell between), success, its
 * exit status with its first stderr line, death by a signal, a program
 * that does not finish in time (killed: -ETIMEDOUT), one that is missing,
 * and a request that is no request.
 *
 * The program's path is built in (SG_ATTRD_UPDATER, /usr/sbin/...): the
 * tests run as root with an empty tmpfs in place of its directory in a
 * mount namespace of their own (sg_test_private_dir_enter), where a shell
 * script plays attrd_updater; the machine's is never run. They are skipped
 * otherwise. The argv itself is tested in test_samclient.c. */
#include "sg_test.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrd.h"

static struct sg_test_private_dir priv = { -1, -1 };
static char dir[256], args_file[300], pid_file[300];

/* The stand-in: records its arguments one a line, then behaves as the
 * attribute's name says. */
static const char script[] =
	"#!/bin/sh\n"
	"printf '%s\\n' \"$@\" > \"${0%/*}/args\"\n"
	"case \"$2\" in\n"
	"fail) echo 'no such node: nx' >&2; echo 'second line' >&2; exit 3 ;;\n"
	"quiet) exit 4 ;;\n"
	"signal) kill -TERM $$ ;;\n"
	"hang) echo $$ > \"${0%/*}/pid\"; exec sleep 1000 ;;\n"
	"esac\n"
	"exit 0\n";

static int setup(void **state)
{
	char *slash;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", SG_ATTRD_UPDATER);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	snprintf(args_file, sizeof(args_file), "%s/args", dir);
	snprintf(pid_file, sizeof(pid_file), "%s/pid", dir);
	if (geteuid() == 0 && sg_test_private_dir_enter(&priv, dir) != 0)
		fprintf(stderr, "no private %s: the tests are skipped\n", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return sg_test_private_dir_leave(&priv) == 0 ? 0 : -1;
}

/* Only with the stand-in in place: never run the machine's attrd_updater. */
static void need_stand_in(void)
{
	FILE *f;

	if (priv.ns < 0)
		skip();
	f = fopen(SG_ATTRD_UPDATER, "w");
	assert_non_null(f);
	fputs(script, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(SG_ATTRD_UPDATER, 0755), 0);
}

/* The whole file (malloc'ed). */
static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	FILE *f = fopen(path, "r");
	int c;

	assert_non_null(m);
	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* The arguments arrive as they are, one each, whatever they hold. */
static void test_arguments_and_success(void **state)
{
	struct sg_attrd_req r = { SG_ATTRD_UPDATE, "ok", "a value; $(touch /x) *", NULL, "node-1" };
	char err[128] = "untouched", *args;

	(void)state;
	need_stand_in();
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), 0);
	args = slurp(args_file);
	assert_string_equal(args, "-n\nok\n-U\na value; $(touch /x) *\n-N\nnode-1\n");
	free(args);
	assert_string_equal(err, "");

	r = (struct sg_attrd_req){ SG_ATTRD_UPDATE_BOTH, "ok", "green", "5s", NULL };
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), 0);
	args = slurp(args_file);
	assert_string_equal(args, "-n\nok\n-B\ngreen\n-d\n5s\n");
	free(args);

	r = (struct sg_attrd_req){ SG_ATTRD_DELETE, "ok", NULL, NULL, NULL };
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), 0);
	args = slurp(args_file);
	assert_string_equal(args, "-n\nok\n-D\n");
	free(args);
}

/* A failure: its exit status, and its first stderr line as the reason
 * (or a generic one when it said nothing). */
static void test_exit_status_and_first_line(void **state)
{
	struct sg_attrd_req r = { SG_ATTRD_UPDATE, "fail", "1", NULL, "nx" };
	char err[128];

	(void)state;
	need_stand_in();
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), 3);
	assert_string_equal(err, "no such node: nx");
	r.name = "quiet";
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), 4);
	assert_string_equal(err, "attrd_updater failed");
	/* a small buffer gets the start of the line */
	r.name = "fail";
	assert_int_equal(sg_attrd_run(&r, 10000, err, 8), 3);
	assert_string_equal(err, "no such");
}

static void test_killed_by_a_signal(void **state)
{
	struct sg_attrd_req r = { SG_ATTRD_UPDATE, "signal", "1", NULL, NULL };
	char err[128];

	(void)state;
	need_stand_in();
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), -EINTR);
	assert_string_equal(err, "attrd_updater killed by signal 15");
}

/* Not finished in time: killed, -ETIMEDOUT, and it is gone. */
static void test_timeout_kills_it(void **state)
{
	struct sg_attrd_req r = { SG_ATTRD_UPDATE, "hang", "1", NULL, NULL };
	char err[128], *pid;

	(void)state;
	need_stand_in();
	assert_int_equal(sg_attrd_run(&r, 300, err, sizeof(err)), -ETIMEDOUT);
	assert_string_equal(err, "attrd_updater did not finish within 300 ms");
	pid = slurp(pid_file);
	assert_int_equal(kill((pid_t)atoi(pid), 0), -1);
	assert_int_equal(errno, ESRCH);
	free(pid);
}

/* Neither at its path nor on PATH: the child says why, status 127. */
static void test_missing_program(void **state)
{
	struct sg_attrd_req r = { SG_ATTRD_UPDATE, "ok", "1", NULL, NULL };
	const char *path = getenv("PATH");
	char err[128], *saved = path ? strdup(path) : NULL;
	int rc;

	(void)state;
	if (priv.ns < 0)
		skip();
	setenv("PATH", "/nonexistent", 1);
	rc = sg_attrd_run(&r, 10000, err, sizeof(err));
	if (saved) {
		setenv("PATH", saved, 1);
		free(saved);
	}
	assert_int_equal(rc, 127);
	assert_string_equal(err, "cannot run attrd_updater: No such file or directory");
}

/* No name, or no value to set: -EINVAL before anything runs. */
static void test_invalid_request(void **state)
{
	struct sg_attrd_req r = { SG_ATTRD_UPDATE, "", "1", NULL, NULL };
	char err[128];

	(void)state;
	need_stand_in();
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "invalid attribute request");
	r.name = "ok";
	r.value = NULL;
	assert_int_equal(sg_attrd_run(&r, 10000, err, sizeof(err)), -EINVAL);
	assert_int_equal(access(args_file, F_OK), -1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_arguments_and_success),
		T(test_exit_status_and_first_line),
		T(test_killed_by_a_signal),
		T(test_timeout_kills_it),
		T(test_missing_program),
		T(test_invalid_request),
	};
#undef T

	return sg_run_tests("attrd", tests, NULL, NULL);
}
