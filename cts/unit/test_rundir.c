/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_rundir.c - lib/rundir.c (the trusted run directory) and the status
 * socket of lib/status.c: who may answer, who may ask (issue 11 rows 2,
 * 2b, 7).
 *
 * The socket tests use SG_RUNDIR as built (/run/samguard) and need root
 * (they are skipped otherwise); they make the directories when missing and
 * remove only what they made. The test process plays the supervisor P; a
 * forked child plays the SAM child C that listens.
 *
 * The tests of SG_RUNDIR itself (sg_rundir_trusted, sg_rundir_sweep) need
 * root too and run with an empty tmpfs in place of its parent, in a mount
 * namespace of their own: they break and remove the run directory at will
 * and the machine's is never seen. */
#include "sg_test.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procid.h"
#include "rundir.h"
#include "status.h"

static char tmpdir[128];
static pid_t kid = -1;
static int made_rundir;
/* the tests of SG_RUNDIR itself: an empty tmpfs in place of its parent */
static struct sg_test_private_dir priv = { -1, -1 };

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sg-unit-rundir-%d", (int)getpid());
	kid = -1;
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
	rmdir(tmpdir);
	return sg_test_private_dir_leave(&priv) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------- the checks */

static void test_check_dir(void **state)
{
	char link[160];

	(void)state;
	assert_int_equal(sg_rundir_check_dir(tmpdir, getuid()), -ENOENT);
	assert_int_equal(mkdir(tmpdir, 0755), 0);
	assert_int_equal(chmod(tmpdir, 0755), 0);
	assert_int_equal(sg_rundir_check_dir(tmpdir, getuid()), 0);
	/* another owner */
	assert_int_equal(sg_rundir_check_dir(tmpdir, getuid() + 1), -EPERM);
	/* writable by group or others: anybody could plant a socket there */
	assert_int_equal(chmod(tmpdir, 0775), 0);
	assert_int_equal(sg_rundir_check_dir(tmpdir, getuid()), -EPERM);
	assert_int_equal(chmod(tmpdir, 01777), 0);
	assert_int_equal(sg_rundir_check_dir(tmpdir, getuid()), -EPERM);
	assert_int_equal(chmod(tmpdir, 0755), 0);
	/* a symlink to a good directory is not a directory */
	snprintf(link, sizeof(link), "%s.link", tmpdir);
	assert_int_equal(symlink(tmpdir, link), 0);
	assert_int_equal(sg_rundir_check_dir(link, getuid()), -EPERM);
	unlink(link);
}

/* The socket paths have a fixed shape, whatever the resource name (a
 * 64-byte name of '_', '.', ':' encodes to 192 bytes: row 7). */
