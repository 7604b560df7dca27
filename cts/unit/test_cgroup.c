/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cgroup.c - unit tests for lib/cgroup.c: finding the cgroup2 mount
 * and the caller's own v2 cgroup (pure parsers, fake files), and, as root
 * on a host with a writable cgroup2, an instance cgroup that holds a
 * process which double-forks and calls setsid(): one kill ends them all,
 * the wait for "populated 0" ends without polling, the cgroup goes away.
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
 *        cts/unit/test_cgroup.c lib/cgroup.c lib/util.c -lcmocka
 */
#include "sg_test.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "procid.h"
#include "util.h"

static const char hybrid_mountinfo[] =
	"25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"35 25 0:31 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	"40 35 0:37 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw\n"
	"41 35 0:38 / /sys/fs/cgroup/memory rw,relatime shared:11 - cgroup cgroup rw,memory\n";

static const char v1_only_mountinfo[] =
	"35 25 0:31 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
	"41 35 0:38 / /sys/fs/cgroup/memory rw,relatime shared:11 - cgroup cgroup rw,memory\n";

static void test_mountinfo_finds_cgroup2_not_v1(void **state)
{
	char mnt[256], root[256];

	(void)state;
	assert_int_equal(sg_cgroup_parse_mountinfo(hybrid_mountinfo, mnt, sizeof(mnt), root, sizeof(root)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/unified");
	assert_string_equal(root, "/");
	assert_int_equal(sg_cgroup_parse_mountinfo(v1_only_mountinfo, mnt, sizeof(mnt), root, sizeof(root)),
			 -ENOTSUP);
	assert_int_equal(sg_cgroup_parse_mountinfo("", mnt, sizeof(mnt), root, sizeof(root)), -ENOTSUP);
	/* optional fields of any number, an escaped blank in the mount point */
	assert_int_equal(sg_cgroup_parse_mountinfo("7 1 0:9 /sub /a\\040b rw shared:1 master:2 - cgroup2 none rw\n",
						   mnt, sizeof(mnt), root, sizeof(root)),
			 0);
	assert_string_equal(mnt, "/a b");
	assert_string_equal(root, "/sub");
}

static void test_proc_cgroup_v2_line(void **state)
{
	char p[256];

	(void)state;
	assert_int_equal(sg_cgroup_parse_proc("4:memory:/x\n1:cpu:/\n0::/system.slice/pacemaker.service\n", p,
					      sizeof(p)),
			 0);
	assert_string_equal(p, "/system.slice/pacemaker.service");
	assert_int_equal(sg_cgroup_parse_proc("0::/\n", p, sizeof(p)), 0);
	assert_string_equal(p, "/");
	assert_int_equal(sg_cgroup_parse_proc("4:memory:/x\n1:name=systemd:/\n", p, sizeof(p)), -ENOTSUP);
}

static char tmpdir[64];

static void write_text(const char *name, const char *text, char *path, size_t n)
{
	FILE *f;

	snprintf(path, n, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_dir_from_files_and_enotsup_without_cgroup2(void **state)
{
	char mi[128], mi1[128], mi2[128], pc[128], pc2[128], dir[256];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sg-test-cgroup.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	write_text("mi", hybrid_mountinfo, mi, sizeof(mi));
	write_text("mi1", v1_only_mountinfo, mi1, sizeof(mi1));
	write_text("mi2", "7 1 0:9 /lab /sys/fs/cgroup rw - cgroup2 none rw\n", mi2, sizeof(mi2));
	write_text("pc", "0::/sandbox.1\n", pc, sizeof(pc));
	write_text("pc2", "0::/other\n", pc2, sizeof(pc2));
	assert_int_equal(sg_cgroup_dir_at(mi, pc, dir, sizeof(dir)), 0);
	assert_string_equal(dir, "/sys/fs/cgroup/unified/sandbox.1");
	assert_int_equal(sg_cgroup_dir_at(mi1, pc, dir, sizeof(dir)), -ENOTSUP);
	/* a subtree mount: only cgroups below its root are reachable */
	assert_int_equal(sg_cgroup_dir_at(mi2, pc2, dir, sizeof(dir)), -ENOENT);
	write_text("pc3", "0::/lab/n1\n", pc2, sizeof(pc2));
	assert_int_equal(sg_cgroup_dir_at(mi2, pc2, dir, sizeof(dir)), 0);
	assert_string_equal(dir, "/sys/fs/cgroup/n1");
	/* not a cgroup file system: no instance cgroup there */
	{
		struct sg_cgroup h = SG_CGROUP_INIT;

		assert_int_equal(sg_cgroup_open_in(tmpdir, "x", 100, &h), -ENOTSUP);
		assert_int_equal(h.dfd, -1);
		rmdir(h.path);
		mkdir(h.path, 0755);
		assert_int_equal(sg_cgroup_open_path(h.path, "x", &h), -ENOTSUP);
		rmdir(h.path);
		assert_int_equal(sg_cgroup_open_path("/sys/fs/cgroup/unified/samguard-y", "x", &h), -EINVAL);
	}
	/* the record of an instance's cgroup */
	{
		char path[256];

		assert_int_equal(sg_cgroup_record_read(tmpdir, "r", path, sizeof(path)), -ENOENT);
		assert_int_equal(sg_cgroup_record_write(tmpdir, "r", "/sys/fs/cgroup/unified/samguard-r"), 0);
		assert_int_equal(sg_cgroup_record_read(tmpdir, "r", path, sizeof(path)), 0);
		assert_string_equal(path, "/sys/fs/cgroup/unified/samguard-r");
		assert_int_equal(sg_cgroup_record_remove(tmpdir, "r"), 0);
		assert_int_equal(sg_cgroup_record_remove(tmpdir, "r"), 0);
	}
	unlink(mi);
	unlink(mi1);
	unlink(mi2);
	unlink(pc);
	snprintf(pc, sizeof(pc), "%s/pc2", tmpdir);
	unlink(pc);
	unlink(pc2);
	assert_int_equal(rmdir(tmpdir), 0);
}

static void test_sg_cgroup_off_forces_the_fallback(void **state)
{
	struct sg_cgroup h = SG_CGROUP_INIT;

	(void)state;
	setenv("SG_CGROUP", "off", 1);
	assert_int_equal(sg_cgroup_open_instance("off", 100, &h), -ENOTSUP);
	unsetenv("SG_CGROUP");
}

/* 1 when pid exists and is not a zombie (sg_procid_read's definition) */
static int alive(pid_t pid)
{
	struct sg_procid id;

	return sg_procid_read(pid, &id) == 0;
}

/* In the cgroup dfd: a process that forks a setsid() child and a
 * double-forked grandchild; their pids come back on the pipe. */
static pid_t start_escapers(int dfd, pid_t pids[3])
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = openat(dfd, "cgroup.procs", O_WRONLY);

		if (fd < 0 || write(fd, "0", 1) != 1)
			_exit(2);
		close(p[0]);
		if (fork() == 0) {
			pid_t me;

			setsid();
			me = getpid();
			if (write(p[1], &me, sizeof(me)) < 0)
				_exit(1);
			pause();
			_exit(0);
		}
		if (fork() == 0) {
			if (fork() == 0) {
				pid_t me;

				setsid();
				me = getpid();
				if (write(p[1], &me, sizeof(me)) < 0)
					_exit(1);
				pause();
				_exit(0);
			}
			_exit(0); /* the middle one: the grandchild is orphaned */
		}
		pause();
		_exit(0);
	}
	close(p[1]);
	pids[0] = pid;
	assert_int_equal(read(p[0], &pids[1], sizeof(pid_t)), sizeof(pid_t));
	assert_int_equal(read(p[0], &pids[2], sizeof(pid_t)), sizeof(pid_t));
	close(p[0]);
	return pid;
}

static int real_setup(void **state)
{
	char dir[4096];

	*state = NULL;
	if (geteuid() != 0 || sg_cgroup_dir_at("/proc/self/mountinfo", "/proc/self/cgroup", dir, sizeof(dir)) != 0)
		return 0;
	*state = strdup(dir);
	return 0;
}

static int real_teardown(void **state)
{
	free(*state);
	return 0;
}

static void test_kill_ends_setsid_and_double_forked_processes(void **state)
{
	struct sg_cgroup h = SG_CGROUP_INIT;
	char name[32];
	pid_t pids[3];
	int status;
	uint64_t t0;

	if (*state == NULL)
		skip();
	snprintf(name, sizeof(name), "unit%d", (int)getpid());
	assert_int_equal(sg_cgroup_open_in(*state, name, 1000, &h), 0);
	assert_int_equal(sg_cgroup_populated(&h), 0);
	start_escapers(h.dfd, pids);
	for (int i = 0; i < 3; i++)
		assert_true(alive(pids[i]));
	assert_int_equal(sg_cgroup_populated(&h), 1);
	/* no kill: the wait is bounded */
	t0 = sg_now_mono_ms();
	assert_int_equal(sg_cgroup_wait_empty(&h, 100), -ETIMEDOUT);
	assert_true(sg_now_mono_ms() - t0 >= 100);
	/* not empty: not removed */
	{
		struct sg_cgroup h2 = SG_CGROUP_INIT;

		assert_int_equal(sg_cgroup_open_path(h.path, name, &h2), 0);
		assert_int_equal(sg_cgroup_remove(&h2), -EBUSY);
	}
	assert_int_equal(sg_cgroup_kill(&h), 0);
	t0 = sg_now_mono_ms();
	assert_int_equal(sg_cgroup_wait_empty(&h, 2000), 0);
	assert_true(sg_now_mono_ms() - t0 < 1000);
	assert_int_equal(sg_cgroup_populated(&h), 0);
	for (int i = 0; i < 3; i++)
		assert_false(alive(pids[i]));
	assert_int_equal(waitpid(pids[0], &status, 0), pids[0]);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_int_equal(sg_cgroup_remove(&h), 0);
	assert_int_equal(access(h.path, F_OK), -1);
}

/* An earlier life's leftovers: reopening kills them first. */
static void test_reopen_kills_what_an_earlier_life_left(void **state)
{
	struct sg_cgroup h = SG_CGROUP_INIT;
	char name[32], sub[4200];
	pid_t pids[3];
	int status;

	if (*state == NULL)
		skip();
	snprintf(name, sizeof(name), "reuse%d", (int)getpid());
	assert_int_equal(sg_cgroup_open_in(*state, name, 1000, &h), 0);
	start_escapers(h.dfd, pids);
	/* a sub-cgroup, as a root daemon may make: removed depth first */
	snprintf(sub, sizeof(sub), "%s/sub", h.path);
	assert_int_equal(mkdir(sub, 0755), 0);
	sg_cgroup_close(&h);
	assert_int_equal(sg_cgroup_open_in(*state, name, 2000, &h), 0);
	assert_int_equal(sg_cgroup_populated(&h), 0);
	for (int i = 0; i < 3; i++)
		assert_false(alive(pids[i]));
	assert_int_equal(waitpid(pids[0], &status, 0), pids[0]);
	assert_int_equal(sg_cgroup_remove(&h), 0);
	assert_int_equal(access(sub, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo_finds_cgroup2_not_v1),
		cmocka_unit_test(test_proc_cgroup_v2_line),
		cmocka_unit_test(test_dir_from_files_and_enotsup_without_cgroup2),
		cmocka_unit_test(test_sg_cgroup_off_forces_the_fallback),
		cmocka_unit_test(test_kill_ends_setsid_and_double_forked_processes),
		cmocka_unit_test(test_reopen_kills_what_an_earlier_life_left),
	};

	return sg_run_tests("cgroup", tests, real_setup, real_teardown);
}
