/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_samscan.c - unit tests for lib/samscan.c without corosync and for
 * the stat parsing of lib/colocate.c: proving that a pid was reused from
 * its start time and a SAM heartbeat time (ticks rounding, suspend
 * offsets, edges); probing /proc for the entries of a table, with forked
 * children as the SAM and samguard processes (alive, gone, reused, their
 * program and child); and reading the CPU field of /proc/<pid>/stat (comm
 * with blanks and parentheses). Reading cmap (sg_scan, the connection
 * list) is the live suites'. */
#include "sg_test.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "colocate.h"
#include "procid.h"
#include "samscan.h"
#include "util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define S UINT64_C(1000000000)

static void test_started_after(void **state)
{
	(void)state;
	/* started at 100 s (10000 ticks), last update at 50 s: reused */
	assert_true(sg_started_after(10000, 100, 0, 50 * S));
	/* last update after the start: may be the writer */
	assert_false(sg_started_after(10000, 100, 0, 150 * S));
	/* ticks round down: a start within the same tick as the update proves nothing */
	assert_false(sg_started_after(10000, 100, 0, 100 * S));
	assert_false(sg_started_after(10000, 100, 0, 100 * S + 5000000));
	assert_true(sg_started_after(10001, 100, 0, 100 * S + 5000000));
	/* 30 s spent suspended: boottime runs ahead of monotonic */
	assert_false(sg_started_after(10000, 100, 30 * S, 80 * S));
	assert_true(sg_started_after(10000, 100, 30 * S, 60 * S));
	/* an offset larger than the start time proves nothing */
	assert_false(sg_started_after(100, 100, 5 * S, 0));
	/* nonsense inputs prove nothing */
	assert_false(sg_started_after(10000, 0, 0, 0));
	assert_false(sg_started_after(10000, -1, 0, 0));
	assert_false(sg_started_after(UINT64_MAX, 100, 0, 0));
	/* another tick rate */
	assert_true(sg_started_after(2500, 250, 0, 9 * S));
	assert_false(sg_started_after(2500, 250, 0, 10 * S));
}

static void test_stat_cpu_field(void **state)
{
	char line[512], fields[256];
	size_t o = 0;

	(void)state;
	/* fields 3..38 then the CPU (39) and more */
	for (int f = 3; f <= 38; f++)
		o += (size_t)snprintf(fields + o, sizeof(fields) - o, "%d ", f);
	snprintf(line, sizeof(line), "1234 (corosync) %s1 0 0\n", fields);
	assert_int_equal(sg_stat_cpu_field(line), 1);
	snprintf(line, sizeof(line), "1234 (a (b) c) %s7 0 0\n", fields);
	assert_int_equal(sg_stat_cpu_field(line), 7);
	snprintf(line, sizeof(line), "1 (x) %s12", fields);
	assert_int_equal(sg_stat_cpu_field(line), 12);
	assert_int_equal(sg_stat_cpu_field("1 (x) 3 4 5"), -EINVAL);
	assert_int_equal(sg_stat_cpu_field("no parenthesis"), -EINVAL);
	assert_int_equal(sg_stat_cpu_field(NULL), -EINVAL);
	snprintf(line, sizeof(line), "1 (x) %sabc 0", fields);
	assert_int_equal(sg_stat_cpu_field(line), -EINVAL);
	snprintf(line, sizeof(line), "1 (x) %s99999999 0", fields);
	assert_int_equal(sg_stat_cpu_field(line), -EINVAL);        /* beyond CPU_SETSIZE */
}

static void test_own_cpu(void **state)
{
	char buf[1024];
	FILE *f = fopen("/proc/self/stat", "r");

	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_true(sg_stat_cpu_field(buf) >= 0);
}

/* -------------------------------------------------------- probing /proc */

/* A child (the SAM parent, say) with a child of its own, both waiting;
 * a program run with an argv[0] of our choosing. */
