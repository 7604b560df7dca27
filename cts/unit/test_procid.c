/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_procid.c - unit tests for lib/procid.c (process identities from
 * /proc) and lib/runstate.c (identity files under SG_RUNDIR).
 *
 * The run-state round trip writes to SG_RUNDIR (/run/samguard as built) and
 * is skipped when that is not writable; it uses a name unique to this
 * process and removes its files, and the directory when it created it.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -DSG_RUNDIR='"/run/samguard"' -Wall -Wextra \
 *        -Werror -Ilib cts/unit/test_procid.c lib/procid.c lib/runstate.c \
 *        lib/names.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "names.h"
#include "procid.h"
#include "runstate.h"
#include "util.h"

/* A child forked by a test; killed and reaped in teardown if still there. */
static pid_t child = -1;

static int setup(void **state)
{
	(void)state;
	child = -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		child = -1;
	}
	return 0;
}

/* Fork a child that waits to be killed. */
static pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	child = pid;
	return pid;
}

/* Fork a child that exits at once, and wait until it is a zombie (not
 * reaped: WNOWAIT). */
static pid_t fork_zombie(void)
{
	siginfo_t si;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	child = pid;
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(si.si_pid, pid);
	return pid;
}

static void reap(pid_t pid)
{
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	child = -1;
}

