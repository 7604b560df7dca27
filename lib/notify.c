/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* notify.c - sd_notify socket, credentials, and the parsing of messages in
 * both directions, samguard's X-SAMGUARD- extensions included. */
#include "notify.h"

#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

/* Parse a whole field as an unsigned decimal in [min, max]. */
static int parse_num(const char *v, size_t len, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t n;

	if (parse_u64_field(v, len, &n) != 0 || n < min || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

/* Copy text into dst (size n), cut at n - 1, control characters as spaces. */
static void copy_text(char *dst, size_t n, const char *v, size_t len)
{
	size_t c = len < n ? len : n - 1;

	memcpy(dst, v, c);
	dst[c] = '\0';
	for (size_t k = 0; k < c; k++)
		if ((unsigned char)dst[k] < 0x20 || dst[k] == 0x7f)
			dst[k] = ' ';
}

/* "<hex address>:<length>", the address without 0x, length 1, 2, 4 or 8. */
static int parse_counter(const char *v, size_t len, uint64_t *addr, unsigned int *clen)
{
	const char *colon = memchr(v, ':', len);
	uint64_t a = 0, l;
	size_t digits;

	if (colon == NULL)
		return -EINVAL;
	digits = (size_t)(colon - v);
	if (digits == 0 || digits > 16)
		return -EINVAL;
	for (size_t i = 0; i < digits; i++) {
		int d;

		if (v[i] >= '0' && v[i] <= '9')
			d = v[i] - '0';
		else if (v[i] >= 'a' && v[i] <= 'f')
			d = v[i] - 'a' + 10;
		else if (v[i] >= 'A' && v[i] <= 'F')
			d = v[i] - 'A' + 10;
		else
			return -EINVAL;
		a = a << 4 | (uint64_t)d;
	}
	if (a == 0 || parse_num(colon + 1, len - digits - 1, 1, 8, &l) != 0 || (l & (l - 1)) != 0)
		return -EINVAL;
	*addr = a;
	*clen = (unsigned int)l;
	return 0;
}

/* One X-SAMGUARD- assignment; k/klen without the prefix. */
static void parse_ext(const char *k, size_t klen, const char *v, size_t vlen, struct sg_notify_msg *m)
{
	uint64_t n;
	int ok = 1;

#define EKEY(s) (klen == sizeof(s) - 1 - (sizeof(SG_NX_PREFIX) - 1) && \
		 !memcmp(k, &(s)[sizeof(SG_NX_PREFIX) - 1], klen))
#define VAL(s) (vlen == sizeof(s) - 1 && !memcmp(v, s, vlen))
	m->ext = 1;
	if (EKEY(SG_NX_CLIENT)) {
		ok = vlen > 0 && vlen < sizeof(m->client);
		for (size_t i = 0; ok && i < vlen; i++)
			ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') || v[i] == '_';
		if (ok) {
			memcpy(m->client, v, vlen);
			m->client[vlen] = '\0';
		}
	} else if (EKEY(SG_NX_NAME)) {
		copy_text(m->name, sizeof(m->name), v, vlen);
		m->has_name = 1;
	} else if (EKEY(SG_NX_REQUEST)) {
		if ((ok = parse_num(v, vlen, 0, UINT32_MAX, &n) == 0)) {
			m->request = (uint32_t)n;
			m->has_request = 1;
		}
	} else if (EKEY(SG_NX_UNREGISTER)) {
		if ((ok = VAL("1")))
			m->unregister = 1;
	} else if (EKEY(SG_NX_ESCALATE)) {
		if ((ok = VAL("0") || VAL("1"))) {
			m->escalate = VAL("1");
			m->has_escalate = 1;
		}
	} else if (EKEY(SG_NX_WATCHDOG)) {
		if ((ok = VAL("off")))
			m->watchdog_off = 1;
	} else if (EKEY(SG_NX_WARN_USEC)) {
		if ((ok = parse_num(v, vlen, 0, UINT64_MAX, &m->warn_usec) == 0))
			m->has_warn_usec = 1;
	} else if (EKEY(SG_NX_CHECK)) {
		if (VAL("none"))
			m->check = SG_NOTIFY_CHECK_NONE;
		else if (VAL("ping"))
			m->check = SG_NOTIFY_CHECK_PING;
		else if (VAL("counter"))
			m->check = SG_NOTIFY_CHECK_COUNTER;
		else
			ok = 0;
		m->has_check = ok;
	} else if (EKEY(SG_NX_CHECK_USEC)) {
		if ((ok = parse_num(v, vlen, 1, UINT64_MAX, &m->check_usec) == 0))
			m->has_check_usec = 1;
	} else if (EKEY(SG_NX_CHECK_TIMEOUT_USEC)) {
		if ((ok = parse_num(v, vlen, 1, UINT64_MAX, &m->check_timeout_usec) == 0))
			m->has_check_timeout_usec = 1;
	} else if (EKEY(SG_NX_COUNTER)) {
		if ((ok = parse_counter(v, vlen, &m->counter_addr, &m->counter_len) == 0))
			m->has_counter = 1;
	} else if (EKEY(SG_NX_PONG)) {
		if ((ok = parse_num(v, vlen, 0, UINT32_MAX, &n) == 0)) {
			m->pong = (uint32_t)n;
			m->has_pong = 1;
		}
	} else if (EKEY(SG_NX_FAILED)) {
		copy_text(m->failed, sizeof(m->failed), v, vlen);
		m->has_failed = 1;
	} else if (EKEY(SG_NX_REPLY)) {
		if ((ok = parse_num(v, vlen, 0, UINT32_MAX, &n) == 0)) {
			m->reply = (uint32_t)n;
			m->has_reply = 1;
		}
	} else if (EKEY(SG_NX_ERRNO)) {
		if ((ok = parse_num(v, vlen, 0, 4095, &n) == 0)) {
			m->err = (int)n;
			m->has_errno = 1;
		}
	} else if (EKEY(SG_NX_PING)) {
		if ((ok = parse_num(v, vlen, 0, UINT32_MAX, &n) == 0)) {
			m->ping = (uint32_t)n;
			m->has_ping = 1;
		}
	}
	if (!ok)
		m->ext_invalid++;
#undef EKEY
#undef VAL
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
			copy_text(m->status, sizeof(m->status), v, vlen);
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
		} else if (klen > sizeof(SG_NX_PREFIX) - 1 && !memcmp(line, SG_NX_PREFIX, sizeof(SG_NX_PREFIX) - 1)) {
			parse_ext(line + sizeof(SG_NX_PREFIX) - 1, klen - (sizeof(SG_NX_PREFIX) - 1), v, vlen, m);
		}
#undef KEY
#undef VAL
	}
}