static pid_t parent_pid = -1, child_pid = -1, named_pid = -1;

static int teardown_kids(void **state)
{
	(void)state;
	if (child_pid > 0)
		kill(child_pid, SIGKILL);
	if (parent_pid > 0) {
		kill(parent_pid, SIGKILL);
		waitpid(parent_pid, NULL, 0);
	}
	if (named_pid > 0) {
		kill(named_pid, SIGKILL);
		waitpid(named_pid, NULL, 0);
	}
	parent_pid = child_pid = named_pid = -1;
	return 0;
}

/* sleep, run as "/no/such/dir/sg-probe-name" (its comm stays "sleep"):
 * returns once it runs that program. */
static void start_named(void)
{
	char cmdline[256];
	int p[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	named_pid = fork();
	assert_true(named_pid >= 0);
	if (named_pid == 0) {
		char *const argv[] = { "/no/such/dir/sg-probe-name", "1000", NULL };

		execv("/bin/sleep", argv);
		_exit(127);
	}
	close(p[1]);
	/* the write end closes on exec: EOF means the exec happened */
	assert_int_equal(read(p[0], cmdline, 1), 0);
	close(p[0]);
}

static void start_kids(void)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	parent_pid = fork();
	assert_true(parent_pid >= 0);
	if (parent_pid == 0) {
		pid_t c = fork();

		if (c == 0) {
			for (;;)
				pause();
		}
		if (c < 0 || write(p[1], &c, sizeof(c)) != sizeof(c))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &child_pid, sizeof(child_pid)), sizeof(child_pid));
	close(p[0]);
}

/* a pid that existed and is gone (reaped) */
static pid_t gone_pid(void)
{
	pid_t p = fork();

	assert_true(p >= 0);
	if (p == 0)
		_exit(0);
	assert_int_equal(waitpid(p, NULL, 0), p);
	return p;
}

static uint64_t start_of(pid_t pid)
{
	struct sg_procid id;

	assert_int_equal(sg_procid_read(pid, &id), 0);
	return id.start;
}

/* A SAM entry whose pid lives and wrote after it started: it exists, is
 * the writer, and (when asked) has its program's name and its child. */
static void test_probe_sam_live_writer(void **state)
{
	struct sg_sam_entry e;

	(void)state;
	start_kids();
	memset(&e, 0, sizeof(e));
	e.pid = (uint32_t)parent_pid;
	e.ss.has_last_updated = 1;
	e.ss.last_updated_ns = sg_now_mono_ns();
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.probed, 1);
	assert_int_equal(e.exists, 1);
	assert_int_equal(e.reused, 0);
	assert_int_equal(e.id.pid, parent_pid);
	assert_int_equal(e.id.start, start_of(parent_pid));
	assert_int_equal(e.child_pid, child_pid);
	/* the program: the base name of its argv[0], not its comm */
	start_named();
	e.pid = (uint32_t)named_pid;
	e.ss.last_updated_ns = sg_now_mono_ns();
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.exists, 1);
	assert_string_equal(e.program, "sg-probe-name");
	assert_int_equal(e.child_pid, 0);
	e.pid = (uint32_t)parent_pid;
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.child_pid, child_pid);

	/* not asked: neither, whatever the entry held */
	sg_scan_probe_sam(&e, 0, 0);
	assert_int_equal(e.exists, 1);
	assert_string_equal(e.program, "");
	assert_int_equal(e.child_pid, 0);
	/* no child: 0 */
	e.pid = (uint32_t)child_pid;
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.exists, 1);
	assert_int_equal(e.child_pid, 0);
	/* no last_updated proves nothing about reuse */
	e.pid = (uint32_t)parent_pid;
	e.ss.has_last_updated = 0;
	e.ss.last_updated_ns = 0;
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.reused, 0);
	assert_int_equal(e.child_pid, child_pid);
}

/* Keys last updated before the pid's process started: another process
 * has the pid now; it is not the writer and its name and child are not
 * the entry's. */