/* State letter of pid from /proc (field 3), or 0. */
static char proc_state(pid_t pid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* ------------------------------------------------------------- procid */

static void test_read_self(void **state)
{
	struct sg_procid id, again;

	(void)state;
	memset(&id, 0, sizeof(id));
	assert_int_equal(sg_procid_read(getpid(), &id), 0);
	assert_int_equal(id.pid, getpid());
	assert_true(id.start > 0);
	/* stable */
	assert_int_equal(sg_procid_read(getpid(), &again), 0);
	assert_true(again.start == id.start);
	assert_int_equal(sg_procid_alive(&id), 1);
	/* the parent started no later than we did */
	assert_int_equal(sg_procid_read(getppid(), &again), 0);
	assert_true(again.start <= id.start);
	/* pid 1 is always there */
	assert_int_equal(sg_procid_read(1, &again), 0);
	assert_int_equal(again.pid, 1);
}

static void test_read_child(void **state)
{
	struct sg_procid self, id;
	pid_t pid;

	(void)state;
	assert_int_equal(sg_procid_read(getpid(), &self), 0);
	pid = fork_sleeper();
	assert_int_equal(sg_procid_read(pid, &id), 0);
	assert_int_equal(id.pid, pid);
	assert_true(id.start >= self.start);
	assert_int_equal(sg_procid_alive(&id), 1);
	/* killed but not yet reaped: a zombie, not alive */
	kill(pid, SIGKILL);
	{
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	}
	assert_int_equal(sg_procid_alive(&id), 0);
	reap(pid);
	assert_int_equal(sg_procid_alive(&id), 0);
}

static void test_read_reaped(void **state)
{
	struct sg_procid id;
	pid_t pid = fork_zombie();

	(void)state;
	reap(pid);
	memset(&id, 0x5a, sizeof(id));
	assert_int_equal(sg_procid_read(pid, &id), -ESRCH);
}

static void test_read_zombie(void **state)
{
	struct sg_procid id, gone;
	pid_t pid = fork_zombie();

	(void)state;
	assert_int_equal(proc_state(pid), 'Z');
	assert_int_equal(sg_procid_read(pid, &gone), -ESRCH);
	/* an identity taken before it died is no longer alive */
	id.pid = pid;
	id.start = 1;
	assert_int_equal(sg_procid_alive(&id), 0);
	reap(pid);
}

static void test_read_invalid_pid(void **state)
{
	struct sg_procid id;

	(void)state;
	assert_int_equal(sg_procid_read(0, &id), -EINVAL);
	assert_int_equal(sg_procid_read(-1, &id), -EINVAL);
	assert_int_equal(sg_procid_read(INT_MIN, &id), -EINVAL);
	/* beyond any pid_max (2^22) */
	assert_int_equal(sg_procid_read(INT_MAX, &id), -ESRCH);
}

static void test_alive_wrong_start(void **state)
{
	struct sg_procid id;

	(void)state;
	assert_int_equal(sg_procid_read(getpid(), &id), 0);
	id.start += 1;
	assert_int_equal(sg_procid_alive(&id), 0);
	id.start -= 2;
	assert_int_equal(sg_procid_alive(&id), 0);
	id.start = 0;
	assert_int_equal(sg_procid_alive(&id), 0);
	id.start = UINT64_MAX;
	assert_int_equal(sg_procid_alive(&id), 0);
}

static void test_alive_invalid(void **state)
{
	struct sg_procid id = { .pid = 0, .start = 1 };

	(void)state;
	assert_int_equal(sg_procid_alive(NULL), 0);
	assert_int_equal(sg_procid_alive(&id), 0);
	id.pid = -5;
	assert_int_equal(sg_procid_alive(&id), 0);
	id.pid = INT_MAX;
	assert_int_equal(sg_procid_alive(&id), 0);
}

/* Name of pid from /proc/<pid>/comm, without the newline. */
static void proc_comm(pid_t pid, char *buf, size_t n)
{
	char path[64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	len = read(fd, buf, n - 1);
	close(fd);
	assert_true(len > 0);
	buf[len] = '\0';
	if (buf[len - 1] == '\n')
		buf[len - 1] = '\0';
}

/* comm may hold blanks and parentheses: renaming a process does not change
 * the start time read for it. */
static void test_read_odd_comm(void **state)
{
	static const char *const names[] = { "a) Z (b", "x) 1 2 3", ") )", "(", "sp ace", "))) X" };

	(void)state;
	for (size_t i = 0; i < SG_ARRAY_SIZE(names); i++) {
		struct sg_procid before, after;
		int up[2], down[2], rc_before, rc_after;
		char c, comm[64];
		pid_t pid;

		assert_int_equal(pipe(up), 0);
		assert_int_equal(pipe(down), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(up[0]);
			close(down[1]);
			(void)!write(up[1], "a", 1);
			if (read(down[0], &c, 1) != 1)
				_exit(1);
			prctl(PR_SET_NAME, names[i], 0, 0, 0);
			(void)!write(up[1], "b", 1);
			for (;;)
				pause();
		}
		child = pid;
		close(up[1]);
		close(down[0]);
		assert_int_equal(read(up[0], &c, 1), 1);
		rc_before = sg_procid_read(pid, &before);
		assert_int_equal(write(down[1], "g", 1), 1);
		assert_int_equal(read(up[0], &c, 1), 1);
		close(up[0]);
		close(down[1]);
		proc_comm(pid, comm, sizeof(comm));
		assert_string_equal(comm, names[i]);
		rc_after = sg_procid_read(pid, &after);
		assert_int_equal(rc_before, 0);
		if (rc_after != 0)
			fail_msg("comm \"%s\": sg_procid_read = %d", names[i], rc_after);
		assert_int_equal(after.pid, pid);
		if (after.start != before.start)
			fail_msg("comm \"%s\": start %llu, was %llu before the rename", names[i],
				 (unsigned long long)after.start, (unsigned long long)before.start);
		assert_int_equal(sg_procid_alive(&before), 1);
		kill(pid, SIGKILL);
		reap(pid);
	}
}

static void test_session(void **state)
{
	(void)state;
	assert_int_equal(sg_procid_session(getpid()), getsid(0));
	assert_int_equal(sg_procid_session(0), getsid(0));
	assert_int_equal(sg_procid_session(INT_MAX), -1);
}

/* ----------------------------------------------------------- runstate */

static char rs_name[64];
static int rs_made_dir;

static int rs_setup(void **state)
{
	(void)state;
	snprintf(rs_name, sizeof(rs_name), "sg-unit-%d", (int)getpid());
	return 0;
}

/* Remove whatever the runstate tests left. */
static int rs_teardown(void **state)
{
	char path[512], enc[SG_NAME_ENC_MAX];

	(void)state;
	sg_runstate_remove(rs_name, SG_RUN_SUPERVISOR);
	sg_runstate_remove(rs_name, SG_RUN_DAEMON);
	/* a temporary file of a failed write */
	if (sg_name_encode(rs_name, enc, sizeof(enc)) > 0) {
		snprintf(path, sizeof(path), "%s/%s.supervisor.%d", SG_RUNDIR, enc, (int)getpid());
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s.daemon.%d", SG_RUNDIR, enc, (int)getpid());
		unlink(path);
	}
	if (rs_made_dir) {
		/* sg_rundir_prepare made the socket directories too */
		rmdir(SG_RUNDIR "/" SG_RUNDIR_STATUS);
		rmdir(SG_RUNDIR "/" SG_RUNDIR_NOTIFY);
		rmdir(SG_RUNDIR); /* fails, harmlessly, when others use it */
		rs_made_dir = 0;
	}
	return 0;
}

/* Skip unless the run directory is (or can be made) writable. */
static void need_rundir(void)
{
	struct stat st;

	if (stat(SG_RUNDIR, &st) == 0) {
		if (!S_ISDIR(st.st_mode) || access(SG_RUNDIR, W_OK | X_OK) != 0)
			skip();
		return;
	}
	{
		char parent[256], *slash;

		snprintf(parent, sizeof(parent), "%s", SG_RUNDIR);
		slash = strrchr(parent, '/');
		if (slash == NULL)
			skip();
		if (slash == parent)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (access(parent, W_OK | X_OK) != 0)
			skip();
	}
	rs_made_dir = 1;
}

static void rs_path(char *buf, size_t n, const char *leaf)
{
	snprintf(buf, n, "%s/%s.%s", SG_RUNDIR, rs_name, leaf);
}

static void test_runstate_round_trip(void **state)
{
	struct sg_procid me, sup = { .pid = 4242, .start = UINT64_C(123456789012) }, got;
	char path[512];
	struct stat st;

	(void)state;
	need_rundir();
	assert_int_equal(sg_procid_read(getpid(), &me), 0);

	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_SUPERVISOR, &got), -ENOENT);
	assert_int_equal(sg_runstate_write(rs_name, SG_RUN_SUPERVISOR, &sup), 0);
	assert_int_equal(sg_runstate_write(rs_name, SG_RUN_DAEMON, &me), 0);

	memset(&got, 0, sizeof(got));
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_SUPERVISOR, &got), 0);
	assert_int_equal(got.pid, 4242);
	assert_true(got.start == UINT64_C(123456789012));
	memset(&got, 0, sizeof(got));
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_DAEMON, &got), 0);
	assert_int_equal(got.pid, me.pid);
	assert_true(got.start == me.start);
	assert_int_equal(sg_procid_alive(&got), 1);

	/* the files, named as documented, mode 0640; no temporary left */
	rs_path(path, sizeof(path), "supervisor");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	rs_path(path, sizeof(path), "daemon");
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/%s.daemon.%d", SG_RUNDIR, rs_name, (int)getpid());
	assert_int_equal(stat(path, &st), -1);

	/* overwrite */
	sup.pid = 1;
	sup.start = UINT64_MAX;
	assert_int_equal(sg_runstate_write(rs_name, SG_RUN_SUPERVISOR, &sup), 0);
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_SUPERVISOR, &got), 0);
	assert_int_equal(got.pid, 1);
	assert_true(got.start == UINT64_MAX);

	/* remove one; the other stays */
	assert_int_equal(sg_runstate_remove(rs_name, SG_RUN_SUPERVISOR), 0);
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_SUPERVISOR, &got), -ENOENT);
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_DAEMON, &got), 0);
	/* absent is fine */
	assert_int_equal(sg_runstate_remove(rs_name, SG_RUN_SUPERVISOR), 0);
	assert_int_equal(sg_runstate_remove(rs_name, SG_RUN_DAEMON), 0);
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_DAEMON, &got), -ENOENT);
	assert_int_equal(sg_runstate_remove(rs_name, SG_RUN_DAEMON), 0);
}

