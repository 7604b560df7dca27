/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_health_tcp.c - health=tcp: a TCP connection to health_target
 * (host:port, [v6]:port) must succeed within health_interval, every
 * interval. Non-blocking connect, watched by the main loop's poll. The
 * target is resolved once in the supervisor parent (numeric addresses
 * need no lookup; a host name is looked up then and never again), so the
 * child's loop never waits for DNS. */
#include "log.h"
#include "supervise_internal.h"
#include "target.h"
#include "util.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int tcp_fd = -1;
/* resolved in P (sv_tcp_resolve), inherited by every child */
static struct sg_target target;
static int target_rc = -EINVAL;
static char target_why[160];

void sv_tcp_resolve(void)
{
	if (sv_cfg->params.health != SG_HEALTH_TCP)
		return;
	target_rc = sg_target_resolve(sv_cfg->params.health_target, &target, target_why, sizeof(target_why));
	if (target_rc < 0)
		sg_err("health_target %.300s: %s", sv_cfg->params.health_target, target_why);
}

static int tcp_start(uint64_t now);
static int tcp_in_flight(void)
{
	return tcp_fd >= 0;
}

static void tcp_abort(void)
{
	if (tcp_fd >= 0)
		close(tcp_fd);
	tcp_fd = -1;
}

static const struct sv_probe_ops tcp_probe = {
	.driver = &sv_health_tcp,
	.what = "tcp check",
	.start = tcp_start,
	.in_flight = tcp_in_flight,
	.abort = tcp_abort,
};

static int tcp_start(uint64_t now)
{
	char why[320];
	const char *t = sv_cfg->params.health_target;

	if (target_rc < 0)
		sv_child_give_up("health_target %.200s: %s", t, target_why);
	tcp_fd = socket(target.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (tcp_fd < 0 || (connect(tcp_fd, (struct sockaddr *)&target.addr, target.addrlen) != 0 && errno != EINPROGRESS)) {
		int e = errno;

		tcp_abort();
		snprintf(why, sizeof(why), "health check: connect to %.200s: %s", t, strerror(e));
		sv_probe_not_started(&tcp_probe, now, why);
		return -1;
	}
	return 0;
}

/* The connect finished (or failed). */
static void on_tcp_fd(int fd, short revents, intptr_t arg)
{
	int err = 0;
	socklen_t len = sizeof(err);
	char why[320];

	(void)revents;
	(void)arg;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	tcp_abort();
	snprintf(why, sizeof(why), "health check: connect to %.200s: %s", sv_cfg->params.health_target, strerror(err));
	sv_probe_done(&tcp_probe, err == 0, why);
}

static void tcp_add_fds(struct sv_pollset *ps)
{
	if (tcp_fd >= 0)
		sv_poll_add(ps, tcp_fd, POLLOUT, on_tcp_fd, 0);
}

static void tcp_tick(uint64_t now)
{
	sv_probe_tick(&tcp_probe, now);
}

static uint64_t tcp_next_wake(uint64_t now)
{
	(void)now;
	return sv_probe_next_wake(&tcp_probe);
}

const struct sv_health_driver sv_health_tcp = {
	.method = SG_HEALTH_TCP,
	.tick = tcp_tick,
	.next_wake = tcp_next_wake,
	.add_fds = tcp_add_fds,
	.cancel = tcp_abort,
};
