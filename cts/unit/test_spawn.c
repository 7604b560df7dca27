/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_spawn.c - unit tests for lib/spawn.c: the environment a spawned
 * program sees (extra variables, removed ones, a variable holding the
 * program's own pid, as systemd's WATCHDOG_PID, and the clean environment
 * of a program started as a user), exec failures, and, as root, that
 * workdir and the output files are reached as the target user only (a log
 * symlink planted by the daemon's user never makes root write elsewhere).
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_spawn.c lib/spawn.c lib/cred.c lib/util.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "util.h"

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
	assert_contains(env, want);
	assert_lacks(env, "WATCHDOG_PID=1\n");
	assert_contains(env, "WATCHDOG_USEC=400000\n");
	assert_int_not_equal(pid, getpid());
}

static void test_no_pid_variable_unless_asked(void **state)
{
	static const char *const unset[] = { "WATCHDOG_PID", NULL };
	struct sg_spawn_opts o = { .env_unset = unset };
	pid_t pid;

	(void)state;
	setenv("WATCHDOG_PID", "1", 1);
	assert_lacks(run_env(&o, &pid), "WATCHDOG_PID=");
	unsetenv("WATCHDOG_PID");
}

static void test_exec_failure_is_reported(void **state)
{
	char *const argv[] = { "nope", NULL };
	struct sg_spawn_opts o = { .path = "/nonexistent/program", .argv = argv, .env_pid_name = "WATCHDOG_PID" };
	char err[256] = "";

	(void)state;
	assert_int_equal(sg_spawn(&o, err, sizeof(err)), -ENOENT);
	assert_contains(err, "cannot execute /nonexistent/program");
}

/* ---- as a user: scratch dirs, the nobody account, file contents ---- */

static char scratch[64];      /* root-owned, 0755: holds the dirs of one test */
static struct sg_cred nobody; /* resolved once per test */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup_user(void **state)
{
	char err[256];

	if (setup(state) != 0)
		return -1;
	snprintf(scratch, sizeof(scratch), "/tmp/sg-test-spawn-d.XXXXXX");
	if (mkdtemp(scratch) == NULL || chmod(scratch, 0755) != 0)
		return -1;
	return sg_cred_resolve("nobody", &nobody, err, sizeof(err));
}

static int teardown_user(void **state)
{
	sg_cred_free(&nobody);
	nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return teardown(state);
}

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