/* Names are encoded into file names: "a/b:0" stays inside the directory. */
static void test_runstate_encoded_name(void **state)
{
	char name[64], enc[SG_NAME_ENC_MAX], path[512];
	struct sg_procid id = { .pid = 77, .start = 88 }, got;
	struct stat st;

	(void)state;
	need_rundir();
	/* rs_name with characters that need encoding, removed in teardown */
	snprintf(name, sizeof(name), "sg-unit-%d/x:0", (int)getpid());
	assert_true(sg_name_encode(name, enc, sizeof(enc)) > 0);
	assert_int_equal(sg_strlcpy(rs_name, name, sizeof(rs_name)), 0);
	assert_int_equal(sg_runstate_write(rs_name, SG_RUN_DAEMON, &id), 0);
	snprintf(path, sizeof(path), "%s/%s.daemon", SG_RUNDIR, enc);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_DAEMON, &got), 0);
	assert_int_equal(got.pid, 77);
	assert_true(got.start == 88);
	assert_int_equal(sg_runstate_remove(rs_name, SG_RUN_DAEMON), 0);
	assert_int_equal(stat(path, &st), -1);
}

static void write_raw(const char *leaf, const char *text)
{
	char path[512];
	int fd;

	rs_path(path, sizeof(path), leaf);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_runstate_garbled(void **state)
{
	static const char *const bad[] = {
		"", "\n", "abc\n", "123\n", "0 5\n", "-1 5\n", "x 5\n", "5 x\n",
	};
	struct sg_procid id = { .pid = 1, .start = 1 }, got;

	(void)state;
	need_rundir();
	/* make sure the directory exists */
	assert_int_equal(sg_runstate_write(rs_name, SG_RUN_DAEMON, &id), 0);
	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++) {
		int rc;

		write_raw("supervisor", bad[i]);
		rc = sg_runstate_read(rs_name, SG_RUN_SUPERVISOR, &got);
		if (rc != -EINVAL)
			fail_msg("file \"%s\": sg_runstate_read = %d, want -EINVAL", bad[i], rc);
	}
	/* without the newline it is fine */
	write_raw("supervisor", "12 34");
	assert_int_equal(sg_runstate_read(rs_name, SG_RUN_SUPERVISOR, &got), 0);
	assert_int_equal(got.pid, 12);
	assert_true(got.start == 34);
}

