/* SPDX-License-Identifier: GPL-2.0-or-later */
/* attrd.c - run attrd_updater without a shell. */
#include "attrd.h"

#include "util.h"

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

int sg_attrd_argv(const struct sg_attrd_req *r, const char **argv, size_t max)
{
	size_t n = 0;

	if (r->name == NULL || *r->name == '\0' || max < SG_ATTRD_ARGV_MAX)
		return -EINVAL;
	if (r->op != SG_ATTRD_DELETE && r->value == NULL)
		return -EINVAL;
	argv[n++] = "attrd_updater";
	argv[n++] = "-n";
	argv[n++] = r->name;
	switch (r->op) {
	case SG_ATTRD_UPDATE:
		argv[n++] = "-U";
		argv[n++] = r->value;
		break;
	case SG_ATTRD_UPDATE_BOTH:
		argv[n++] = "-B";
		argv[n++] = r->value;
		argv[n++] = "-d";
		argv[n++] = r->delay && *r->delay ? r->delay : "0";
		break;
	case SG_ATTRD_DELETE:
		argv[n++] = "-D";
		break;
	default:
		return -EINVAL;
	}
	if (r->node && *r->node) {
		argv[n++] = "-N";
		argv[n++] = r->node;
	}
	argv[n] = NULL;
	return (int)n;
}

/* In the child: stdin/stdout to /dev/null, stderr to the pipe, nothing
 * else inherited, default signals; then exec. Never returns. */
static void child_exec(int errfd, char *const argv[])
{
	sigset_t none;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(126);
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	execv(SG_ATTRD_UPDATER, argv);
	execvp("attrd_updater", argv);
	fprintf(stderr, "cannot run attrd_updater: %s\n", strerror(errno));
	_exit(127);
}

int sg_attrd_run(const struct sg_attrd_req *r, unsigned int timeout_ms, char *err, size_t n)
{
	const char *argv[SG_ATTRD_ARGV_MAX + 1];
	char buf[512];
	size_t used = 0;
	uint64_t end = sg_now_mono_ms() + timeout_ms;
	int pfd[2], status = 0, rc, timed_out = 0;
	pid_t pid;

	if (err && n)
		err[0] = '\0';
	if (sg_attrd_argv(r, argv, SG_ARRAY_SIZE(argv)) < 0) {
		snprintf(err, n, "invalid attribute request");
		return -EINVAL;
	}
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		rc = -errno;
		snprintf(err, n, "pipe: %s", strerror(-rc));
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(pfd[0]);
		close(pfd[1]);
		snprintf(err, n, "fork: %s", strerror(-rc));
		return rc;
	}
	if (pid == 0)
		child_exec(pfd[1], (char *const *)argv);
	close(pfd[1]);
	/* collect stderr until it closes or time runs out; keep the start */
	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		uint64_t now = sg_now_mono_ms();
		char sink[256], *dst = used < sizeof(buf) - 1 ? buf + used : sink;
		size_t room = used < sizeof(buf) - 1 ? sizeof(buf) - 1 - used : sizeof(sink);
		ssize_t len;

		if (now >= end) {
			timed_out = 1;
			break;
		}
		if (poll(&p, 1, (int)(end - now)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		len = read(pfd[0], dst, room);
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			break;
		if (dst != sink)
			used += (size_t)len;
	}
	close(pfd[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[used] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (timed_out) {
		snprintf(err, n, "attrd_updater did not finish within %u ms", timeout_ms);
		return -ETIMEDOUT;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status)) {
		snprintf(err, n, "%s", buf[0] ? buf : "attrd_updater failed");
		return WEXITSTATUS(status);
	}
	snprintf(err, n, "attrd_updater killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -EINTR;
}
