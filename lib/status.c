/* status.c - supervisor status socket, server and client. */
#include "status.h"

#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static socklen_t status_addr(const char *enc, struct sockaddr_un *sa)
{
	int len;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	len = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "samguard/%s/status", enc);
	if (len < 0 || (size_t)len >= sizeof(sa->sun_path) - 1)
		return 0;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len);
}

int sg_status_listen(const char *enc)
{
	struct sockaddr_un sa;
	socklen_t salen = status_addr(enc, &sa);
	int fd, rc;

	if (salen == 0)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, salen) != 0 || listen(fd, 8) != 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

static int wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int rc;

	do {
		rc = poll(&p, 1, timeout_ms);
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	return rc == 0 ? -ETIMEDOUT : 0;
}

int sg_status_answer(int lfd, const char *reply, size_t len, int timeout_ms)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	char req[64];
	int fd, rc = 0;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 || cred.uid != 0) {
		rc = -EPERM;
		goto out;
	}
	if ((rc = wait_fd(fd, POLLIN, timeout_ms)) < 0)
		goto out;
	if (recv(fd, req, sizeof(req), MSG_DONTWAIT) < 6 || memcmp(req, "status", 6)) {
		rc = -EINVAL;
		goto out;
	}
	if (send(fd, reply, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		rc = -errno;
out:
	close(fd);
	return rc;
}

int sg_status_parse(const char *buf, size_t len, struct sg_resource_state *rs, struct sg_sam_state *ss,
		    int *cmap_ok, struct sg_quorum_obs *q)
{
	int keys_present = 1;
	size_t i = 0;

	memset(rs, 0, sizeof(*rs));
	memset(ss, 0, sizeof(*ss));
	memset(q, 0, sizeof(*q));
	*cmap_ok = 0;
	while (i < len) {
		char line[1024], *eq;
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - buf - i) : len - i;
		uint64_t v = 0;

		if (l >= sizeof(line))
			return -EINVAL;
		memcpy(line, buf + i, l);
		line[l] = '\0';
		i += l + 1;
		eq = strchr(line, '=');
		if (eq == NULL)
			continue;
		*eq++ = '\0';
		if (!strcmp(line, "cmap_ok"))
			*cmap_ok = !strcmp(eq, "1");
		else if (!strcmp(line, "keys_present"))
			keys_present = !strcmp(eq, "1");
		else if (!strcmp(line, "quorum.known"))
			q->known = !strcmp(eq, "1");
		else if (!strcmp(line, "quorum.quorate"))
			q->quorate = !strcmp(eq, "1");
		else if (!strcmp(line, "quorum.two_node_alone"))
			q->two_node_alone = !strcmp(eq, "1");
		else if (!strcmp(line, "quorum.qdevice_unhealthy"))
			q->qdevice_unhealthy = !strcmp(eq, "1");
		else if (!strcmp(line, "sam.state")) {
			sg_strlcpy(ss->state, eq, sizeof(ss->state));
			ss->found = ss->state[0] != '\0';
		} else if (!strcmp(line, "sam.recovery"))
			sg_strlcpy(ss->recovery, eq, sizeof(ss->recovery));
		else if (!strcmp(line, "sam.poll_period") && sg_parse_u64(eq, 0, UINT64_MAX, &v) == 0)
			ss->poll_period_ms = v;
		else if (!strcmp(line, "sam.last_updated") && sg_parse_u64(eq, 0, UINT64_MAX, &v) == 0) {
			ss->last_updated_ns = v;
			ss->has_last_updated = 1;
		} else
			sg_resource_state_apply(rs, line, eq);
	}
	if (!keys_present)
		memset(rs, 0, sizeof(*rs));
	return 0;
}

int sg_status_query(const char *enc, int timeout_ms, struct sg_resource_state *rs, struct sg_sam_state *ss,
		    int *cmap_ok, struct sg_quorum_obs *q)
{
	struct sockaddr_un sa;
	socklen_t salen = status_addr(enc, &sa);
	char buf[SG_STATUS_MAX];
	ssize_t len;
	int fd, rc;

	if (salen == 0)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, salen) != 0 || send(fd, "status", 6, MSG_NOSIGNAL) != 6) {
		rc = -errno;
		goto out;
	}
	if ((rc = wait_fd(fd, POLLIN, timeout_ms)) < 0)
		goto out;
	len = recv(fd, buf, sizeof(buf), 0);
	if (len <= 0) {
		rc = len < 0 ? -errno : -ECONNRESET;
		goto out;
	}
	rc = sg_status_parse(buf, (size_t)len, rs, ss, cmap_ok, q);
out:
	close(fd);
	return rc;
}