/* Invalid names fail before anything touches the file system. */
static void test_runstate_bad_names(void **state)
{
	char longname[SG_NAME_MAX + 2];
	struct sg_procid id = { .pid = 1, .start = 1 }, got;

	(void)state;
	assert_int_equal(sg_runstate_write("", SG_RUN_DAEMON, &id), -EINVAL);
	assert_int_equal(sg_runstate_read("", SG_RUN_DAEMON, &got), -EINVAL);
	assert_int_equal(sg_runstate_remove("", SG_RUN_DAEMON), -EINVAL);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(sg_runstate_write(longname, SG_RUN_DAEMON, &id), -ENAMETOOLONG);
	assert_int_equal(sg_runstate_read(longname, SG_RUN_DAEMON, &got), -ENAMETOOLONG);
	assert_int_equal(sg_runstate_remove(longname, SG_RUN_DAEMON), -ENAMETOOLONG);
}

/* The pure parser: field 22 after the last ')', whatever comm holds, no
 * terminator needed; zombies and garbage told apart. */
static void test_parse_stat(void **state)
{
	static const char tail[] = " S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 424242 19 20\n";
	char line[256];
	uint64_t start = 0;
	int n;

	(void)state;
	n = snprintf(line, sizeof(line), "123 (a) b) c)%s", tail);
	assert_int_equal(sg_procid_parse_stat(line, (size_t)n, &start), 0);
	assert_int_equal(start, 424242);
	/* cut right after the start time: no terminator, no newline */
	n = snprintf(line, sizeof(line), "1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 77");
	start = 0;
	assert_int_equal(sg_procid_parse_stat(line, (size_t)n, &start), 0);
	assert_int_equal(start, 77);
	/* cut before the start time */
	assert_int_equal(sg_procid_parse_stat(line, (size_t)n - 3, &start), -EIO);
	n = snprintf(line, sizeof(line), "1 (x) Z%s", tail + 2);
	assert_int_equal(sg_procid_parse_stat(line, (size_t)n, &start), -ESRCH);
	assert_int_equal(sg_procid_parse_stat("1 (x)", 5, &start), -EIO);
	assert_int_equal(sg_procid_parse_stat("", 0, &start), -EIO);
	assert_int_equal(sg_procid_parse_stat("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 -5 1", 57, &start),
			 -EIO);
	assert_int_equal(sg_procid_parse_stat("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 "
					      "99999999999999999999 1", 75, &start),
			 -EIO);
}