int sg_notify_open_path(const char *path, uid_t uid, gid_t gid, char *env_value, size_t n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(path);
	socklen_t salen;
	int fd, one = 1, rc;

	if (path[0] != '/')
		return -EINVAL;
	if (len >= sizeof(sa.sun_path) || len + 1 > n)
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, len + 1);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* the socket inode's mode becomes the file's at bind: nobody but its
	 * owner may send from the first instant (connect needs write access) */
	if (fchmod(fd, 0600) != 0 || setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) != 0)
		goto fail;
	if (unlink(path) != 0 && errno != ENOENT)
		goto fail;
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
	if (bind(fd, (struct sockaddr *)&sa, salen) != 0)
		goto fail;
	/* then hand it to the daemon's user; until now only root could send */
	if (chown(path, uid, gid) != 0) {
		rc = -errno;
		unlink(path);
		close(fd);
		return rc;
	}
	memcpy(env_value, path, len + 1);
	return fd;
fail:
	rc = -errno;
	close(fd);
	return rc;
}

int sg_notify_recv(int fd, struct sg_notify_msg *m)
{
	char buf[SG_NOTIFY_MAX];
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;
	struct sockaddr_un from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			      .msg_iovlen = 1, .msg_control = &ctl, .msg_controllen = sizeof(ctl) };
	struct ucred cred = { .pid = 0 };
	ssize_t len;

	memset(m, 0, sizeof(*m));
	memset(&from, 0, sizeof(from));
	len = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
	if (len < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -errno;
	if ((size_t)len > sizeof(buf))
		return -EMSGSIZE; /* oversized: dropped, as systemd does; more may follow */
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
			memcpy(&cred, CMSG_DATA(c), sizeof(cred));
	if (cred.pid <= 0)
		return -EBADMSG;
	sg_notify_parse(buf, (size_t)len, m);
	m->sender = cred.pid;
	m->sender_uid = cred.uid;
	if (msg.msg_namelen > sizeof(sa_family_t) && msg.msg_namelen <= sizeof(from)) {
		m->from = from;
		m->fromlen = msg.msg_namelen;
	}
	return 1;
}

int sg_notify_can_answer(const struct sg_notify_msg *m)
{
	return m->fromlen > sizeof(sa_family_t);
}

int sg_notify_sendto(int fd, const struct sockaddr_un *addr, socklen_t len, const char *text)
{
	ssize_t n = sendto(fd, text, strlen(text), MSG_DONTWAIT | MSG_NOSIGNAL, (const struct sockaddr *)addr, len);

	if (n < 0)
		return -errno;
	return 0;
}
