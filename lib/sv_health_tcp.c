/* sv_health_tcp.c - health=tcp: a TCP connection to health_target
 * (host:port, [v6]:port) must succeed within health_interval, every
 * interval. Non-blocking connect, watched by the main loop's poll. */
#include "supervise_internal.h"
#include "util.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int tcp_fd = -1;

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
	char host[256], port[16], why[320];
	const char *t = sv_cfg->params.health_target, *colon = strrchr(t, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV }, *ai = NULL;
	size_t hl;

	if (t[0] == '[') {
		hl = (size_t)(strchr(t, ']') - t - 1);
		memcpy(host, t + 1, hl);
	} else {
		hl = (size_t)(colon - t);
		memcpy(host, t, hl);
	}
	host[hl] = '\0';
	sg_strlcpy(port, colon + 1, sizeof(port));
	if (getaddrinfo(host, port, &hints, &ai) != 0 || ai == NULL)
		sv_child_fail("health check: cannot resolve %s", t);
	tcp_fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (tcp_fd < 0 || (connect(tcp_fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)) {
		int e = errno;

		freeaddrinfo(ai);
		tcp_abort();
		snprintf(why, sizeof(why), "health check: connect to %s: %s", t, strerror(e));
		sv_probe_not_started(&tcp_probe, now, why);
		return -1;
	}
	freeaddrinfo(ai);
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
	snprintf(why, sizeof(why), "health check: connect to %s: %s", sv_cfg->params.health_target, strerror(err));
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
