/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samserve.c - the query server over a live view of the SAM processes. */
#include "samserve.h"

#include "samhealthparams.h"
#include "log.h"
#include "namefilter.h"
#include "nodehealth.h"
#include "samguardctl_exit.h"
#include "samlive.h"
#include "samproc.h"
#include "samreport.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CLIENT_TIMEOUT_MS 2000

static socklen_t serve_addr(struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path + 1, SG_SERVE_SOCKET, sizeof(SG_SERVE_SOCKET) - 1);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + sizeof(SG_SERVE_SOCKET) - 1);
}

int sg_serve_listen(void)
{
	struct sockaddr_un sa;
	socklen_t len = serve_addr(&sa);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), rc;

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, len) != 0 || listen(fd, 64) != 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

/* The "key=value" lines of a request, split in place. */
struct req_params {
	char buf[SG_SERVE_REQUEST_MAX];
	const char *key[32];
	const char *value[32];
	size_t n;
};

static void req_split(const char *req, struct req_params *rp)
{
	char *p, *save = NULL;

	rp->n = 0;
	sg_strlcpy(rp->buf, req, sizeof(rp->buf));
	p = strchr(rp->buf, '\n');
	if (p == NULL)
		return;
	for (char *line = strtok_r(p + 1, "\n", &save); line && rp->n < SG_ARRAY_SIZE(rp->key);
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (eq == NULL)
			continue;
		*eq = '\0';
		rp->key[rp->n] = line;
		rp->value[rp->n++] = eq + 1;
	}
}

/* get() for sg_samhealth_config_load over a split request. */
static const char *req_param(const char *name, void *ctx)
{
	const struct req_params *rp = ctx;

	for (size_t i = 0; i < rp->n; i++)
		if (!strcmp(rp->key[i], name))
			return rp->value[i];
	return NULL;
}

/* The list of processes now. Returns the count or -errno; *v malloc'ed. */
static ssize_t current(struct sg_live *l, struct sg_samproc **v)
{
	int rc = sg_live_dispatch(l);

	if (rc == 0)
		rc = sg_live_refresh(l);
	if (rc < 0) {
		*v = NULL;
		return rc;
	}
	sg_live_settle(l, l->no_pidfd);
	l->changed = 0;
	return sg_samprocs(&l->t, sg_now_mono_ns(), v);
}

/* Health for the parameters in req: "color=...", counts and summary. */
static int answer_health(struct sg_live *l, const char *req, FILE *out)
{
	struct sg_samhealth_config p;
	struct sg_namefilter f;
	struct sg_node_health h;
	struct sg_samproc *v;
	char reason[256];
	ssize_t n;

	struct req_params rp;

	req_split(req, &rp);
	if (sg_samhealth_config_load(&p, req_param, &rp, reason, sizeof(reason)) != 0) {
		fprintf(out, "%d %s\n", SG_CTL_USAGE, reason);
		return 0;
	}
	if (sg_namefilter_init(&f, p.include, p.exclude, reason, sizeof(reason)) != 0) {
		fprintf(out, "%d %s\n", SG_CTL_USAGE, reason);
		return 0;
	}
	n = current(l, &v);
	if (n < 0) {
		sg_namefilter_free(&f);
		fprintf(out, "%d cannot read cmap: %s\n", SG_CTL_FAIL, strerror((int)-n));
		return 0;
	}
	sg_node_health_judge(v, (size_t)n, &f, &p.limits, &h);
	sg_namefilter_free(&f);
	free(v);
	fprintf(out, "%d ok\ncolor=%s\nwatched=%u\nok=%u\ndegraded=%u\nfailed=%u\nsummary=%s\n", SG_CTL_OK,
		sg_color_name(h.color), h.counts.watched, h.counts.ok, h.counts.degraded, h.counts.failed, h.summary);
	return 0;
}

int sg_serve_answer(struct sg_live *l, const char *req, FILE *out)
{
	char verb[32], arg[SG_NAME_MAX * 3 + 32];
	const char *sp;
	size_t vl = strcspn(req, " \n");
	struct sg_samproc *v = NULL;
	ssize_t n;

	if (vl == 0 || vl >= sizeof(verb)) {
		fprintf(out, "%d empty or unknown request\n", SG_CTL_USAGE);
		return 0;
	}
	memcpy(verb, req, vl);
	verb[vl] = '\0';
	arg[0] = '\0';
	sp = req + vl;
	if (*sp == ' ') {
		size_t al = strcspn(sp + 1, "\n");

		if (al >= sizeof(arg))
			al = sizeof(arg) - 1;
		memcpy(arg, sp + 1, al);
		arg[al] = '\0';
	}
	if (!strcmp(verb, "ping")) {
		fprintf(out, "%d pong\n", SG_CTL_OK);
		return 0;
	}
	if (!strcmp(verb, "quit")) {
		fprintf(out, "%d bye\n", SG_CTL_OK);
		return 1;
	}
	if (!strcmp(verb, "health"))
		return answer_health(l, req, out);
	if (strcmp(verb, "list") && strcmp(verb, "list-json") && strcmp(verb, "show") && strcmp(verb, "show-json")) {
		fprintf(out, "%d unknown request %s\n", SG_CTL_USAGE, verb);
		return 0;
	}
	n = current(l, &v);
	if (n < 0) {
		fprintf(out, "%d cannot read cmap: %s\n", SG_CTL_FAIL, strerror((int)-n));
		return 0;
	}
	if (!strcmp(verb, "list")) {
		fprintf(out, "%d ok\n", SG_CTL_OK);
		sg_report_list_text(out, v, (size_t)n);
	} else if (!strcmp(verb, "list-json")) {
		fprintf(out, "%d ok\n", SG_CTL_OK);
		sg_report_list_json(out, v, (size_t)n, 1);
	} else {
		const struct sg_samproc *p = sg_samprocs_find(v, (size_t)n, arg);

		if (p == NULL) {
			fprintf(out, "%d no SAM process named or numbered \"%s\" on this node\n", SG_CTL_NOTFOUND, arg);
		} else if (!strcmp(verb, "show")) {
			fprintf(out, "%d ok\n", SG_CTL_OK);
			sg_report_show_text(out, p);
		} else {
			fprintf(out, "%d ok\n", SG_CTL_OK);
			sg_report_show_json(out, p, 1);
		}
	}
	free(v);
	return 0;
}