/* The one stat parser: state, ppid, group, session and start time after
 * the last ')'; zombies reported, not refused; bounded by len. */
static void test_procstat_parse(void **state)
{
	static const char line[] = "42 (a) b) (c) S 1 40 39 0 -1 4194560 0 0 0 0 17 4 0 0 20 0 1 0 5150 1 2\n";
	struct sg_procstat st;

	(void)state;
	assert_int_equal(sg_procstat_parse(line, strlen(line), &st), 0);
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.pgrp, 40);
	assert_int_equal(st.session, 39);
	assert_int_equal(st.start, 5150);
	assert_int_equal(st.utime, 17);
	assert_int_equal(st.stime, 4);
	assert_int_equal(sg_procstat_parse("7 (z) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9 0 0", 51, &st), 0);
	assert_int_equal(st.state, 'Z');
	assert_int_equal(st.start, 9);
	assert_int_equal(sg_procstat_parse("garbage", 7, &st), -EIO);
	assert_int_equal(sg_procstat_parse("1 (x) Z", 7, &st), -EIO);
	assert_int_equal(sg_procstat_parse("1 (x)  1 2 3", 12, &st), -EIO);
	assert_int_equal(sg_procstat_parse("1 (x) S x 2 3", 13, &st), -EIO);
	assert_int_equal(sg_procstat_parse("1 (x) S 99999999999 2 3", 23, &st), -EIO);
	/* this process, read live */
	assert_int_equal(sg_procstat_read(getpid(), &st), 0);
	assert_int_equal(st.ppid, getppid());
	assert_int_equal(st.pgrp, getpgrp());
	assert_int_equal(st.session, getsid(0));
	assert_int_equal(sg_procstat_read(0, &st), -EINVAL);
}

/* ------------------------------------------------ process groups (row 6) */

/* A group leader (own session) with one member that outlives it. The
 * member's pid goes to *member; the leader's identity to *leader. Uses a
 * pipe so that both exist before we look. */
static void fork_group(struct sg_procid *leader, pid_t *member)
{
	int p[2];
	pid_t pid, m = 0;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		setsid();
		m = fork();
		if (m == 0) {
			close(p[1]);
			for (;;)
				pause();
		}
		(void)!write(p[1], &m, sizeof(m));
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &m, sizeof(m)), (ssize_t)sizeof(m));
	close(p[0]);
	child = pid;
	assert_int_equal(sg_procid_read(pid, leader), 0);
	*member = m;
}

static void test_group_leader_alive_is_ours(void **state)
{
	struct sg_procid leader;
	pid_t member;

	(void)state;
	fork_group(&leader, &member);
	assert_int_equal(sg_procid_group(&leader), SG_GROUP_OURS);
	assert_int_equal(sg_procid_parent(leader.pid), getpid());
	kill(-leader.pid, SIGKILL);
	reap(leader.pid);
}

/* The leader died (and was reaped), a member lives on: the pid cannot have
 * been reused while the group exists, so the orphans are ours. */