static void test_sock_path(void **state)
{
	char buf[108];

	(void)state;
	assert_int_equal(sg_rundir_sock_path(SG_RUNDIR_STATUS, 4194304, buf, sizeof(buf)), 0);
	assert_string_equal(buf, SG_RUNDIR "/status/4194304");
	assert_int_equal(sg_rundir_sock_path(SG_RUNDIR_NOTIFY, 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, SG_RUNDIR "/notify/1");
	assert_int_equal(sg_rundir_sock_path(SG_RUNDIR_NOTIFY, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(sg_rundir_sock_path(SG_RUNDIR_NOTIFY, 1, buf, 10), -ENAMETOOLONG);
}

/* --------------------------------------------------------- status socket */

static void need_root_rundir(void)
{
	struct stat st;

	if (geteuid() != 0)
		skip();
	if (stat(SG_RUNDIR, &st) != 0)
		made_rundir = 1;
	assert_int_equal(sg_rundir_prepare(), 0);
}

static void drop_rundir(void)
{
	if (made_rundir) {
		rmdir(SG_RUNDIR "/" SG_RUNDIR_STATUS);
		rmdir(SG_RUNDIR "/" SG_RUNDIR_NOTIFY);
		rmdir(SG_RUNDIR);
		made_rundir = 0;
	}
}

/* How the fake C behaves. */
enum fake { HONEST, LIAR_PID, AS_NOBODY, GRANDCHILD };

/* Fork C: listen on status/<sup>, answer one query with a reply naming
 * itself (or, LIAR_PID, another pid) as child_pid. AS_NOBODY listens with
 * nobody's credentials; GRANDCHILD is not the supervisor's child. Returns
 * once it listens. */
static void fork_c(pid_t sup, enum fake how)
{
	int p[2];
	char c;

	assert_int_equal(pipe(p), 0);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		char reply[256];
		int lfd, fd, len;
		pid_t me;

		close(p[0]);
		if (how == GRANDCHILD && fork() != 0)
			_exit(0); /* the grandchild goes on, a child of init */
		me = getpid();
		lfd = sg_status_listen_at(sup);
		if (lfd < 0)
			_exit(1);
		if (how == AS_NOBODY) {
			/* SO_PEERCRED is what the listener was at listen(): redo it */
			struct sockaddr_un sa = { .sun_family = AF_UNIX };

			close(lfd);
			sg_rundir_sock_path(SG_RUNDIR_STATUS, sup, sa.sun_path, sizeof(sa.sun_path));
			unlink(sa.sun_path);
			lfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
			if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || chmod(sa.sun_path, 0666) != 0 ||
			    setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
			    setresuid(65534, 65534, 65534) != 0 || listen(lfd, 1) != 0)
				_exit(1);
		}
		(void)!write(p[1], "x", 1);
		len = snprintf(reply, sizeof(reply), "child_pid=%d\nsupervisor_pid=%d\nstate=running\ncmap_ok=1\n",
			       how == LIAR_PID ? 1 : (int)me, (int)sup);
		for (;;) {
			fd = accept(lfd, NULL, NULL);
			if (fd >= 0) {
				char req[16];

				(void)!recv(fd, req, sizeof(req), 0);
				(void)!send(fd, reply, (size_t)len, MSG_NOSIGNAL);
				close(fd);
			}
		}
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	if (how == GRANDCHILD) {
		waitpid(kid, NULL, 0);
		kid = -1;
	}
}

static int query(const struct sg_procid *sup, struct sg_resource_state *rs)
{
	struct sg_sam_state ss;
	struct sg_quorum_obs q;
	int cmap_ok;

	return sg_status_query(sup, 1000, rs, &ss, &cmap_ok, &q);
}

static void test_query_honest_child(void **state)
{
	struct sg_procid sup;
	struct sg_resource_state rs;
	char path[108];
	struct stat st;

	(void)state;
	need_root_rundir();
	assert_int_equal(sg_procid_read(getpid(), &sup), 0);
	fork_c(sup.pid, HONEST);
	sg_rundir_sock_path(SG_RUNDIR_STATUS, sup.pid, path, sizeof(path));
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(query(&sup, &rs), 0);
	assert_int_equal(rs.child_pid, (uint32_t)kid);
	assert_string_equal(rs.state, "running");
	/* another supervisor's identity: not asked */
	sup.start++;
	assert_int_equal(query(&sup, &rs), -EPERM);
	sg_status_unlink(sup.pid);
	assert_int_equal(lstat(path, &st), -1);
	drop_rundir();
}

/* A reply whose child_pid is not the answering process: stop would kill
 * what it names. */
static void test_query_reply_must_name_the_peer(void **state)
{
	struct sg_procid sup;
	struct sg_resource_state rs;

	(void)state;
	need_root_rundir();
	assert_int_equal(sg_procid_read(getpid(), &sup), 0);
	fork_c(sup.pid, LIAR_PID);
	assert_int_equal(query(&sup, &rs), -EPROTO);
	sg_status_unlink(sup.pid);
	drop_rundir();
}

/* Whoever answers must be root: a listener with nobody's credentials is
 * not believed, and nothing of its reply is read. */
static void test_query_refuses_non_root_peer(void **state)
{
	struct sg_procid sup;
	struct sg_resource_state rs;

	(void)state;
	need_root_rundir();
	assert_int_equal(sg_procid_read(getpid(), &sup), 0);
	fork_c(sup.pid, AS_NOBODY);
	memset(&rs, 0x5a, sizeof(rs));
	assert_int_equal(query(&sup, &rs), -EPERM);
	sg_status_unlink(sup.pid);
	drop_rundir();
}

/* A root process that is not the supervisor's child is not believed. */
static void test_query_refuses_stranger(void **state)
{
	struct sg_procid sup;
	struct sg_resource_state rs;
	char path[108];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	int s;

	(void)state;
	need_root_rundir();
	assert_int_equal(sg_procid_read(getpid(), &sup), 0);
	fork_c(sup.pid, GRANDCHILD);
	assert_int_equal(query(&sup, &rs), -EPERM);
	/* find and end the grandchild through the socket itself */
	sg_rundir_sock_path(SG_RUNDIR_STATUS, sup.pid, path, sizeof(path));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0 && cred.pid > 1)
		kill(cred.pid, SIGKILL);
	close(s);
	sg_status_unlink(sup.pid);
	drop_rundir();
}

/* Server side: a peer that is not root is dropped right after accept,
 * before its request is read or any work is done (row 2b). */
static void test_accept_drops_non_root_at_once(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uid_t uid = 0;
	int lfd, fd, status;
	pid_t pid;

	(void)state;
	need_root_rundir();
	lfd = sg_status_listen_at(getpid());
	assert_true(lfd >= 0);
	assert_int_equal(sg_status_accept(lfd, 10, &uid), -EAGAIN);
	sg_rundir_sock_path(SG_RUNDIR_STATUS, getpid(), sa.sun_path, sizeof(sa.sun_path));
	/* the file is 0600: nobody cannot even connect */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);

		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(65534, 65534, 65534) != 0)
			_exit(100);
		_exit(connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 ? 0 : errno);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), EACCES);
	/* made reachable, a connected nobody (who never sends) is dropped at once */
	assert_int_equal(chmod(sa.sun_path, 0666), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);

		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(65534, 65534, 65534) != 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) != 0)
			_exit(100);
		pause();
		_exit(0);
	}
	kid = pid;
	/* timeout 10 s: were the request awaited, this would take 10 s and
	 * return -ETIMEDOUT */
	for (int i = 0; i < 500 && (fd = sg_status_accept(lfd, 10000, &uid)) == -EAGAIN; i++)
		usleep(2000);
	assert_int_equal(fd, -EPERM);
	assert_int_equal(uid, 65534);
	close(lfd);
	sg_status_unlink(getpid());
	drop_rundir();
}

