/* SPDX-License-Identifier: GPL-2.0-or-later */
/* evidence_proc.c - reading a daemon's evidence from /proc and its
 * instance cgroup (see evidence.h). Bounded: at most SG_EV_TASKS_MAX
 * threads in detail, and nothing more once the budget has passed. */
#include "evidence.h"

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t now_us(void)
{
	return sg_now_mono_ns() / 1000;
}

int sg_ev_oom_kills(int cgroup_dfd, uint64_t *count)
{
	char buf[1024];
	ssize_t len;

	if (cgroup_dfd < 0)
		return -ENOENT;
	len = sg_read_file_at(cgroup_dfd, "memory.events", buf, sizeof(buf));
	if (len < 0)
		return (int)len;
	return sg_ev_parse_flat_key(buf, "oom_kill", count);
}

int sg_ev_capture_cgroup(int cgroup_dfd, struct sg_evidence *e)
{
	char buf[64];

	if (cgroup_dfd < 0)
		return -ENOENT;
	if (sg_read_file_at(cgroup_dfd, "memory.current", buf, sizeof(buf)) > 0)
		e->mem_current = strtoll(buf, NULL, 10);
	/* "max" is no limit */
	if (sg_read_file_at(cgroup_dfd, "memory.max", buf, sizeof(buf)) > 0 && buf[0] >= '0' && buf[0] <= '9')
		e->mem_max = strtoll(buf, NULL, 10);
	return 0;
}

/* One thread: its stat (state, CPU) and wchan. */
static void read_task(pid_t pid, const char *tid, struct sg_ev_task *t)
{
	char path[320], buf[1024];

	memset(t, 0, sizeof(*t));
	t->state = '?';
	t->tid = atoi(tid);
	snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)pid, tid);
	if (sg_read_file(path, buf, sizeof(buf)) > 0)
		sg_ev_parse_task_stat(buf, t);
	snprintf(path, sizeof(path), "/proc/%d/task/%s/wchan", (int)pid, tid);
	if (sg_read_file(path, buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		sg_strlcpy(t->wchan, buf, sizeof(t->wchan));
	}
}

int sg_ev_capture(pid_t pid, int cgroup_dfd, unsigned int budget_ms, struct sg_evidence *e)
{
	uint64_t t0 = now_us(), deadline = t0 + budget_ms * 1000ULL;
	char path[64], buf[4096];
	struct dirent *de;
	struct sg_ev_task whole;
	ssize_t len;
	DIR *d;
	int rc = 0;

	e->pid = (int)pid;
	e->clk_tck = sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL) {
		rc = -errno;
	} else {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			e->tasks_seen++;
			if (e->ntasks >= SG_EV_TASKS_MAX)
				continue;
			if (now_us() >= deadline) {
				e->truncated = 1;
				continue;
			}
			read_task(pid, de->d_name, &e->task[e->ntasks++]);
		}
		closedir(d);
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	memset(&whole, 0, sizeof(whole));
	if (sg_read_file(path, buf, sizeof(buf)) > 0 && sg_ev_parse_task_stat(buf, &whole) == 0) {
		e->has_cpu = 1;
		e->utime = whole.utime;
		e->stime = whole.stime;
	}
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (sg_read_file(path, buf, sizeof(buf)) > 0) {
		sg_ev_parse_status_kb(buf, "VmRSS", &e->rss_kb);
		sg_ev_parse_status_kb(buf, "VmHWM", &e->hwm_kb);
	}
	if (now_us() < deadline) {
		snprintf(path, sizeof(path), "/proc/%d/stack", (int)pid);
		len = sg_read_file(path, e->stack, sizeof(e->stack));
		e->stack_err = len < 0 ? (int)-len : 0;
		if (len < 0)
			e->stack[0] = '\0';
	} else {
		e->truncated = 1;
		e->stack_err = ETIMEDOUT;
	}
	sg_ev_capture_cgroup(cgroup_dfd, e);
	e->capture_us = now_us() - t0;
	return rc;
}