static void test_group_orphans_are_ours(void **state)
{
	struct sg_procid leader;
	pid_t member;

	(void)state;
	/* the orphan comes back to us to be reaped, as to the SAM child */
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	fork_group(&leader, &member);
	kill(leader.pid, SIGKILL);
	reap(leader.pid);
	assert_int_equal(kill(-leader.pid, 0), 0);
	assert_int_equal(sg_procid_group(&leader), SG_GROUP_OURS);
	/* without a recorded start time nothing proves it */
	leader.start = 0;
	assert_int_equal(sg_procid_group(&leader), SG_GROUP_FOREIGN);
	kill(-leader.pid, SIGKILL);
	assert_int_equal(waitpid(member, NULL, 0), member);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	leader.start = 1;
	assert_int_equal(sg_procid_group(&leader), SG_GROUP_EMPTY);
}

/* The recorded pid now names another process that leads a group of its
 * own (pid reuse): never ours, whatever -pid holds. Simulated with a live
 * group leader and a wrong start time. */
static void test_group_pid_reused_is_foreign(void **state)
{
	struct sg_procid leader, old;
	pid_t member;

	(void)state;
	fork_group(&leader, &member);
	old = leader;
	old.start = leader.start - 1; /* "our" daemon, long gone */
	assert_int_equal(sg_procid_group(&old), SG_GROUP_FOREIGN);
	kill(-leader.pid, SIGKILL);
	reap(leader.pid);
	/* a reused pid that leads no group: nothing to signal either way */
	assert_int_equal(sg_procid_read(getpid(), &old), 0);
	old.start--;
	assert_int_equal(sg_procid_group(&old), getpgrp() == getpid() ? SG_GROUP_FOREIGN : SG_GROUP_EMPTY);
}

/* A zombie leader (not reaped yet) still names its group. */
static void test_group_zombie_leader_is_ours(void **state)
{
	struct sg_procid id;
	pid_t pid;

	(void)state;
	pid = fork_zombie();
	/* the zombie's start time from the stat it still has */
	id.pid = pid;
	id.start = 0;
	{
		char path[64], buf[1024], *p;
		unsigned long long st = 0;
		int fd, field;
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		assert_true(n > 0);
		buf[n] = '\0';
		p = strrchr(buf, ')') + 2;
		for (field = 3; field < 22; field++)
			p = strchr(p, ' ') + 1;
		assert_int_equal(sscanf(p, "%llu", &st), 1);
		id.start = st;
	}
	/* not in a group of its own (it never called setsid): the group -pid
	 * does not exist, yet the leader is ours */
	assert_int_equal(sg_procid_group(&id), SG_GROUP_OURS);
	assert_int_equal(sg_procid_parent(pid), -1);
	id.start++;
	assert_int_equal(sg_procid_group(&id), SG_GROUP_EMPTY);
	reap(pid);
}

static void test_group_invalid(void **state)
{
	struct sg_procid id = { .pid = 0, .start = 1 };

	(void)state;
	assert_int_equal(sg_procid_group(NULL), SG_GROUP_EMPTY);
	assert_int_equal(sg_procid_group(&id), SG_GROUP_EMPTY);
	id.pid = -5;
	assert_int_equal(sg_procid_group(&id), SG_GROUP_EMPTY);
	assert_int_equal(sg_procid_parent(0), -1);
	assert_int_equal(sg_procid_parent(getpid()), getppid());
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define R(f) cmocka_unit_test_setup_teardown(f, rs_setup, rs_teardown)
	const struct CMUnitTest tests[] = {
		T(test_read_self),
		T(test_read_child),
		T(test_read_reaped),
		T(test_read_zombie),
		T(test_read_invalid_pid),
		T(test_alive_wrong_start),
		T(test_alive_invalid),
		T(test_read_odd_comm),
		T(test_session),
		T(test_parse_stat),
		T(test_procstat_parse),
		T(test_group_leader_alive_is_ours),
		T(test_group_orphans_are_ours),
		T(test_group_pid_reused_is_foreign),
		T(test_group_zombie_leader_is_ours),
		T(test_group_invalid),
		R(test_runstate_round_trip),
		R(test_runstate_encoded_name),
		R(test_runstate_garbled),
		R(test_runstate_bad_names),
	};
#undef T
#undef R

	return sg_run_tests("procid", tests, NULL, NULL);
}