/* Read one request (up to an empty line or EOF) within the timeout. */
static int read_request(int fd, char *buf, size_t n)
{
	uint64_t end = sg_now_mono_ms() + CLIENT_TIMEOUT_MS;
	size_t used = 0;

	while (used + 1 < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t now = sg_now_mono_ms();
		ssize_t len;

		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)(end - now)) < 0 && errno != EINTR)
			return -errno;
		len = read(fd, buf + used, n - 1 - used);
		if (len < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (len < 0)
			return -errno;
		if (len == 0)
			break;
		used += (size_t)len;
		buf[used] = '\0';
		if (strstr(buf, "\n\n"))
			break;
	}
	buf[used] = '\0';
	return used ? 0 : -EINVAL;
}

/* Write everything within the timeout. */
static int write_all(int fd, const char *p, size_t len)
{
	uint64_t end = sg_now_mono_ms() + CLIENT_TIMEOUT_MS;

	while (len) {
		struct pollfd pf = { .fd = fd, .events = POLLOUT };
		uint64_t now = sg_now_mono_ms();
		ssize_t w;

		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&pf, 1, (int)(end - now)) < 0 && errno != EINTR)
			return -errno;
		w = send(fd, p, len, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w < 0)
			return -errno;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Serve one client; returns 1 when it asked us to quit. */
static int serve_client(struct sg_live *l, int fd)
{
	char req[SG_SERVE_REQUEST_MAX];
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	char *ans = NULL;
	size_t alen = 0;
	FILE *out;
	int quit = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cred.uid != 0) {
		char no[32];
		int len = snprintf(no, sizeof(no), "%d only root may ask\n", SG_CTL_NOACCESS);

		write_all(fd, no, (size_t)len);
		return 0;
	}
	if (read_request(fd, req, sizeof(req)) != 0)
		return 0;
	out = open_memstream(&ans, &alen);
	if (out == NULL)
		return 0;
	quit = sg_serve_answer(l, req, out);
	if (fclose(out) == 0 && write_all(fd, ans, alen) != 0)
		sg_debug("client went away before the answer was written");
	free(ans);
	return quit;
}

int sg_serve_run(cmap_handle_t h, const struct sg_serve_opts *o)
{
	struct sg_live l;
	uint64_t resync = (o->resync_s ? o->resync_s : SG_SERVE_RESYNC_S) * 1000ULL, next;
	int rc = sg_live_open(&l, h, 0), quit = 0;

	if (rc < 0) {
		close(o->listen_fd);
		return rc;
	}
	sg_live_settle(&l, 0);
	next = sg_now_mono_ms() + resync;
	while (rc == 0 && !quit && !*o->stop) {
		size_t n = sg_live_nfds(&l) + 1;
		struct pollfd *pfd = calloc(n, sizeof(*pfd));
		uint64_t now = sg_now_mono_ms();
		int k;

		if (pfd == NULL) {
			rc = -ENOMEM;
			break;
		}
		pfd[0] = (struct pollfd){ .fd = o->listen_fd, .events = POLLIN };
		n = 1 + sg_live_pollfds(&l, pfd + 1, n - 1);
		k = poll(pfd, (nfds_t)n, now >= next ? 0 : (int)(next - now));
		if (k < 0 && errno != EINTR)
			rc = -errno;
		else if (k > 0)
			rc = sg_live_handle(&l, pfd + 1, n - 1);
		if (rc == 0 && k > 0 && (pfd[0].revents & POLLIN)) {
			int c;

			while ((c = accept4(o->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
				quit |= serve_client(&l, c);
				close(c);
			}
		}
		free(pfd);
		if (rc == 0 && l.changed) {
			sg_live_settle(&l, 0);
			l.changed = 0;
		}
		if (rc == 0 && sg_now_mono_ms() >= next) {
			rc = sg_live_resync(&l);
			if (rc == 0)
				sg_live_settle(&l, 1);
			next = sg_now_mono_ms() + resync;
		}
	}
	sg_live_close(&l);
	close(o->listen_fd);
	return rc;
}
