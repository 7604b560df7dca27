/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* notifyclient.c - a shim library's socket to the supervisor. */
#include "notifyclient.h"

#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

/* $NOTIFY_SOCKET as an address. Returns its length or -errno. */
static int target_addr(struct sockaddr_un *sa)
{
	const char *e = getenv("NOTIFY_SOCKET");
	size_t len;

	if (e == NULL || e[0] == '\0')
		return -ENOENT;
	if (e[0] != '@' && e[0] != '/')
		return -EAFNOSUPPORT;
	len = strlen(e);
	if (len < 2 || len > sizeof(sa->sun_path) || (e[0] == '/' && len == sizeof(sa->sun_path)))
		return -ENAMETOOLONG;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, e, len);
	if (e[0] == '@')
		sa->sun_path[0] = '\0';
	/* a path is NUL-terminated, an abstract name is exactly len bytes */
	return (int)(offsetof(struct sockaddr_un, sun_path) + len + (e[0] == '/'));
}

int sg_nclient_open(struct sg_nclient *c)
{
	struct sockaddr_un sa, self = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = SG_NCLIENT_SEND_MS / 1000, .tv_usec = (SG_NCLIENT_SEND_MS % 1000) * 1000 };
	int len = target_addr(&sa), fd, e;

	if (len < 0)
		return len;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* autobind: the kernel picks a unique abstract name for our replies */
	if (bind(fd, (struct sockaddr *)&self, sizeof(sa_family_t)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0 ||
	    connect(fd, (struct sockaddr *)&sa, (socklen_t)len) != 0) {
		e = errno;
		close(fd);
		return -e;
	}
	c->fd = fd;
	c->pid = getpid();
	c->has_pending_ping = 0;
	return 0;
}

int sg_nclient_is_open(const struct sg_nclient *c)
{
	return c->fd >= 0 && c->pid == getpid();
}

void sg_nclient_close(struct sg_nclient *c)
{
	if (sg_nclient_is_open(c))
		close(c->fd);
	c->fd = -1;
	c->pid = 0;
	c->has_pending_ping = 0;
}

int sg_nclient_send(struct sg_nclient *c, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;

	if (!sg_nclient_is_open(c))
		return -EBADF;
	do {
		n = send(c->fd, text, len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return 0;
}

int sg_nclient_recv(struct sg_nclient *c, struct sg_notify_msg *m)
{
	char buf[SG_NOTIFY_MAX];
	ssize_t n;

	memset(m, 0, sizeof(*m));
	if (!sg_nclient_is_open(c))
		return -EBADF;
	n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -errno;
	if ((size_t)n <= sizeof(buf))
		sg_notify_parse(buf, (size_t)n, m);
	return 1;
}

int sg_nclient_request(struct sg_nclient *c, const char *text, int timeout_ms)
{
	char buf[SG_NOTIFY_MAX];
	uint32_t id = ++c->next_request;
	uint64_t end = sg_now_mono_ms() + (uint64_t)timeout_ms;
	int rc;

	if (snprintf(buf, sizeof(buf), "%s%s" SG_NX_REQUEST "=%u\n", text,
		     text[0] && text[strlen(text) - 1] != '\n' ? "\n" : "", id) >= (int)sizeof(buf))
		return -EMSGSIZE;
	rc = sg_nclient_send(c, buf);
	if (rc < 0)
		return rc;
	for (;;) {
		struct sg_notify_msg m;
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		uint64_t now = sg_now_mono_ms();

		if (now >= end)
			return -ETIMEDOUT;
		rc = poll(&p, 1, (int)(end - now));
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc <= 0)
			continue;
		while ((rc = sg_nclient_recv(c, &m)) == 1) {
			if (m.has_ping) {
				c->pending_ping = m.ping;
				c->has_pending_ping = 1;
			}
			if (m.has_reply && m.reply == id)
				return m.has_errno ? -m.err : 0;
		}
		if (rc < 0)
			return rc;
	}
}