/* a bound unix socket file at dir/name (the fd is closed again) */
static void make_sock(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_true((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%.60s/%.40s", tmpdir, name) <
		    sizeof(sa.sun_path));
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
}

static int exists_in_tmpdir(const char *name)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return lstat(path, &st) == 0;
}

/* a pid that existed and is gone (reaped) */
static pid_t dead_pid(void)
{
	pid_t p = fork();

	assert_true(p >= 0);
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return p;
}

static void test_sweep_removes_only_sockets_of_dead_pids(void **state)
{
	char dead[16], dead_file[16], dead_link[16], self[16], path[256];
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(tmpdir, 0755), 0);
	snprintf(dead, sizeof(dead), "%d", (int)dead_pid());
	snprintf(dead_file, sizeof(dead_file), "%d", (int)dead_pid());
	snprintf(dead_link, sizeof(dead_link), "%d", (int)dead_pid());
	snprintf(self, sizeof(self), "%d", (int)getpid());
	make_sock(dead);        /* a killed child's: removed */
	make_sock(self);        /* a live process's: kept */
	make_sock("1");         /* init's (exists in every pid namespace): kept */
	make_sock("not-a-pid"); /* kept */
	make_sock("0");         /* no pid: kept */
	snprintf(path, sizeof(path), "%s/%s", tmpdir, dead_file);
	assert_non_null(f = fopen(path, "w")); /* not a socket: kept */
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", tmpdir, dead_link);
	assert_int_equal(symlink("/etc/passwd", path), 0); /* not a socket: kept */

	assert_int_equal(sg_rundir_sweep_dir(tmpdir), 1);
	assert_false(exists_in_tmpdir(dead));
	assert_true(exists_in_tmpdir(self));
	assert_true(exists_in_tmpdir("1"));
	assert_true(exists_in_tmpdir("not-a-pid"));
	assert_true(exists_in_tmpdir("0"));
	assert_true(exists_in_tmpdir(dead_file));
	assert_true(exists_in_tmpdir(dead_link));
	assert_int_equal(sg_rundir_sweep_dir(tmpdir), 0);

	const char *names[] = { self, "1", "not-a-pid", "0", dead_file, dead_link };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	assert_int_equal(sg_rundir_sweep_dir(path), -ENOENT);
}

