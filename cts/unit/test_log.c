/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_log.c - unit tests for lib/log.c as far as a file and stderr show
 * it: the line format (local time stamp, tag, pid, level), the level
 * names, debug messages only when asked for, HA_LOGFILE / PCMK_logfile and
 * the extra file of sg_log_set_file (appended, never twice the same file),
 * and the stderr copy. Syslog is off here (HA_LOGFACILITY=none, as every
 * unit test has it); the live suites see the syslog side. */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* TZ: a test sets a zone of its own (the log writes local time) */
static const char *const env_vars[] = { "TZ" };

/* A fresh directory per test, the working directory while it runs (a
 * log file named by a relative path lands there), with the files a test
 * may use. */
static char dir[64], file_a[96], file_b[96];
static int old_cwd = -1;

static int setup(void **state)
{
	(void)state;
	SG_TEST_ENV_RESET("test_log", env_vars);
	tzset();
	snprintf(dir, sizeof(dir), "/tmp/sg-unit-log.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(file_a, sizeof(file_a), "%s/a.log", dir);
	snprintf(file_b, sizeof(file_b), "%s/b.log", dir);
	old_cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (old_cwd < 0 || chdir(dir) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sg_log_set_file(NULL);
	unlink(file_a);
	unlink(file_b);
	unlink("none");
	unlink("NONE");
	if (old_cwd >= 0) {
		if (fchdir(old_cwd) != 0)
			return -1;
		close(old_cwd);
		old_cwd = -1;
	}
	rmdir(dir);
	SG_TEST_ENV_RESET("test_log", env_vars);
	tzset();
	return 0;
}

/* The whole file (malloc'ed; "" when it does not exist). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;

	assert_non_null(m);
	while (f && (c = fgetc(f)) != EOF)
		fputc(c, m);
	if (f)
		fclose(f);
	fclose(m);
	return buf;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* sg_log_init with HA_LOGFILE set to path (NULL: unset). */
static void init_with_logfile(const char *path, const char *instance, int to_stderr)
{
	if (path)
		setenv("HA_LOGFILE", path, 1);
	else
		unsetenv("HA_LOGFILE");
	sg_log_init("test_log", instance, to_stderr);
}

/* The local time stamp of t as the log writes it, without milliseconds. */
static void stamp_of(time_t t, char *buf, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, n, "%b %d %H:%M:%S", &tm);
}

/* One line: "<Mon DD HH:MM:SS>.<mmm> <tag>[<pid>]: <level>: <message>",
 * the stamp the local time when it was written. */
static void test_line_format(void **state)
{
	char want[256], stamp[64], *out, *p;
	time_t before, after;
	int found = 0;

	(void)state;
	/* a zone 5 h 30 min east of UTC: a stamp in UTC would not match */
	setenv("TZ", "XST-5:30", 1);
	tzset();
	init_with_logfile(file_a, "rsc1", 0);
	before = time(NULL);
	sg_log(LOG_ERR, "child %d exited with status %d", 42, 3);
	after = time(NULL);
	out = slurp(file_a);
	assert_int_equal(count_lines(out), 1);
	/* the stamp, within the seconds the call took */
	for (time_t t = before; t <= after && !found; t++) {
		stamp_of(t, stamp, sizeof(stamp));
		found = !strncmp(out, stamp, strlen(stamp));
	}
	if (!found)
		fail_msg("line \"%s\" does not start with the local time of %lld..%lld", out, (long long)before,
			 (long long)after);
	p = out + strlen(stamp);
	/* milliseconds: a dot and three digits */
	assert_true(p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
		    p[3] <= '9' && p[4] == ' ');
	snprintf(want, sizeof(want), "test_log(rsc1)[%d]: error: child 42 exited with status 3\n", (int)getpid());
	assert_string_equal(p + 5, want);
	free(out);
}

/* Without an instance the tag is the ident alone. */
static void test_tag_without_instance(void **state)
{
	char want[128], *out;

	(void)state;
	init_with_logfile(file_a, NULL, 0);
	sg_log(LOG_NOTICE, "a");
	init_with_logfile(file_a, "", 0);
	sg_log(LOG_NOTICE, "b");
	out = slurp(file_a);
	snprintf(want, sizeof(want), " test_log[%d]: notice: a\n", (int)getpid());
	assert_contains(out, want);
	snprintf(want, sizeof(want), " test_log[%d]: notice: b\n", (int)getpid());
	assert_contains(out, want);
	assert_lacks(out, "test_log(");
	free(out);
}

/* The level names: the three worst are all "crit". */
static void test_level_names(void **state)
{
	static const struct {
		int prio;
		const char *name;
	} levels[] = {
		{ LOG_EMERG, "crit" }, { LOG_ALERT, "crit" }, { LOG_CRIT, "crit" }, { LOG_ERR, "error" },
		{ LOG_WARNING, "warning" }, { LOG_NOTICE, "notice" }, { LOG_INFO, "info" }, { LOG_DEBUG, "debug" },
	};
	char want[64], *out;

	(void)state;
	setenv("HA_debug", "1", 1);
	init_with_logfile(file_a, "r", 0);
	for (size_t i = 0; i < SG_ARRAY_SIZE(levels); i++)
		sg_log(levels[i].prio, "message %zu", i);
	out = slurp(file_a);
	assert_int_equal(count_lines(out), SG_ARRAY_SIZE(levels));
	for (size_t i = 0; i < SG_ARRAY_SIZE(levels); i++) {
		snprintf(want, sizeof(want), "]: %s: message %zu\n", levels[i].name, i);
		assert_contains(out, want);
	}
	free(out);
}

/* Debug messages are dropped unless HA_debug or PCMK_debug is true (1,
 * yes, true, on, any case). */
static void test_debug_only_when_asked(void **state)
{
	static const char *const yes[] = { "1", "yes", "YES", "true", "on", "On" };
	static const char *const no[] = { "0", "no", "false", "off", "2", "" };
	char *out;

	(void)state;
	init_with_logfile(file_a, NULL, 0);
	sg_log(LOG_DEBUG, "hidden");
	sg_log(LOG_INFO, "shown");
	for (size_t i = 0; i < SG_ARRAY_SIZE(no); i++) {
		setenv("HA_debug", no[i], 1);
		setenv("PCMK_debug", no[i], 1);
		init_with_logfile(file_a, NULL, 0);
		sg_log(LOG_DEBUG, "hidden %s", no[i]);
	}
	out = slurp(file_a);
	assert_int_equal(count_lines(out), 1);
	assert_contains(out, ": info: shown\n");
	free(out);

	for (size_t i = 0; i < SG_ARRAY_SIZE(yes); i++) {
		unlink(file_a);
		unsetenv("PCMK_debug");
		setenv("HA_debug", yes[i], 1);
		init_with_logfile(file_a, NULL, 0);
		sg_log(LOG_DEBUG, "ha %s", yes[i]);
		unsetenv("HA_debug");
		setenv("PCMK_debug", yes[i], 1);
		init_with_logfile(file_a, NULL, 0);
		sg_log(LOG_DEBUG, "pcmk %s", yes[i]);
		out = slurp(file_a);
		assert_int_equal(count_lines(out), 2);
		assert_contains(out, ": debug: ha ");
		assert_contains(out, ": debug: pcmk ");
		free(out);
	}
}

/* HA_LOGFILE, else PCMK_logfile (also when HA_LOGFILE is empty); "none"
 * (any case) and /dev/null mean no file. */
static void test_logfile_variables(void **state)
{
	char *a, *b;

	(void)state;
	setenv("PCMK_logfile", file_b, 1);
	init_with_logfile(file_a, NULL, 0);
	sg_log(LOG_NOTICE, "to HA_LOGFILE");
	init_with_logfile("", NULL, 0);
	sg_log(LOG_NOTICE, "to PCMK_logfile");
	unsetenv("HA_LOGFILE");
	sg_log_init("test_log", NULL, 0);
	sg_log(LOG_NOTICE, "to PCMK_logfile again");
	a = slurp(file_a);
	b = slurp(file_b);
	assert_int_equal(count_lines(a), 1);
	assert_contains(a, ": notice: to HA_LOGFILE\n");
	assert_int_equal(count_lines(b), 2);
	assert_contains(b, ": notice: to PCMK_logfile\n");
	assert_contains(b, ": notice: to PCMK_logfile again\n");
	free(a);
	free(b);

	unlink(file_a);
	unlink(file_b);
	unsetenv("PCMK_logfile");
	init_with_logfile("none", NULL, 0);
	sg_log(LOG_ERR, "nowhere");
	init_with_logfile("NONE", NULL, 0);
	sg_log(LOG_ERR, "nowhere");
	init_with_logfile("/dev/null", NULL, 0);
	sg_log(LOG_ERR, "nowhere");
	/* no file of that name either (in the working directory, ours) */
	assert_int_equal(access("none", F_OK), -1);
	assert_int_equal(access("NONE", F_OK), -1);
	assert_int_equal(access(file_a, F_OK), -1);
}

/* Lines are appended: what the file held stays. */
static void test_file_is_appended(void **state)
{
	FILE *f = fopen(file_a, "w");
	char *out;

	(void)state;
	assert_non_null(f);
	fputs("earlier line\n", f);
	fclose(f);
	init_with_logfile(file_a, NULL, 0);
	sg_log(LOG_WARNING, "one");
	sg_log(LOG_WARNING, "two");
	out = slurp(file_a);
	assert_int_equal(strncmp(out, "earlier line\n", 13), 0);
	assert_int_equal(count_lines(out), 3);
	assert_true(strstr(out, ": warning: one\n") < strstr(out, ": warning: two\n"));
	free(out);
}

/* sg_log_set_file: every message also goes to the extra file, until
 * NULL; it does not need HA_LOGFILE. */
static void test_set_file(void **state)
{
	char want[128], *out;

	(void)state;
	init_with_logfile(NULL, "run", 0);
	sg_log_set_file(file_b);
	sg_log(LOG_NOTICE, "first");
	sg_log(LOG_INFO, "second");
	sg_log_set_file(NULL);
	sg_log(LOG_NOTICE, "after");
	out = slurp(file_b);
	assert_int_equal(count_lines(out), 2);
	snprintf(want, sizeof(want), " test_log(run)[%d]: notice: first\n", (int)getpid());
	assert_contains(out, want);
	assert_contains(out, ": info: second\n");
	assert_lacks(out, "after");
	free(out);
	/* the extra file obeys the debug setting too */
	sg_log_set_file(file_b);
	sg_log(LOG_DEBUG, "no debug");
	out = slurp(file_b);
	assert_int_equal(count_lines(out), 2);
	free(out);
}

/* With HA_LOGFILE as well, both files get each line; the same file named
 * twice gets it once. */
static void test_set_file_with_logfile(void **state)
{
	char *a, *b;

	(void)state;
	init_with_logfile(file_a, NULL, 0);
	sg_log_set_file(file_b);
	sg_log(LOG_ERR, "both");
	a = slurp(file_a);
	b = slurp(file_b);
	assert_int_equal(count_lines(a), 1);
	assert_int_equal(count_lines(b), 1);
	assert_string_equal(a, b);
	assert_contains(a, ": error: both\n");
	free(a);
	free(b);

	unlink(file_a);
	sg_log_set_file(file_a);
	sg_log(LOG_ERR, "once");
	a = slurp(file_a);
	assert_int_equal(count_lines(a), 1);
	assert_contains(a, ": error: once\n");
	free(a);
}

/* A file that cannot be opened costs that copy only. */
static void test_unwritable_file(void **state)
{
	char missing[128], *out;

	(void)state;
	snprintf(missing, sizeof(missing), "%s/no-such-dir/x.log", dir);
	init_with_logfile(missing, NULL, 0);
	sg_log_set_file(file_b);
	sg_log(LOG_ERR, "still logged");
	out = slurp(file_b);
	assert_contains(out, ": error: still logged\n");
	free(out);
	assert_int_equal(access(missing, F_OK), -1);
}

/* A message is cut at 1023 bytes, still one line; '%' in an argument is
 * printed as it is. */
static void test_long_message(void **state)
{
	char text[3000], *out, *msg;

	(void)state;
	memset(text, 'm', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	init_with_logfile(file_a, NULL, 0);
	sg_log(LOG_ERR, "%s", text);
	sg_log(LOG_ERR, "%s", "100%s %d%%");
	out = slurp(file_a);
	assert_int_equal(count_lines(out), 2);
	msg = strstr(out, ": error: ");
	assert_non_null(msg);
	msg += strlen(": error: ");
	assert_int_equal(strcspn(msg, "\n"), 1023);
	assert_int_equal(strspn(msg, "m"), 1023);
	assert_contains(out, ": error: 100%s %d%%\n");
	free(out);
}

/* Capture what fd 2 receives while f runs. */
static char *stderr_of(void (*f)(void))
{
	FILE *tmp = tmpfile();
	int saved;
	char *out;
	long len;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fileno(tmp), STDERR_FILENO), STDERR_FILENO);
	f();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	assert_int_equal(fseek(tmp, 0, SEEK_END), 0);
	len = ftell(tmp);
	assert_true(len >= 0);
	rewind(tmp);
	out = malloc((size_t)len + 1);
	assert_non_null(out);
	assert_int_equal(fread(out, 1, (size_t)len, tmp), (size_t)len);
	out[len] = '\0';
	fclose(tmp);
	return out;
}

