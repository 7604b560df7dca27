/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relayclient.c - a supervisor's side of the publisher (relay.h): connect,
 * start one when none answers, make one call. */
#include "relay.h"

#include "log.h"
#include "spawn.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SG_SBINDIR
#define SG_SBINDIR "/usr/sbin"
#endif
#define PUBLISHER_BIN SG_SBINDIR "/samguard-publisher"

int sg_relay_call(int fd, const struct sg_relay_msg *req, struct sg_relay_msg *ans, void *vbuf, size_t vsize,
		  int timeout_ms)
{
	static char buf[SG_RELAY_MSG_MAX];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint64_t deadline = sg_now_mono_ms() + (uint64_t)timeout_ms;
	ssize_t n = sg_relay_encode(req, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	{
		ssize_t sent = send(fd, buf, (size_t)n, MSG_NOSIGNAL);

		if (sent != n)
			return sent < 0 ? -errno : -EIO;
	}
	for (;;) {
		uint64_t now = sg_now_mono_ms();
		int rc = poll(&pfd, 1, now >= deadline ? 0 : (int)(deadline - now));

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		if (rc == 0)
			return -ETIMEDOUT;
		break;
	}
	n = recv(fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ECONNRESET;
	if ((size_t)n > sizeof(buf) || sg_relay_decode(buf, (size_t)n, ans) < 0)
		return -EBADMSG;
	if (ans->vlen) {
		if (vbuf == NULL || ans->vlen > vsize)
			return -EBADMSG;
		memcpy(vbuf, ans->value, ans->vlen);
		ans->value = vbuf;
	}
	return 0;
}

/* Connect once, check the peer, say HELLO. */
static int connect_once(int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct sg_relay_msg req = { .code = SG_RELAY_HELLO }, ans;
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int fd, rc;

	rc = sg_rundir_trusted(NULL);
	if (rc < 0)
		return rc;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	sg_strlcpy(sa.sun_path, SG_RELAY_SOCK, sizeof(sa.sun_path));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		rc = -errno;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0) {
		rc = -errno;
		goto fail;
	}
	if (cred.uid != 0) {
		sg_err("%s is served by uid %u, not root: not used", SG_RELAY_SOCK, (unsigned)cred.uid);
		rc = -EPERM;
		goto fail;
	}
	rc = sg_relay_call(fd, &req, &ans, NULL, 0, timeout_ms);
	if (rc == 0 && ans.code != CS_OK)
		rc = -EHOSTDOWN;
	if (rc == 0)
		return fd;
fail:
	close(fd);
	return rc;
}

/* Start samguard-publisher, detached: sg_spawn (own session, default
 * signals, nothing open but /dev/null and the ready pipe as descriptor 3)
 * from a short-lived child, so that it is this process's grandchild and
 * nobody's child once that child exits. Wait until it listens or gives up. */
static int spawn_publisher(int timeout_ms)
{
	int pfd[2], status;
	pid_t pid;
	char c;
	ssize_t n;
	struct pollfd p;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = -errno;

		close(pfd[0]);
		close(pfd[1]);
		return e;
	}
	if (pid == 0) {
		char *const argv[] = { PUBLISHER_BIN, "--ready-fd", "3", NULL };
		struct sg_spawn_opts o = { .path = PUBLISHER_BIN, .argv = argv, .pass_fd = pfd[1] };
		char err[256];

		close(pfd[0]);
		if (sg_spawn(&o, err, sizeof(err)) < 0) {
			sg_err("cannot start samguard-publisher: %s", err);
			_exit(1);
		}
		_exit(0);
	}
	close(pfd[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	p.fd = pfd[0];
	p.events = POLLIN;
	for (;;) {
		int rc = poll(&p, 1, timeout_ms);

		if (rc < 0 && errno == EINTR)
			continue;
		n = rc > 0 ? read(pfd[0], &c, 1) : 0;
		break;
	}
	close(pfd[0]);
	return n == 1 ? 0 : -ECONNREFUSED;
}

int sg_relay_connect(int timeout_ms)
{
	return connect_once(timeout_ms);
}

int sg_relay_start(int timeout_ms, int (*may_start)(void))
{
	int fd = connect_once(timeout_ms), lock, rc;

	if (fd >= 0 || (fd != -ENOENT && fd != -ECONNREFUSED))
		return fd;
	/* one start at a time; who waited here finds the one started */
	lock = open(SG_RELAY_LOCK, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lock < 0)
		return -errno;
	while (flock(lock, LOCK_EX) < 0 && errno == EINTR)
		;
	fd = connect_once(timeout_ms);
	if ((fd == -ENOENT || fd == -ECONNREFUSED) && (may_start == NULL || may_start())) {
		rc = spawn_publisher(timeout_ms);
		fd = rc < 0 ? rc : connect_once(timeout_ms);
	}
	close(lock);
	return fd;
}