/* ------------------------------------------ SG_RUNDIR in a private /run */

/* Put an empty tmpfs in place of SG_RUNDIR's parent, for this test only
 * (root and mount namespaces needed, else the test is skipped): the
 * machine's run directory is neither seen nor touched. */
static void private_rundir_parent(void)
{
	sg_test_private_rundir_parent(&priv);
	assert_int_equal(access(SG_RUNDIR, F_OK), -1);
}

static void make_rundir_sub(const char *sub, mode_t mode)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", SG_RUNDIR, sub);
	assert_int_equal(mkdir(path, mode), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void chmod_sub(const char *sub, mode_t mode)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", SG_RUNDIR, sub);
	assert_int_equal(chmod(path, mode), 0);
}

/* Missing directories are -ENOENT, and sg_rundir_trusted creates none;
 * root's directories without write bits for others are trusted, whatever
 * their other bits (widening them is sg_rundir_prepare's). */
static void test_trusted_needs_the_directories(void **state)
{
	(void)state;
	private_rundir_parent();
	assert_int_equal(sg_rundir_trusted(NULL), -ENOENT);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), -ENOENT);
	assert_int_equal(access(SG_RUNDIR, F_OK), -1);

	assert_int_equal(mkdir(SG_RUNDIR, 0755), 0);
	assert_int_equal(chmod(SG_RUNDIR, 0755), 0);
	assert_int_equal(sg_rundir_trusted(NULL), 0);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), -ENOENT);
	assert_int_equal(access(SG_RUNDIR "/" SG_RUNDIR_STATUS, F_OK), -1);

	make_rundir_sub(SG_RUNDIR_STATUS, 0755);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), 0);
	make_rundir_sub(SG_RUNDIR_NOTIFY, 0700);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_NOTIFY), 0);
	assert_int_equal(chmod(SG_RUNDIR, 0711), 0);
	assert_int_equal(sg_rundir_trusted(NULL), 0);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_NOTIFY), 0);
}

/* A directory that group or others may write, or that is not root's,
 * is not trusted: the run directory itself (then no subdirectory is
 * either) or the subdirectory asked about. */
static void test_trusted_refuses_what_others_may_write(void **state)
{
	static const mode_t bad[] = { 0775, 0757, 0777, 01777, 0722 };

	(void)state;
	private_rundir_parent();
	assert_int_equal(sg_rundir_prepare(), 0);
	assert_int_equal(sg_rundir_trusted(NULL), 0);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), 0);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_NOTIFY), 0);

	for (size_t i = 0; i < SG_ARRAY_SIZE(bad); i++) {
		assert_int_equal(chmod(SG_RUNDIR, bad[i]), 0);
		assert_int_equal(sg_rundir_trusted(NULL), -EPERM);
		assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), -EPERM);
		assert_int_equal(chmod(SG_RUNDIR, 0755), 0);

		chmod_sub(SG_RUNDIR_STATUS, bad[i]);
		assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), -EPERM);
		assert_int_equal(sg_rundir_trusted(SG_RUNDIR_NOTIFY), 0);
		assert_int_equal(sg_rundir_trusted(NULL), 0);
		chmod_sub(SG_RUNDIR_STATUS, 0755);
	}

	/* another owner; another group that cannot write is fine */
	assert_int_equal(chown(SG_RUNDIR, 0, 65534), 0);
	assert_int_equal(sg_rundir_trusted(NULL), 0);
	assert_int_equal(chown(SG_RUNDIR, 65534, 0), 0);
	assert_int_equal(sg_rundir_trusted(NULL), -EPERM);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_NOTIFY), -EPERM);
	assert_int_equal(chown(SG_RUNDIR, 0, 0), 0);
	assert_int_equal(chown(SG_RUNDIR "/" SG_RUNDIR_NOTIFY, 65534, 65534), 0);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_NOTIFY), -EPERM);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), 0);
}

