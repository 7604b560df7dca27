/* notify.c - sd_notify socket, credentials and message parsing. */
#include "notify.h"

#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int parse_u64_field(const char *v, size_t len, uint64_t *out)
{
	char tmp[32];

	if (len == 0 || len >= sizeof(tmp) || memchr(v, '\0', len))
		return -EINVAL;
	memcpy(tmp, v, len);
	tmp[len] = '\0';
	return sg_parse_u64(tmp, 0, UINT64_MAX, out);
}

void sg_notify_parse(const char *buf, size_t len, struct sg_notify_msg *m)
{
	size_t i = 0;

	while (i < len) {
		const char *line = buf + i, *nl = memchr(line, '\n', len - i), *eq;
		size_t llen = nl ? (size_t)(nl - line) : len - i, klen, vlen;
		const char *v;

		i += llen + 1;
		eq = memchr(line, '=', llen);
		if (eq == NULL)
			continue;
		klen = (size_t)(eq - line);
		v = eq + 1;
		vlen = llen - klen - 1;
#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(line, k, klen))
#define VAL(s) (vlen == sizeof(s) - 1 && !memcmp(v, s, vlen))
		if (KEY("READY") && VAL("1"))
			m->ready = 1;
		else if (KEY("WATCHDOG") && VAL("1"))
			m->watchdog = 1;
		else if (KEY("WATCHDOG") && VAL("trigger"))
			m->trigger = 1;
		else if (KEY("STOPPING") && VAL("1"))
			m->stopping = 1;
		else if (KEY("STATUS")) {
			size_t c = vlen < sizeof(m->status) ? vlen : sizeof(m->status) - 1;

			memcpy(m->status, v, c);
			m->status[c] = '\0';
			for (size_t k = 0; k < c; k++)
				if ((unsigned char)m->status[k] < 0x20)
					m->status[k] = ' ';
			m->has_status = 1;
		} else if (KEY("WATCHDOG_USEC")) {
			uint64_t usec;

			/* 0 or garbage is ignored and keeps what was there */
			if (parse_u64_field(v, vlen, &usec) == 0 && usec > 0) {
				m->watchdog_usec = usec;
				m->has_watchdog_usec = 1;
			}
		} else if (KEY("EXTEND_TIMEOUT_USEC")) {
			uint64_t usec;

			if (parse_u64_field(v, vlen, &usec) == 0) {
				m->extend_usec = usec;
				m->has_extend_usec = 1;
			}
		}
#undef KEY
#undef VAL
	}
}

int sg_notify_open(const char *tag, char *env_value, size_t n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, one = 1, len;
	socklen_t salen;

	len = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1, "samguard/%s", tag);
	if (len < 0 || (size_t)len >= sizeof(sa.sun_path) - 1 || (size_t)len + 2 > n)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) != 0)
		goto fail;
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len);
	if (bind(fd, (struct sockaddr *)&sa, salen) != 0)
		goto fail;
	snprintf(env_value, n, "@%s", sa.sun_path + 1);
	return fd;
fail:
	len = -errno;
	close(fd);
	return len;
}

int sg_notify_recv(int fd, struct sg_notify_msg *m)
{
	char buf[4096];
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &ctl,
			      .msg_controllen = sizeof(ctl) };
	struct ucred cred = { .pid = 0 };
	ssize_t len;

	memset(m, 0, sizeof(*m));
	len = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
	if (len < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -errno;
	if ((size_t)len > sizeof(buf))
		return 0; /* oversized: ignore, as systemd does */
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
			memcpy(&cred, CMSG_DATA(c), sizeof(cred));
	if (cred.pid <= 0)
		return 0;
	sg_notify_parse(buf, (size_t)len, m);
	m->sender = cred.pid;
	return 1;
}
