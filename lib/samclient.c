/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samclient.c - talk to samguardctl serve. */
#include "samclient.h"

#include "samserve.h"
#include "spawn.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int connect_server(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + sizeof(SG_SERVE_SOCKET) - 1);
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -errno;
	memcpy(sa.sun_path + 1, SG_SERVE_SOCKET, sizeof(SG_SERVE_SOCKET) - 1);
	if (connect(fd, (struct sockaddr *)&sa, len) != 0) {
		rc = errno == ECONNREFUSED ? -ECONNREFUSED : -errno;
		close(fd);
		return rc;
	}
	/* anyone may bind an abstract name: believe only a root server */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cred.uid != 0) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

int sg_samclient_request(const char *request, unsigned int timeout_ms, char **out, size_t *len, char *msg,
		      size_t n)
{
	uint64_t end = sg_now_mono_ms() + timeout_ms;
	size_t used = 0, cap = 65536, rl = strlen(request);
	char *buf, *nl, *payload;
	long code;
	int fd = connect_server(), rc = 0;

	*out = NULL;
	*len = 0;
	if (msg && n)
		msg[0] = '\0';
	if (fd < 0)
		return fd;
	if (send(fd, request, rl, MSG_NOSIGNAL) != (ssize_t)rl || send(fd, "\n\n", 2, MSG_NOSIGNAL) != 2) {
		rc = -errno;
		close(fd);
		return rc ? rc : -EIO;
	}
	shutdown(fd, SHUT_WR);
	buf = malloc(cap);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t now = sg_now_mono_ms();
		ssize_t r;

		if (now >= end) {
			rc = -ETIMEDOUT;
			break;
		}
		if (poll(&p, 1, (int)(end - now)) < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		if (used + 1 == cap) {
			char *nb = realloc(buf, cap * 2);

			if (nb == NULL) {
				rc = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + used, cap - 1 - used);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			break;
		}
		if (r == 0)
			break;
		used += (size_t)r;
	}
	close(fd);
	buf[used] = '\0';
	if (rc < 0) {
		free(buf);
		return rc;
	}
	/* "<code> <message>\n<payload>" */
	nl = strchr(buf, '\n');
	if (nl == NULL || sscanf(buf, "%ld", &code) != 1 || code < 0 || code > 255) {
		free(buf);
		return -EPROTO;
	}
	*nl = '\0';
	if (msg && n) {
		const char *m = strchr(buf, ' ');

		snprintf(msg, n, "%s", m ? m + 1 : "");
	}
	payload = nl + 1;
	*len = used - (size_t)(payload - buf);
	memmove(buf, payload, *len + 1);
	*out = buf;
	return (int)code;
}

int sg_samclient_health_parse(const char *payload, struct sg_node_health *h)
{
	const char *p = payload;
	int have_color = 0;

	memset(h, 0, sizeof(*h));
	while (p && *p) {
		size_t len = strcspn(p, "\n");
		char line[sizeof(h->summary) + 16];
		char *eq;

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p += strcspn(p, "\n");
		if (*p)
			p++;
		eq = strchr(line, '=');
		if (eq == NULL)
			continue;
		*eq++ = '\0';
		if (!strcmp(line, "color")) {
			if (sg_color_parse(eq, &h->color) != 0)
				return -EPROTO;
			have_color = 1;
		} else if (!strcmp(line, "watched")) {
			h->counts.watched = (unsigned int)strtoul(eq, NULL, 10);
		} else if (!strcmp(line, "ok")) {
			h->counts.ok = (unsigned int)strtoul(eq, NULL, 10);
		} else if (!strcmp(line, "degraded")) {
			h->counts.degraded = (unsigned int)strtoul(eq, NULL, 10);
		} else if (!strcmp(line, "failed")) {
			h->counts.failed = (unsigned int)strtoul(eq, NULL, 10);
		} else if (!strcmp(line, "summary")) {
			sg_strlcpy(h->summary, eq, sizeof(h->summary));
		}
	}
	return have_color ? 0 : -EPROTO;
}

/* One "key=value" line; values are single lines by construction (the
 * parameters come from the CIB: a newline would be a new key). */
static int add_param(char *buf, size_t n, size_t *o, const char *key, const char *value)
{
	int w;

	if (value && strchr(value, '\n'))
		return -EINVAL;
	w = snprintf(buf + *o, n - *o, "\n%s=%s", key, value ? value : "");
	if (w < 0 || (size_t)w >= n - *o)
		return -E2BIG;
	*o += (size_t)w;
	return 0;
}

int sg_samclient_health(const struct sg_samhealth_config *p, unsigned int timeout_ms, struct sg_node_health *h,
		     char *msg, size_t n)
{
	char req[SG_SERVE_REQUEST_MAX], yl[24], rl[24], *out;
	size_t o = 0, len;
	int rc;

	snprintf(yl, sizeof(yl), "%u%s", p->limits.yellow.value, p->limits.yellow.percent ? "%" : "");
	snprintf(rl, sizeof(rl), "%u%s", p->limits.red.value, p->limits.red.percent ? "%" : "");
	o = (size_t)snprintf(req, sizeof(req), "health");
	if (add_param(req, sizeof(req), &o, "yellow_limit", yl) || add_param(req, sizeof(req), &o, "red_limit", rl) ||
	    add_param(req, sizeof(req), &o, "stale", sg_stale_name(p->limits.stale)) ||
	    add_param(req, sizeof(req), &o, "include", p->include) ||
	    add_param(req, sizeof(req), &o, "exclude", p->exclude) ||
	    add_param(req, sizeof(req), &o, "dampen", p->dampen) ||
	    add_param(req, sizeof(req), &o, "attribute", p->attribute))
		return -EINVAL;
	rc = sg_samclient_request(req, timeout_ms, &out, &len, msg, n);
	if (rc != 0) {
		free(out);
		return rc;
	}
	rc = sg_samclient_health_parse(out, h);
	free(out);
	return rc;
}

pid_t sg_samclient_spawn_server(unsigned int wait_ms)
{
	char *argv[] = { SG_SAMGUARDCTL, "serve", NULL }, err[256];
	struct sg_spawn_opts so = { .path = SG_SAMGUARDCTL, .argv = argv, .workdir = "/", .out_path = "/dev/null" };
	uint64_t end = sg_now_mono_ms() + wait_ms;
	pid_t pid = sg_spawn(&so, err, sizeof(err));

	if (pid < 0)
		return pid;
	while (wait_ms) {
		char *out;
		size_t len;
		int status;

		/* it exits at once when another server holds the socket */
		if (waitpid(pid, &status, WNOHANG) == pid)
			return -EADDRINUSE;
		if (sg_samclient_request("ping", 200, &out, &len, NULL, 0) == 0) {
			free(out);
			return pid;
		}
		free(out);
		if (sg_now_mono_ms() >= end)
			return -ETIMEDOUT;
		sg_sleep_ms(10);
	}
	return pid;
}