static void test_probe_sam_reused_pid(void **state)
{
	struct sg_sam_entry e;

	(void)state;
	start_kids();
	memset(&e, 0, sizeof(e));
	e.pid = (uint32_t)parent_pid;
	e.ss.has_last_updated = 1;
	e.ss.last_updated_ns = 1;       /* just after boot */
	snprintf(e.program, sizeof(e.program), "stale");
	e.child_pid = 7;
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.probed, 1);
	assert_int_equal(e.exists, 1);
	assert_int_equal(e.reused, 1);
	assert_string_equal(e.program, "");
	assert_int_equal(e.child_pid, 0);
}

/* A pid that is gone, or that no process can have: it does not exist. */
static void test_probe_sam_gone(void **state)
{
	struct sg_sam_entry e;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.pid = (uint32_t)gone_pid();
	e.exists = e.reused = 1;
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.probed, 1);
	assert_int_equal(e.exists, 0);
	assert_int_equal(e.reused, 0);
	e.pid = UINT32_MAX;
	e.exists = 1;
	sg_scan_probe_sam(&e, 1, 1);
	assert_int_equal(e.exists, 0);
}

/* A samguard entry: the supervisor and the daemon are alive when their
 * pid still has the recorded start time, dead when it does not or the pid
 * is gone, unknown without a record. */
static void test_probe_sg_identities(void **state)
{
	struct sg_sg_entry e;

	(void)state;
	start_kids();
	memset(&e, 0, sizeof(e));
	e.rs.supervisor_pid = (uint32_t)parent_pid;
	e.rs.supervisor_start = start_of(parent_pid);
	e.rs.daemon_pid = (uint32_t)child_pid;
	e.rs.daemon_start = start_of(child_pid);
	sg_scan_probe_sg(&e);
	assert_int_equal(e.probed, 1);
	assert_int_equal(e.have_supervisor, 1);
	assert_int_equal(e.supervisor_from_file, 0);
	assert_int_equal(e.supervisor.pid, parent_pid);
	assert_int_equal(e.supervisor.start, e.rs.supervisor_start);
	assert_int_equal(e.supervisor_live, SG_PROC_ALIVE);
	assert_int_equal(e.daemon_live, SG_PROC_ALIVE);

	/* the pids now belong to processes started at another time */
	e.rs.supervisor_start++;
	e.rs.daemon_start++;
	sg_scan_probe_sg(&e);
	assert_int_equal(e.supervisor_live, SG_PROC_DEAD);
	assert_int_equal(e.daemon_live, SG_PROC_DEAD);

	/* gone */
	e.rs.supervisor_pid = (uint32_t)gone_pid();
	e.rs.daemon_pid = (uint32_t)gone_pid();
	sg_scan_probe_sg(&e);
	assert_int_equal(e.supervisor_live, SG_PROC_DEAD);
	assert_int_equal(e.daemon_live, SG_PROC_DEAD);

	/* a pid without its start time identifies nothing (and a nameless
	 * entry has no run-state file to look at) */
	e.rs.supervisor_pid = (uint32_t)parent_pid;
	e.rs.supervisor_start = 0;
	e.rs.daemon_pid = (uint32_t)child_pid;
	e.rs.daemon_start = 0;
	e.name[0] = '\0';
	sg_scan_probe_sg(&e);
	assert_int_equal(e.have_supervisor, 0);
	assert_int_equal(e.supervisor_live, SG_PROC_NONE);
	assert_int_equal(e.daemon_live, SG_PROC_NONE);
}

/* The whole table: every entry probed and linked again; a SAM entry that
 * a samguard resource claims gets no name and (below SG_SCAN_FULL) no
 * child: samguard publishes its own. */
