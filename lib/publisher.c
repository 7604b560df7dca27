/* SPDX-License-Identifier: GPL-2.0-or-later */
/* publisher.c - samguard-publisher's loop (relay.h): one cmap connection,
 * the calls of every supervisor on the node made on it in turn. */
#include "relay.h"

#include "log.h"
#include "ratelimit.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* beyond this many clients, further connections are refused (a bound on memory) */
#define MAX_CLIENTS 65536

struct client {
	int fd;
	cmap_iter_handle_t iters[SG_RELAY_ITERS];
};

static cmap_handle_t cmap;
static char buf[SG_RELAY_MSG_MAX];
static char vbuf[SG_RELAY_VALUE_MAX];
static unsigned int nclients;
static struct sg_ratelimit rl_refused = SG_RATELIMIT_INIT(60000);
static struct sg_ratelimit rl_bad = SG_RATELIMIT_INIT(60000);

static void client_close(int ep, struct client *c)
{
	for (int i = 0; i < SG_RELAY_ITERS; i++)
		if (c->iters[i])
			cmap_iter_finalize(cmap, c->iters[i]);
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
	nclients--;
}

/* The slot of iteration it in c, or -1. */
static int iter_slot(const struct client *c, uint64_t it)
{
	for (int i = 0; i < SG_RELAY_ITERS; i++)
		if (it && c->iters[i] == it)
			return i;
	return -1;
}

/* Make one call for c; the answer in ans. */
static void serve_call(struct client *c, const struct sg_relay_msg *req, struct sg_relay_msg *ans)
{
	size_t len = sizeof(vbuf);
	cmap_value_types_t type;
	int slot;

	memset(ans, 0, sizeof(*ans));
	switch (req->code) {
	case SG_RELAY_HELLO:
		ans->code = CS_OK;
		return;
	case SG_RELAY_ITER_NEXT:
	case SG_RELAY_ITER_FINALIZE:
		slot = iter_slot(c, req->iter);
		if (slot < 0) {
			ans->code = CS_ERR_BAD_HANDLE;
			return;
		}
		if (req->code == SG_RELAY_ITER_FINALIZE) {
			ans->code = cmap_iter_finalize(cmap, c->iters[slot]);
			c->iters[slot] = 0;
			return;
		}
		ans->code = cmap_iter_next(cmap, c->iters[slot], ans->key, &len, &type);
		if (ans->code == CS_OK) {
			ans->keylen = strlen(ans->key);
			ans->value_len = len;
			ans->type = type;
		}
		return;
	default:
		break;
	}
	if (!sg_relay_key_allowed(req->key)) {
		ans->code = CS_ERR_ACCESS;
		return;
	}
	switch (req->code) {
	case SG_RELAY_SET:
		if (!sg_relay_value_valid(req->type, req->value, req->vlen))
			ans->code = CS_ERR_INVALID_PARAM;
		else
			ans->code = cmap_set(cmap, req->key, req->value, req->vlen, (cmap_value_types_t)req->type);
		break;
	case SG_RELAY_GET:
		ans->code = cmap_get(cmap, req->key, vbuf, &len, &type);
		if (ans->code == CS_OK) {
			ans->type = type;
			ans->value = vbuf;
			ans->vlen = len;
		}
		break;
	case SG_RELAY_DELETE:
		ans->code = cmap_delete(cmap, req->key);
		break;
	case SG_RELAY_ITER_INIT:
		slot = iter_slot(c, 0);
		for (int i = 0; i < SG_RELAY_ITERS && slot < 0; i++)
			if (!c->iters[i])
				slot = i;
		if (slot < 0) {
			ans->code = CS_ERR_NO_RESOURCES;
			break;
		}
		ans->code = cmap_iter_init(cmap, req->key, &c->iters[slot]);
		if (ans->code == CS_OK)
			ans->iter = c->iters[slot];
		else
			c->iters[slot] = 0;
		break;
	default:
		ans->code = CS_ERR_NOT_SUPPORTED;
		break;
	}
}

