/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.c - supervisor status socket, server and client. */
#include "status.h"

#include "rundir.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* The socket's address: SG_RUNDIR/status/<supervisor pid>. */
static socklen_t status_addr(pid_t supervisor, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (sg_rundir_sock_path(SG_RUNDIR_STATUS, supervisor, sa->sun_path, sizeof(sa->sun_path)) < 0)
		return 0;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(sa->sun_path) + 1);
}

int sg_status_listen_at(pid_t supervisor)
{
	struct sockaddr_un sa;
	socklen_t salen = status_addr(supervisor, &sa);
	int fd, rc;

	if (salen == 0)
		return -ENAMETOOLONG;
	if ((rc = sg_rundir_trusted(SG_RUNDIR_STATUS)) < 0)
		return rc;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* the mode of the socket inode becomes the file's at bind: 0600 from
	 * the first instant, so nobody but root can connect */
	if (fchmod(fd, 0600) != 0)
		goto fail;
	if (unlink(sa.sun_path) != 0 && errno != ENOENT)
		goto fail;
	if (bind(fd, (struct sockaddr *)&sa, salen) != 0 || listen(fd, 8) != 0)
		goto fail;
	return fd;
fail:
	rc = -errno;
	close(fd);
	return rc;
}

void sg_status_unlink(pid_t supervisor)
{
	struct sockaddr_un sa;

	if (status_addr(supervisor, &sa) != 0)
		unlink(sa.sun_path);
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

int sg_status_accept(int lfd, int timeout_ms, uid_t *peer_uid)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	char req[64];
	int fd, rc;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	/* who is asking, before anything that costs (cmap, votequorum) */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 || cred.uid != 0) {
		if (peer_uid)
			*peer_uid = clen == sizeof(cred) ? cred.uid : (uid_t)-1;
		rc = -EPERM;
		goto fail;
	}
	if ((rc = wait_fd(fd, POLLIN, timeout_ms)) < 0)
		goto fail;
	if (recv(fd, req, sizeof(req), MSG_DONTWAIT) < 6 || memcmp(req, "status", 6)) {
		rc = -EINVAL;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return rc;
}

int sg_status_send(int fd, const char *reply, size_t len)
{
	int rc = 0;

	if (send(fd, reply, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		rc = -errno;
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
		else if (!strcmp(line, "sam." SG_SAM_KEY_STATE)) {
			sg_strlcpy(ss->state, eq, sizeof(ss->state));
			ss->found = ss->state[0] != '\0';
		} else if (!strcmp(line, "sam." SG_SAM_KEY_RECOVERY))
			sg_strlcpy(ss->recovery, eq, sizeof(ss->recovery));
		else if (!strcmp(line, "sam." SG_SAM_KEY_POLL_PERIOD) && sg_parse_u64(eq, 0, UINT64_MAX, &v) == 0)
			ss->poll_period_ms = v;
		else if (!strcmp(line, "sam." SG_SAM_KEY_LAST_UPDATED) && sg_parse_u64(eq, 0, UINT64_MAX, &v) == 0) {
			ss->last_updated_ns = v;
			ss->has_last_updated = 1;
		} else
			sg_resource_state_apply(rs, line, eq);
	}
	if (!keys_present)
		memset(rs, 0, sizeof(*rs));
	return 0;
}

/* Is the listening end of fd the child of sup that it must be? */
static int peer_trusted(int fd, const struct sg_procid *sup, pid_t *peer)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 || clen != sizeof(cred))
		return -EPERM;
	if (cred.uid != 0 || cred.pid <= 0 || sg_procid_parent(cred.pid) != sup->pid || !sg_procid_alive(sup))
		return -EPERM;
	*peer = cred.pid;
	return 0;
}

int sg_status_query(const struct sg_procid *sup, int timeout_ms, struct sg_resource_state *rs,
		    struct sg_sam_state *ss, int *cmap_ok, struct sg_quorum_obs *q)
{
	struct sockaddr_un sa;
	socklen_t salen = status_addr(sup->pid, &sa);
	char buf[SG_STATUS_MAX];
	ssize_t len;
	pid_t peer = 0;
	int fd, rc;

	if (salen == 0)
		return -ENAMETOOLONG;
	if ((rc = sg_rundir_trusted(SG_RUNDIR_STATUS)) < 0)
		return rc == -ENOENT ? rc : -EPERM;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, salen) != 0) {
		rc = -errno;
		goto out;
	}
	/* who answers, before a byte is read */
	if ((rc = peer_trusted(fd, sup, &peer)) < 0)
		goto out;
	if (send(fd, "status", 6, MSG_NOSIGNAL) != 6) {
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
	/* the pids a stop may signal must be the ones we checked */
	if (rc == 0 && ((rs->child_pid && (pid_t)rs->child_pid != peer) ||
			(rs->supervisor_pid && (pid_t)rs->supervisor_pid != sup->pid)))
		rc = -EPROTO;
out:
	close(fd);
	return rc;
}