static void every_level(void)
{
	sg_log(LOG_CRIT, "c");
	sg_log(LOG_ERR, "e");
	sg_log(LOG_WARNING, "w");
	sg_log(LOG_NOTICE, "n");
	sg_log(LOG_INFO, "i");
	sg_log(LOG_DEBUG, "d");
}

/* to_stderr: warnings and worse go to stderr as "<tag>[<pid>]: <level>:
 * <message>" (Pacemaker keeps an agent's stderr), every level with debug
 * on; without it, nothing. */
static void test_stderr_copy(void **state)
{
	char want[256], *out;
	int pid = (int)getpid();

	(void)state;
	init_with_logfile(NULL, "rsc", 0);
	out = stderr_of(every_level);
	assert_string_equal(out, "");
	free(out);

	init_with_logfile(NULL, "rsc", 1);
	out = stderr_of(every_level);
	snprintf(want, sizeof(want), "test_log(rsc)[%d]: crit: c\ntest_log(rsc)[%d]: error: e\n"
		 "test_log(rsc)[%d]: warning: w\n", pid, pid, pid);
	assert_string_equal(out, want);
	free(out);

	setenv("PCMK_debug", "yes", 1);
	init_with_logfile(NULL, "rsc", 1);
	out = stderr_of(every_level);
	assert_int_equal(count_lines(out), 6);
	snprintf(want, sizeof(want), "test_log(rsc)[%d]: info: i\ntest_log(rsc)[%d]: debug: d\n", pid, pid);
	assert_contains(out, want);
	free(out);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_line_format),
		T(test_tag_without_instance),
		T(test_level_names),
		T(test_debug_only_when_asked),
		T(test_logfile_variables),
		T(test_file_is_appended),
		T(test_set_file),
		T(test_set_file_with_logfile),
		T(test_unwritable_file),
		T(test_long_message),
		T(test_stderr_copy),
	};
#undef T

	return sg_run_tests("log", tests, NULL, NULL);
}