/* Read and answer one request; 0, or -1 when the client is to be closed. */
static int serve_client(struct client *c)
{
	struct sg_relay_msg req, ans;
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	if ((size_t)n > sizeof(buf) || sg_relay_decode(buf, (size_t)n, &req) < 0) {
		unsigned long count;

		if (sg_ratelimit_event(&rl_bad, sg_now_mono_ms(), &count))
			sg_warn("dropped %lu client(s) for a malformed request since the last report (latest %zd bytes)",
				count, n);
		return -1;
	}
	serve_call(c, &req, &ans);
	n = sg_relay_encode(&ans, buf, sizeof(buf));
	/* an answer the client cannot take at once: it does not read, drop it */
	if (n < 0 || send(c->fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) != n)
		return -1;
	return 0;
}

/* Accept one connection; only root's. */
static void accept_client(int ep, int lfd)
{
	struct ucred cred = { .pid = 0, .uid = (uid_t)-1 };
	socklen_t clen = sizeof(cred);
	struct epoll_event ev = { .events = EPOLLIN };
	struct client *c;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 || cred.uid != 0 || nclients >= MAX_CLIENTS) {
		unsigned long count;

		if (sg_ratelimit_event(&rl_refused, sg_now_mono_ms(), &count))
			sg_warn("refused %lu client(s) since the last report: only root is served (latest uid %u, pid %d)",
				count, (unsigned)cred.uid, (int)cred.pid);
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return;
	}
	c->fd = fd;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		free(c);
		return;
	}
	nclients++;
}

/* The listening socket, root's and 0600; a stale one is replaced (the
 * caller holds SG_RELAY_LOCK or knows none listens). */
static int listen_socket(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	mode_t old;

	if (fd < 0)
		return -errno;
	sg_strlcpy(sa.sun_path, SG_RELAY_SOCK, sizeof(sa.sun_path));
	unlink(SG_RELAY_SOCK);
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1024) < 0) {
		int e = -errno;

		umask(old);
		close(fd);
		return e;
	}
	umask(old);
	return fd;
}

int sg_publisher_run(int ready_fd)
{
	struct epoll_event ev = { .events = EPOLLIN }, evs[64];
	int ep, lfd, sfd, cfd, rc;
	sigset_t mask;
	cs_error_t err;
	static char lmark, smark, cmark;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	rc = sg_rundir_prepare();
	if (rc < 0) {
		sg_err("run directory %s: %s", SG_RUNDIR, strerror(-rc));
		return 1;
	}
	err = cmap_initialize(&cmap);
	if (err != CS_OK) {
		sg_err("cannot connect to corosync (cmap error %d)", (int)err);
		return 1;
	}
	lfd = listen_socket();
	if (lfd < 0) {
		sg_err("cannot listen on %s: %s", SG_RELAY_SOCK, strerror(-lfd));
		return 1;
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || ep < 0 || cmap_fd_get(cmap, &cfd) != CS_OK) {
		sg_err("cannot set up the loop: %s", strerror(errno));
		return 1;
	}
	ev.data.ptr = &lmark;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	ev.data.ptr = &smark;
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	ev.data.ptr = &cmark;
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	sg_notice("serving supervisors on %s with one corosync connection", SG_RELAY_SOCK);
	if (ready_fd >= 0) {
		(void)!write(ready_fd, "R", 1);
		close(ready_fd);
	}
	for (;;) {
		int n = epoll_wait(ep, evs, 64, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sg_err("epoll_wait: %s", strerror(errno));
			return 1;
		}
		for (int i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &lmark) {
				accept_client(ep, lfd);
			} else if (p == &smark) {
				sg_notice("stopping on a signal (%u supervisors connected fall back to their own connection)",
					  nclients);
				return 0;
			} else if (p == &cmark) {
				if ((evs[i].events & (EPOLLERR | EPOLLHUP)) || cmap_dispatch(cmap, CS_DISPATCH_ALL) != CS_OK) {
					/* every client sees its connection close and
					 * finds corosync gone itself */
					sg_err("lost the connection to corosync; exiting");
					return 1;
				}
			} else if ((evs[i].events & (EPOLLERR | EPOLLHUP)) && !(evs[i].events & EPOLLIN)) {
				client_close(ep, p);
			} else if (serve_client(p) < 0) {
				client_close(ep, p);
			}
		}
	}
}