static void test_probe_table(void **state)
{
	char key[96], val[32];
	struct sg_table t;
	struct sg_sam_entry *claimed, *plain;
	pid_t other;

	(void)state;
	start_kids();
	other = gone_pid();
	sg_table_init(&t);
	snprintf(key, sizeof(key), "resources.process.%d.state", (int)parent_pid);
	assert_int_equal(sg_table_set(&t, key, "running"), 0);
	snprintf(key, sizeof(key), "resources.process.%d.state", (int)other);
	assert_int_equal(sg_table_set(&t, key, "running"), 0);
	assert_int_equal(sg_table_set(&t, "samguard.resource.web.state", "running"), 0);
	snprintf(val, sizeof(val), "%d", (int)parent_pid);
	assert_int_equal(sg_table_set(&t, "samguard.resource.web.supervisor_pid", val), 0);
	snprintf(val, sizeof(val), "%" PRIu64, start_of(parent_pid));
	assert_int_equal(sg_table_set(&t, "samguard.resource.web.supervisor_start", val), 0);
	sg_table_link(&t);

	sg_scan_probe(&t, SG_SCAN_SUMMARY);
	claimed = sg_table_find_sam(&t, (uint32_t)parent_pid);
	plain = sg_table_find_sam(&t, (uint32_t)other);
	assert_int_equal(t.sg[0].probed, 1);
	assert_int_equal(t.sg[0].supervisor_live, SG_PROC_ALIVE);
	assert_ptr_equal(&t.sam[t.sg[0].sam], claimed);
	assert_int_equal(claimed->sg, 0);
	assert_int_equal(claimed->probed, 1);
	assert_int_equal(claimed->exists, 1);
	assert_string_equal(claimed->program, "");
	assert_int_equal(claimed->child_pid, 0);
	assert_int_equal(plain->probed, 1);
	assert_int_equal(plain->exists, 0);

	sg_scan_probe(&t, SG_SCAN_FULL);
	claimed = sg_table_find_sam(&t, (uint32_t)parent_pid);
	assert_string_equal(claimed->program, "");
	assert_int_equal(claimed->child_pid, child_pid);

	/* a second resource names the same pid with a newer start time: it
	 * wins the link until the probe finds it dead and the first alive */
	assert_int_equal(sg_table_set(&t, "samguard.resource.zzz.state", "running"), 0);
	snprintf(val, sizeof(val), "%d", (int)parent_pid);
	assert_int_equal(sg_table_set(&t, "samguard.resource.zzz.supervisor_pid", val), 0);
	snprintf(val, sizeof(val), "%" PRIu64, start_of(parent_pid) + 1000);
	assert_int_equal(sg_table_set(&t, "samguard.resource.zzz.supervisor_start", val), 0);
	for (size_t i = 0; i < t.nsg; i++)
		t.sg[i].supervisor_live = SG_PROC_NONE;   /* not probed yet */
	sg_table_link(&t);
	claimed = sg_table_find_sam(&t, (uint32_t)parent_pid);
	assert_string_equal(t.sg[claimed->sg].enc, "zzz");
	sg_scan_probe(&t, SG_SCAN_SUMMARY);
	claimed = sg_table_find_sam(&t, (uint32_t)parent_pid);
	assert_string_equal(t.sg[claimed->sg].enc, "web");
	assert_int_equal(sg_table_find_sg(&t, "zzz")->supervisor_live, SG_PROC_DEAD);
	assert_int_equal(sg_table_find_sg(&t, "zzz")->sam, -1);
	sg_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_started_after),
		cmocka_unit_test(test_stat_cpu_field),
		cmocka_unit_test(test_own_cpu),
		cmocka_unit_test_teardown(test_probe_sam_live_writer, teardown_kids),
		cmocka_unit_test_teardown(test_probe_sam_reused_pid, teardown_kids),
		cmocka_unit_test_teardown(test_probe_sam_gone, teardown_kids),
		cmocka_unit_test_teardown(test_probe_sg_identities, teardown_kids),
		cmocka_unit_test_teardown(test_probe_table, teardown_kids),
	};

	return sg_run_tests("samscan", tests, NULL, NULL);
}