/* scratch/NAME with mode, owned by uid:gid */
static void make_dir(char *buf, size_t n, const char *name, mode_t mode, uid_t uid, gid_t gid)
{
	snprintf(buf, n, "%s/%s", scratch, name);
	assert_int_equal(mkdir(buf, mode), 0);
	assert_int_equal(chown(buf, uid, gid), 0);
	assert_int_equal(chmod(buf, mode), 0);
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static char *read_text(const char *path)
{
	static char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* spawn, wait, expect exit 0 */
static void run_ok(struct sg_spawn_opts *o)
{
	char err[256] = "";
	int status;
	pid_t pid = sg_spawn(o, err, sizeof(err));

	if (pid < 0)
		print_error("sg_spawn: %s\n", err);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The issue-11 attack: the daemon's user owns its log directory and turns
 * the log into a symlink to a file only root may write; the next (re)start
 * must neither write there nor start: -ELOOP with the path in the reason.
 * which: 1 = logfile, 2 = errlogfile. */
static void symlinked_log_is_refused(int which)
{
	char own[128], root_dir[128], target[192], link[192], err[256] = "";
	char *const argv[] = { "echo", "written-by-the-daemon", NULL };
	struct sg_spawn_opts o = { .path = "/bin/echo", .argv = argv, .cred = &nobody };
	struct stat before, after;

	need_root();
	make_dir(own, sizeof(own), "own", 0755, nobody.uid, nobody.gid);
	make_dir(root_dir, sizeof(root_dir), "etc", 0755, 0, 0);
	snprintf(target, sizeof(target), "%s/cron-job", root_dir);
	write_text(target, "root's own text\n", 0644);
	snprintf(link, sizeof(link), "%s/daemon.log", own);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(lchown(link, nobody.uid, nobody.gid), 0);
	assert_int_equal(stat(target, &before), 0);
	if (which == 1) {
		o.out_path = link;
	} else {
		assert_int_equal(chown(out, nobody.uid, nobody.gid), 0);
		o.out_path = out;
		o.err_path = link;
	}
	assert_int_equal(sg_spawn(&o, err, sizeof(err)), -ELOOP);
	assert_contains(err, link);
	assert_contains(err, which == 1 ? "logfile" : "errlogfile");
	assert_string_equal(read_text(target), "root's own text\n");
	assert_int_equal(stat(target, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	assert_int_equal(after.st_uid, 0);
}

static void test_log_symlink_planted_by_the_user_is_refused(void **state)
{
	(void)state;
	symlinked_log_is_refused(1);
}

static void test_errlog_symlink_planted_by_the_user_is_refused(void **state)
{
	(void)state;
	symlinked_log_is_refused(2);
}

static void test_workdir_only_root_may_enter_fails_for_the_user(void **state)
{
	char dir[128], err[256] = "";
	char *const argv[] = { "true", NULL };
	struct sg_spawn_opts o = { .path = "/bin/true", .argv = argv, .cred = &nobody };

	(void)state;
	need_root();
	make_dir(dir, sizeof(dir), "private", 0700, 0, 0);
	o.workdir = dir;
	assert_int_equal(sg_spawn(&o, err, sizeof(err)), -EACCES);
	assert_contains(err, "workdir");
	assert_contains(err, dir);
}

/* The good case: the log is created by the user, in the user's directory,
 * and the program runs there with the user's identity. */
static void test_log_is_created_by_the_user_in_its_workdir(void **state)
{
	char dir[128], log[192], want[64];
	char *const argv[] = { "sh", "-c", "id -u; id -g; pwd", NULL };
	struct sg_spawn_opts o = { .path = "/bin/sh", .argv = argv, .cred = &nobody };
	struct stat st;

	(void)state;
	need_root();
	make_dir(dir, sizeof(dir), "home", 0755, nobody.uid, nobody.gid);
	snprintf(log, sizeof(log), "%s/out.log", dir);
	o.workdir = dir;
	o.out_path = log;
	run_ok(&o);
	snprintf(want, sizeof(want), "%u\n%u\n", (unsigned)nobody.uid, (unsigned)nobody.gid);
	assert_true(strncmp(read_text(log), want, strlen(want)) == 0);
	assert_contains(read_text(log), dir);
	assert_int_equal(stat(log, &st), 0);
	assert_int_equal(st.st_uid, nobody.uid);
	assert_int_equal(st.st_mode & 0137, 0); /* at most 0640 */
}

/* A FIFO as the log would block the open forever without a reader. */
static void test_fifo_as_log_is_refused_without_hanging(void **state)
{
	char fifo[128], err[256] = "";
	char *const argv[] = { "true", NULL };
	struct sg_spawn_opts o = { .path = "/bin/true", .argv = argv };

	(void)state;
	snprintf(fifo, sizeof(fifo), "%s/fifo", scratch);
	assert_int_equal(mkfifo(fifo, 0666), 0);
	o.out_path = fifo;
	assert_int_equal(sg_spawn(&o, err, sizeof(err)), -ENXIO);
	assert_contains(err, fifo);
}

static void test_fifo_with_a_reader_is_refused(void **state)
{
	char fifo[128], err[256] = "";
	char *const argv[] = { "true", NULL };
	struct sg_spawn_opts o = { .path = "/bin/true", .argv = argv };
	int rd;

	(void)state;
	snprintf(fifo, sizeof(fifo), "%s/fifo", scratch);
	assert_int_equal(mkfifo(fifo, 0666), 0);
	rd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	o.out_path = fifo;
	assert_int_equal(sg_spawn(&o, err, sizeof(err)), -EINVAL);
	assert_contains(err, "neither a regular file nor /dev/null");
	close(rd);
}

/* More groups than the old fixed 256-entry buffer: all reach the program. */
static void test_three_hundred_groups_all_reach_the_program(void **state)
{
	gid_t groups[300];
	struct sg_cred c = { .ngroups = SG_ARRAY_SIZE(groups), .groups = groups,
			     .name = "nobody", .home = "/nonexistent", .shell = "/usr/sbin/nologin" };
	char *const argv[] = { "id", "-G", NULL };
	struct sg_spawn_opts o = { .path = "/usr/bin/id", .argv = argv, .cred = &c, .out_path = out };
	char *p;
	int words = 0;

	(void)state;
	need_root();
	c.uid = nobody.uid;
	c.gid = nobody.gid;
	groups[0] = nobody.gid;
	for (size_t i = 1; i < SG_ARRAY_SIZE(groups); i++)
		groups[i] = (gid_t)(300000 + i);
	assert_int_equal(chown(out, nobody.uid, nobody.gid), 0);
	run_ok(&o);
	p = read_text(out);
	for (char *t = strtok(p, " \n"); t; t = strtok(NULL, " \n"))
		words++;
	assert_int_equal(words, 300);
	assert_contains(read_text(out), " 300299");
}

/* sorted NAME list of an env(1) output, one per line */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void env_names(char *env, char *names, size_t n)
{
	char *v[128];
	size_t k = 0;

	for (char *l = strtok(env, "\n"); l && k < SG_ARRAY_SIZE(v); l = strtok(NULL, "\n")) {
		char *eq = strchr(l, '=');

		if (eq)
			*eq = '\0';
		v[k++] = l;
	}
	qsort(v, k, sizeof(v[0]), cmp_str);
	names[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		strncat(names, v[i], n - strlen(names) - 1);
		strncat(names, " ", n - strlen(names) - 1);
	}
}

/* Remove every LC_* variable the test runner came with (dpkg-buildpackage
 * and rpmbuild set LC_ALL), so that the parent's environment is exactly
 * what the test sets. */
static void clear_locale_env(void)
{
	extern char **environ;
	char name[128];

	for (int again = 1; again;) {
		again = 0;
		for (char **e = environ; *e; e++) {
			size_t len = strcspn(*e, "=");

			if (strncmp(*e, "LC_", 3) != 0 || len >= sizeof(name))
				continue;
			memcpy(name, *e, len);
			name[len] = '\0';
			unsetenv(name);
			again = 1; /* environ changed under us: scan again */
			break;
		}
	}
}

/* The documented environment of a daemon: nothing of the agent's leaks. */
static void test_program_of_a_user_gets_a_clean_documented_environment(void **state)
{
	static const char *const set[] = { "NOTIFY_SOCKET=@samguard/x/1", "WATCHDOG_USEC=400000", NULL };
	struct sg_spawn_opts o = { .env_set = set, .env_pid_name = "WATCHDOG_PID", .cred = &nobody };
	char names[1024], line[256], *env;
	pid_t pid;

	(void)state;
	need_root();

	clear_locale_env();
	setenv("OCF_RESKEY_binfile", "/bin/leak", 1);
	setenv("PCMK_logfile", "/leak", 1);
	setenv("HA_LOGFILE", "/leak", 1);
	setenv("PATH", "/root/bin:/usr/bin:/bin", 1);
	setenv("SHELL", "/bin/leaky", 1);
	setenv("HOME", "/root", 1);
	setenv("LANG", "C.UTF-8", 1);
	setenv("LC_TIME", "C", 1);
	setenv("TZ", "UTC", 1);
	assert_int_equal(chown(out, nobody.uid, nobody.gid), 0);
	env = run_env(&o, &pid);
	snprintf(line, sizeof(line), "PATH=%s\n", SG_SPAWN_PATH);
	assert_contains(env, line);
	assert_string_equal(SG_SPAWN_PATH, "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	snprintf(line, sizeof(line), "\nHOME=%s\n", nobody.home);
	assert_contains(env, line);
	snprintf(line, sizeof(line), "\nSHELL=%s\n", nobody.shell);
	assert_contains(env, line);
	assert_contains(env, "\nUSER=nobody\n");
	assert_contains(env, "\nLOGNAME=nobody\n");
	assert_contains(env, "\nLANG=C.UTF-8\n");
	assert_contains(env, "\nLC_TIME=C\n");
	assert_contains(env, "\nTZ=UTC\n");
	assert_contains(env, "\nNOTIFY_SOCKET=@samguard/x/1\n");
	assert_contains(env, "\nWATCHDOG_USEC=400000\n");
	snprintf(line, sizeof(line), "\nWATCHDOG_PID=%d\n", (int)pid);
	assert_contains(env, line);
	env_names(env, names, sizeof(names));
	assert_string_equal(names, "HOME LANG LC_TIME LOGNAME NOTIFY_SOCKET PATH SHELL TZ USER "
				   "WATCHDOG_PID WATCHDOG_USEC ");
	unsetenv("OCF_RESKEY_binfile");
	unsetenv("PCMK_logfile");
	unsetenv("HA_LOGFILE");
	unsetenv("LANG");
	unsetenv("LC_TIME");
	unsetenv("TZ");
}

/* The inode a descriptor of pid names ("pipe:[N]"), or "" */
static void fd_link(pid_t pid, int fd, char *buf, size_t n)
{
	char path[64];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	len = readlink(path, buf, n - 1);
	buf[len > 0 ? len : 0] = '\0';
}

/* pass_fd reaches the program as descriptor 3, and no other pipe does
 * (the other end of the same pipe stays behind), whatever number the
 * caller's descriptor had: a pipe's write end (4), then its read end (3
 * itself, the lowest free number here). Descriptors 4-9 may hold a
 * library the program's loader has open for a moment: a file, never a
 * pipe. */
static void test_passed_descriptor_is_3_and_the_only_extra_one(void **state)
{
	char *const argv[] = { "sleep", "30", NULL };
	int saw3 = 0;

	(void)state;
	for (int round = 0; round < 2; round++) {
		struct sg_spawn_opts o = { .path = "/bin/sleep", .argv = argv };
		char err[256] = "", mine[64], theirs[64], extra[64];
		int p[2], status;
		pid_t pid;

		assert_int_equal(pipe2(p, O_CLOEXEC), 0);
		o.pass_fd = round ? p[0] : p[1];
		saw3 |= o.pass_fd == 3;
		fd_link(getpid(), o.pass_fd, mine, sizeof(mine));
		pid = sg_spawn(&o, err, sizeof(err));
		assert_true(pid > 0);
		fd_link(pid, 3, theirs, sizeof(theirs));
		for (int fd = 4; fd < 10; fd++) {
			fd_link(pid, fd, extra, sizeof(extra));
			assert_int_not_equal(strncmp(extra, "pipe:", 5), 0);
		}
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_string_equal(theirs, mine);
		close(p[0]);
		close(p[1]);
	}
	assert_true(saw3);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define U(f) cmocka_unit_test_setup_teardown(f, setup_user, teardown_user)
	const struct CMUnitTest tests[] = {
		T(test_pid_variable_is_the_programs_own_pid),
		T(test_no_pid_variable_unless_asked),
		T(test_exec_failure_is_reported),
		T(test_passed_descriptor_is_3_and_the_only_extra_one),
		U(test_log_symlink_planted_by_the_user_is_refused),
		U(test_errlog_symlink_planted_by_the_user_is_refused),
		U(test_workdir_only_root_may_enter_fails_for_the_user),
		U(test_log_is_created_by_the_user_in_its_workdir),
		U(test_fifo_as_log_is_refused_without_hanging),
		U(test_fifo_with_a_reader_is_refused),
		U(test_three_hundred_groups_all_reach_the_program),
		U(test_program_of_a_user_gets_a_clean_documented_environment),
	};
#undef T
#undef U

	return sg_run_tests("spawn", tests, NULL, NULL);
}