/* A symlink (even to a good directory) or a file is no directory; a name
 * too long for the path is -ENAMETOOLONG. */
static void test_trusted_refuses_links_and_files(void **state)
{
	char sub[300];
	FILE *f;

	(void)state;
	private_rundir_parent();
	assert_int_equal(sg_rundir_prepare(), 0);
	assert_int_equal(symlink(SG_RUNDIR_STATUS, SG_RUNDIR "/link"), 0);
	assert_int_equal(sg_rundir_trusted("link"), -EPERM);
	assert_non_null(f = fopen(SG_RUNDIR "/file", "w"));
	fclose(f);
	assert_int_equal(chmod(SG_RUNDIR "/file", 0755), 0);
	assert_int_equal(sg_rundir_trusted("file"), -EPERM);
	memset(sub, 's', sizeof(sub) - 1);
	sub[sizeof(sub) - 1] = '\0';
	assert_int_equal(sg_rundir_trusted(sub), -ENAMETOOLONG);

	/* the run directory itself a symlink to a good directory */
	assert_int_equal(rename(SG_RUNDIR, SG_RUNDIR ".real"), 0);
	assert_int_equal(symlink(SG_RUNDIR ".real", SG_RUNDIR), 0);
	assert_int_equal(sg_rundir_trusted(NULL), -EPERM);
	assert_int_equal(sg_rundir_trusted(SG_RUNDIR_STATUS), -EPERM);
	assert_int_equal(unlink(SG_RUNDIR), 0);
	/* a file in its place */
	assert_non_null(f = fopen(SG_RUNDIR, "w"));
	fclose(f);
	assert_int_equal(chmod(SG_RUNDIR, 0755), 0);
	assert_int_equal(sg_rundir_trusted(NULL), -EPERM);
}

/* sg_rundir_sweep: a killed supervisor's status socket and a killed
 * child's notify socket go, a live process's stay; the count is over
 * both; a missing run directory is -ENOENT. */
static void test_sweep_both_subdirectories(void **state)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *subs[] = { SG_RUNDIR_STATUS, SG_RUNDIR_NOTIFY };
	pid_t dead[2];
	int fd;

	(void)state;
	private_rundir_parent();
	assert_int_equal(sg_rundir_sweep(), -ENOENT);
	assert_int_equal(sg_rundir_prepare(), 0);
	assert_int_equal(sg_rundir_sweep(), 0);
	dead[0] = dead_pid();
	dead[1] = dead_pid();
	for (size_t i = 0; i < 2; i++) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		pid_t pids[] = { dead[i], getpid() };

		for (size_t k = 0; k < 2; k++) {
			assert_int_equal(sg_rundir_sock_path(subs[i], pids[k], sa.sun_path, sizeof(sa.sun_path)), 0);
			fd = socket(AF_UNIX, SOCK_DGRAM, 0);
			assert_true(fd >= 0);
			assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
			close(fd);
		}
	}
	assert_int_equal(sg_rundir_sweep(), 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(sg_rundir_sock_path(subs[i], dead[i], path, sizeof(path)), 0);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(sg_rundir_sock_path(subs[i], getpid(), path, sizeof(path)), 0);
		assert_int_equal(access(path, F_OK), 0);
	}
	assert_int_equal(sg_rundir_sweep(), 0);
	/* a subdirectory gone: its error */
	assert_int_equal(sg_rundir_sock_path(SG_RUNDIR_NOTIFY, getpid(), path, sizeof(path)), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(SG_RUNDIR "/" SG_RUNDIR_NOTIFY), 0);
	assert_int_equal(sg_rundir_sweep(), -ENOENT);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_check_dir),
		T(test_sock_path),
		T(test_sweep_removes_only_sockets_of_dead_pids),
		T(test_trusted_needs_the_directories),
		T(test_trusted_refuses_what_others_may_write),
		T(test_trusted_refuses_links_and_files),
		T(test_sweep_both_subdirectories),
		T(test_query_honest_child),
		T(test_query_reply_must_name_the_peer),
		T(test_query_refuses_non_root_peer),
		T(test_query_refuses_stranger),
		T(test_accept_drops_non_root_at_once),
	};
#undef T

	return sg_run_tests("rundir", tests, NULL, NULL);
}
