/* SPDX-License-Identifier: GPL-2.0-or-later */
/* contain.c - process group + session containment, descendant kill, reap. */
#include "contain.h"

#include "procid.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PIDS 4096

static int dead_state(char s)
{
	return s == 'Z' || s == 'X' || s == 'x';
}

/* Live processes of leader's group or session into pids[max]; count. */
static int scan_session(pid_t leader, pid_t *pids, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		char *end;
		long v = strtol(e->d_name, &end, 10);
		struct sg_procstat st;

		if (*end != '\0' || v <= 0)
			continue;
		if (sg_procstat_read((pid_t)v, &st) != 0 || dead_state(st.state))
			continue;
		if ((st.pgrp == leader || st.session == leader) && n < max)
			pids[n++] = (pid_t)v;
	}
	closedir(d);
	return n;
}

int sg_contain_signal_session(pid_t leader, int sig)
{
	static pid_t pids[MAX_PIDS];
	int n;

	if (leader <= 1)
		return -EINVAL;
	n = scan_session(leader, pids, MAX_PIDS);
	for (int i = 0; i < n; i++)
		kill(pids[i], sig);
	return n;
}

/* Wait until pid exits (pidfd readable) or ms pass. */
static void wait_exit(pid_t pid, unsigned int ms)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd p;

	if (fd < 0)
		return; /* gone already */
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	poll(&p, 1, (int)ms);
	close(fd);
}

int sg_contain_kill_session(pid_t leader, unsigned int timeout_ms)
{
	static pid_t pids[MAX_PIDS];
	uint64_t end = sg_now_mono_ms() + timeout_ms;

	if (leader <= 1)
		return -EINVAL;
	kill(-leader, SIGKILL);
	for (;;) {
		int n = scan_session(leader, pids, MAX_PIDS);
		uint64_t now;

		if (n <= 0)
			return n < 0 ? n : 0;
		for (int i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		now = sg_now_mono_ms();
		if (now >= end)
			return -ETIMEDOUT;
		wait_exit(pids[0], (unsigned int)(end - now));
	}
}

/* SIGKILL the live children of pid (every thread's list), then theirs. */
static int kill_tree(pid_t pid, int depth, pid_t *first)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	int n = 0;

	if (depth > 64)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char file[320], buf[4096], *p, *end;
		ssize_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "/proc/%d/task/%s/children", (int)pid, e->d_name);
		len = sg_read_file(file, buf, sizeof(buf));
		if (len <= 0)
			continue;
		for (p = buf;; p = end) {
			long c = strtol(p, &end, 10);
			struct sg_procstat st;

			if (end == p)
				break;
			if (c <= 0 || sg_procstat_read((pid_t)c, &st) != 0 || dead_state(st.state))
				continue;
			/* stop it first, so that it forks no more, then its children */
			kill((pid_t)c, SIGKILL);
			if (*first == 0)
				*first = (pid_t)c;
			n += 1 + kill_tree((pid_t)c, depth + 1, first);
		}
	}
	closedir(d);
	return n;
}

int sg_contain_kill_descendants(void)
{
	pid_t first = 0;

	return kill_tree(getpid(), 0, &first);
}

int sg_contain_reap_all(unsigned int timeout_ms)
{
	uint64_t end = sg_now_mono_ms() + timeout_ms;

	for (;;) {
		pid_t first = 0, r;
		int status;
		uint64_t now;

		kill_tree(getpid(), 0, &first);
		while ((r = waitpid(-1, &status, WNOHANG)) > 0)
			;
		if (r < 0 && errno == ECHILD)
			return 0;
		now = sg_now_mono_ms();
		if (now >= end)
			return -ETIMEDOUT;
		if (first > 0) {
			wait_exit(first, (unsigned int)(end - now));
		} else {
			/* a child is exiting (not yet a zombie): wait for it */
			siginfo_t si;

			memset(&si, 0, sizeof(si));
			if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid > 0)
				continue;
			/* none found by pid: it is between states; yield briefly */
			sg_sleep_ms(1);
		}
	}
}
