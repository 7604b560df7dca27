/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_health_notify.c - health=notify: the daemon's $NOTIFY_SOCKET.
 * Plain sd_notify senders drive one watchdog for the whole daemon;
 * processes that register through a heartbeat-shim library
 * (X-SAMGUARD-CLIENT) get their own deadlines and checks (lib/notify_clients.c,
 * docs/notify-protocol.md). Only processes of the daemon's session may
 * talk to us; a registered pid stays trusted until it unregisters or exits. */
#include "notify_clients.h"
#include "log.h"
#include "notify.h"
#include "procid.h"
#include "ratelimit.h"
#include "rundir.h"
#include "supervise_internal.h"
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/uio.h>
#include <unistd.h>

static struct {
	int nfd;                    /* notify socket or -1 */
	char notify_env[128];       /* its $NOTIFY_SOCKET value */
	char env_socket[160];       /* NOTIFY_SOCKET=... */
	char env_usec[64];          /* WATCHDOG_USEC=... */
	uint64_t wd_usec;
	uint64_t wd_deadline;       /* ms */
	int wd_armed;               /* the watchdog is enforced (see arm_watchdog) */
	int stopping_announced;     /* STOPPING=1 */
	uint64_t announce_deadline; /* ms: exit by then after STOPPING=1 */
	int daemon_unregistered;    /* the daemon's own process unregistered its shim client */
	struct sg_notify_clients clients;  /* processes registered through a shim library */
} nt = { .nfd = -1 };

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Is pid part of the daemon's process tree? Children of D share its
 * session unless they made their own (then they are not trusted). */
static int from_daemon(pid_t pid)
{
	return sv_ch.daemon.pid > 0 && (pid == sv_ch.daemon.pid || sg_procid_session(pid) == sv_ch.daemon.pid);
}

/* May a sender with this uid escalate failures to the node (apphbd's
 * rule for apphb_setreboot: root or the cluster user; we also accept the
 * supervisor's own user, which can stop it anyway)? */
static int may_escalate(uid_t uid)
{
	return uid == 0 || uid == getuid() || (sv_cluster_uid != (uid_t)-1 && uid == sv_cluster_uid);
}

/* Answer a request (X-SAMGUARD-REQUEST) with 0 or an errno. */
static void reply(const struct sg_notify_msg *m, int err)
{
	char buf[96];
	int rc;

	if (!m->has_request || !sg_notify_can_answer(m))
		return;
	snprintf(buf, sizeof(buf), SG_NX_REPLY "=%u\n" SG_NX_ERRNO "=%d\n", m->request, err < 0 ? -err : err);
	rc = sg_notify_sendto(nt.nfd, &m->from, m->fromlen, buf);
	if (rc < 0)
		sg_debug("cannot answer pid %d: %s", (int)m->sender, strerror(-rc));
}

/* Publish whether a failure now gives up instead of restarting; the next
 * SAM child reads it in account_restart(). */
static void update_escalation(void)
{
	const struct sg_notify_client *e = sg_notify_clients_escalating(&nt.clients);

	if (e != NULL) {
		sg_notify_client_describe(e, sv_shm->escalate_by, sizeof(sv_shm->escalate_by));
		sv_shm->escalate = 1;
	} else {
		sv_shm->escalate = 0;
	}
}

static void drop_client(struct sg_notify_client *c)
{
	if (c->pidfd >= 0)
		close(c->pidfd);
	sg_notify_clients_remove(c);
	update_escalation();
}

/* STOPPING=1: no more watchdogs; the daemon has the stop timeout to exit
 * (EXTEND_TIMEOUT_USEC extends it), as systemd does. */
static void announce_stopping(void)
{
	uint64_t ms = sv_cfg->params.stop_timeout_s ? sv_cfg->params.stop_timeout_s * 1000ULL : SV_DEFAULT_STOP_TIMEOUT_MS;

	if (nt.stopping_announced)
		return;
	nt.stopping_announced = 1;
	nt.announce_deadline = sg_now_mono_ms() + ms;
	sg_info("daemon announced STOPPING=1: watchdogs off, it has %llu ms to exit", (unsigned long long)ms);
}

/* What any sender may tell about the whole daemon. */
static void daemon_effects(const struct sg_notify_msg *m, const char *who)
{
	if (m->has_status) {
		sv_pub_str(SG_KEY_STATUS, m->status);
		sg_strlcpy(sv_ch.status, m->status, sizeof(sv_ch.status));
	}
	if (m->has_extend_usec) {
		uint64_t until = sg_now_mono_ms() + m->extend_usec / 1000ULL;

		if (!sv_ch.ready)
			sv_ch.ready_deadline = until;
		else if (nt.stopping_announced)
			nt.announce_deadline = until;
	}
	if (m->stopping)
		announce_stopping();
	if (m->ready)
		sv_ready(&sv_health_notify, "READY=1");
	if (m->trigger && !sv_ch.stopping)
		sv_child_fail("%s reported WATCHDOG=trigger", who);
	if (m->has_failed && !sv_ch.stopping)
		sv_child_fail("%s reported a failure: %s", who, m->failed);
}

/* A datagram from a registered client (c), the registration included. */
static void client_message(struct sg_notify_client *c, const struct sg_notify_msg *m, uint64_t now)
{
	struct sg_notify_client_effects fx;
	char who[128];
	int rc = sg_notify_client_apply(c, m, may_escalate(m->sender_uid), now, &fx);

	sg_notify_client_describe(c, who, sizeof(who));
	if (rc == -EPERM)
		sg_warn("%s (uid %u) may not escalate failures to the node", who, (unsigned)m->sender_uid);
	else if (m->has_escalate)
		sg_notice("%s: escalation %s: %s", who, m->escalate ? "on" : "off",
			  m->escalate ? "its next failure makes the supervisor give up" : "failures restart in place");
	if (fx.late_ms)
		sg_warn("%s: late heartbeat: %llu ms since the previous one", who, (unsigned long long)fx.late_ms);
	if (fx.pong_ms >= 0)
		sg_debug("%s answered ping %u after %d ms", who, c->ping_seq, fx.pong_ms);
	update_escalation();
	if (m->unregister) {
		sg_info("%s unregistered", who);
		if (c->pid == sv_ch.daemon.pid)
			nt.daemon_unregistered = 1;
		drop_client(c);
	}
	reply(m, rc);
	daemon_effects(m, who);
}

/* A new client. Returns it or NULL (the sender was answered). */
static struct sg_notify_client *register_client(const struct sg_notify_msg *m, uint64_t now)
{
	struct sg_notify_client *c;
	char who[128];
	int rc = sg_notify_client_validate(m);

	if (rc == 0)
		rc = sg_notify_clients_add(&nt.clients, m->sender, m->sender_uid, m->client, now, &c);
	if (rc < 0) {
		if (rc == -ENOSPC)
			sg_warn("refusing %s client pid %d: already %d registered", m->client, (int)m->sender,
				SG_NOTIFY_CLIENTS_MAX);
		reply(m, rc);
		return NULL;
	}
	/* the daemon itself is our child (SIGCHLD); others are watched by
	 * pidfd, or by their identity where pidfds are missing (kernel < 5.3,
	 * valgrind) */
	if (m->sender != sv_ch.daemon.pid) {
		struct sg_procid id;

		if (sg_procid_read(m->sender, &id) == 0)
			c->start = id.start;
		c->pidfd = pidfd_open(m->sender, 0);
		if (c->pidfd < 0 && errno == ESRCH)
			c->gone = 1; /* already gone: judged once the queue is drained */
	}
	if (m->sender == sv_ch.daemon.pid)
		nt.daemon_unregistered = 0;
	if (m->has_name)
		memcpy(c->name, m->name, sizeof(c->name));
	sg_info("%s registered", sg_notify_client_describe(c, who, sizeof(who)));
	return c;
}

/* Clients watched without a pidfd: gone when their identity is. */
static int lost_without_pidfd(const struct sg_notify_client *c)
{
	struct sg_procid id = { .pid = c->pid, .start = c->start };

	return c->used && !c->gone && c->pidfd < 0 && c->pid != sv_ch.daemon.pid && c->start &&
	       !sg_procid_alive(&id);
}

/* Clients whose process ended without unregistering failed (apphbd's HUP). */
static void judge_gone_clients(void)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(nt.clients.c); i++) {
		struct sg_notify_client *c = &nt.clients.c[i];
		char who[128];

		/* a daemon shutting down (STOPPING=1) may lose its processes */
		if (c->used && c->gone && !sv_ch.stopping && !nt.stopping_announced)
			sv_child_fail("%s exited without unregistering", sg_notify_client_describe(c, who, sizeof(who)));
	}
}

/* Does this plain sd_notify message arm (or feed) the whole daemon's
 * watchdog? Readiness is separate from liveness, as systemd separates
 * Type=notify from WatchdogSec=: with watchdog=auto only a daemon that
 * sent WATCHDOG=1 has shown it speaks the watchdog protocol; with
 * watchdog=require READY=1 arms it too; with watchdog=off nothing does. */
static int arm_watchdog(const struct sg_notify_msg *m)
{
	switch (sv_cfg->params.watchdog) {
	case SG_WATCHDOG_REQUIRE:
		return m->watchdog || m->ready;
	case SG_WATCHDOG_AUTO:
		return m->watchdog;
	case SG_WATCHDOG_OFF:
		break;
	}
	return 0;
}

/* Datagrams read per wake-up of the main loop: a flood of them (only the
 * daemon's user and root can send) never keeps the loop from SAM's
 * heartbeat. */
#define NOTIFY_BATCH 32
/* Read at most this many when the queue must be drained (the daemon
 * exited): more than the kernel queues (net.unix.max_dgram_qlen, 10 by
 * default, 512 on some systems), so all it sent before exiting is read. */
#define NOTIFY_DRAIN 1024
/* One line per interval, with a count, for what anybody may cause. */
#define NOTIFY_LOG_MS 10000

static struct sg_ratelimit rl_outsider = SG_RATELIMIT_INIT(NOTIFY_LOG_MS);
static struct sg_ratelimit rl_dropped = SG_RATELIMIT_INIT(NOTIFY_LOG_MS);

/* Read at most max datagrams of what is queued on the notify socket. */
static void handle_notify_n(unsigned int max)
{
	struct sg_notify_msg m;
	unsigned long count;
	unsigned int n = 0;
	int rc;

	while (n++ < max && ((rc = sg_notify_recv(nt.nfd, &m)) == 1 || SG_NOTIFY_DROPPED(rc))) {
		uint64_t now = sg_now_mono_ms();
		struct sg_notify_client *c;

		if (rc != 1) {
			/* oversized or without credentials: dropped, read on (a
			 * STOPPING=1 may follow) */
			if (sg_ratelimit_event(&rl_dropped, now, &count))
				sg_warn("dropped %lu datagram(s) on the notify socket since the last report: %s",
					count, rc == -EMSGSIZE ? "larger than 4096 bytes" : "no credentials");
			continue;
		}
		c = sg_notify_clients_find(&nt.clients, m.sender);
		/* a registered pid was checked when it registered; it stays
		 * trusted until it unregisters or exits, even when the session
		 * test can no longer be made on a process about to go */
		if (c == NULL && !from_daemon(m.sender)) {
			if (sg_ratelimit_event(&rl_outsider, now, &count))
				sg_warn("ignoring sd_notify messages from outside the daemon's process tree: "
					"%lu since the last report, the latest from pid %d uid %u",
					count, (int)m.sender, (unsigned)m.sender_uid);
			reply(&m, -EPERM);
			continue;
		}
		if (m.client[0]) {
			if (c != NULL) {
				reply(&m, -EEXIST);
				continue;
			}
			c = register_client(&m, now);
			if (c != NULL)
				client_message(c, &m, now);
			continue;
		}
		if (c != NULL) {
			rc = sg_notify_client_validate(&m);
			if (rc < 0)
				reply(&m, rc);
			else
				client_message(c, &m, now);
			continue;
		}
		/* plain sd_notify: one watchdog for the whole daemon */
		if (m.ext)
			reply(&m, -ESRCH); /* extensions need a registration */
		if (m.has_watchdog_usec)
			nt.wd_usec = m.watchdog_usec;
		if (arm_watchdog(&m)) {
			nt.wd_armed = 1;
			nt.wd_deadline = now + nt.wd_usec / 1000ULL;
		}
		m.has_failed = 0;
		daemon_effects(&m, "daemon");
	}
	judge_gone_clients();
}

/* Read all that is queued (bounded by NOTIFY_DRAIN). */
static void handle_notify(void)
{
	handle_notify_n(NOTIFY_DRAIN);
}

/* A watched client process ended: read what it sent before (an
 * unregistration, say), then judge. pid and pidfd are what was polled;
 * the client may have unregistered (and the descriptor been reused) since. */
static void client_exited(pid_t pid, int pidfd)
{
	struct sg_notify_client *c = sg_notify_clients_find(&nt.clients, pid);

	if (c == NULL || c->pidfd != pidfd)
		return;
	c->gone = 1;
	close(c->pidfd);
	c->pidfd = -1;
	handle_notify();
}

/* Send due pings and take due counter samples. */
static void run_client_checks(uint64_t now)
{
	struct sg_notify_client *c;

	while ((c = sg_notify_clients_ping_due(&nt.clients, now)) != NULL) {
		char buf[64];
		int rc;

		snprintf(buf, sizeof(buf), SG_NX_PING "=%u\n", c->ping_seq);
		rc = sg_notify_sendto(nt.nfd, &c->addr, c->addrlen, buf);
		if (rc < 0)
			sg_debug("ping to pid %d: %s", (int)c->pid, strerror(-rc)); /* its deadline decides */
	}
	while ((c = sg_notify_clients_sample_due(&nt.clients, now)) != NULL) {
		unsigned char v[8];
		struct iovec local = { .iov_base = v, .iov_len = c->counter_len };
		struct iovec remote = { .iov_base = (void *)(uintptr_t)c->counter_addr, .iov_len = c->counter_len };
		ssize_t n = process_vm_readv(c->pid, &local, 1, &remote, 1, 0);

		if (n != (ssize_t)c->counter_len)
			sg_debug("cannot read the counter of pid %d: %s", (int)c->pid, n < 0 ? strerror(errno) : "short read");
		sg_notify_client_sample(c, n == (ssize_t)c->counter_len ? v : NULL, now);
	}
}

/* Deadlines of the notify method: the daemon's watchdog, its registered
 * clients, the exit promised by STOPPING=1. Fails the daemon when one is
 * missed; sends due pings and samples counters. */
static void notify_tick(uint64_t now)
{
	struct sg_notify_client *c;
	char why[256];

	for (size_t i = 0; i < SG_ARRAY_SIZE(nt.clients.c); i++) {
		if (lost_without_pidfd(&nt.clients.c[i])) {
			nt.clients.c[i].gone = 1;
			handle_notify(); /* reads what it sent last, then judges */
		}
	}
	if (nt.stopping_announced) {
		if (now > nt.announce_deadline)
			sv_child_hang("daemon announced STOPPING=1 but did not exit within %llu ms",
				   (unsigned long long)(sv_cfg->params.stop_timeout_s ? sv_cfg->params.stop_timeout_s * 1000ULL
										    : SV_DEFAULT_STOP_TIMEOUT_MS));
		return;
	}
	if (sv_ch.ready && nt.wd_armed && nt.wd_usec && now > nt.wd_deadline)
		sv_child_hang("no WATCHDOG=1 within %llu ms (daemon hung?)", (unsigned long long)(nt.wd_usec / 1000ULL));
	c = sg_notify_clients_overdue(&nt.clients, now, why, sizeof(why));
	if (c != NULL)
		sv_child_hang("%s", why);
	run_client_checks(now);
}

/* When check_notify() next has something to do. */
static uint64_t notify_next_wake(uint64_t now)
{
	(void)now;
	uint64_t w = UINT64_MAX;

	if (nt.stopping_announced)
		return nt.announce_deadline + 1;
	if (sv_ch.ready && nt.wd_armed && nt.wd_usec)
		w = nt.wd_deadline + 1;
	return min_u64(w, sg_notify_clients_next_wake(&nt.clients));
}

static pid_t notify_owner;

/* The socket file goes with the child that made it (exit, not _exit). */
static void notify_unlink(void)
{
	if (getpid() == notify_owner)
		unlink(nt.notify_env);
}

/* The daemon's user: only it (and root) may send to the socket. From P's
 * one lookup (sv_cred): the child never waits for NSS. */
static int daemon_user(uid_t *uid, gid_t *gid)
{
	if (sv_cred_rc < 0)
		return sv_cred_rc;
	*uid = sv_cred.uid;
	*gid = sv_cred.gid;
	return 0;
}

/* SG_RUNDIR/notify/<our pid>: a fixed-length name in a directory only root
 * can write, whatever the resource name (docs/security.md). */
static void notify_setup(void)
{
	char path[108];
	uid_t uid;
	gid_t gid;
	int rc;

	sg_notify_clients_init(&nt.clients);
	nt.wd_usec = (uint64_t)sv_ch.interval * 1000ULL;
	if ((rc = sg_rundir_prepare()) < 0)
		sv_child_give_up("cannot create the notify socket: run directory %s: %s", SG_RUNDIR, strerror(-rc));
	if (daemon_user(&uid, &gid) < 0)
		sv_child_give_up("cannot create the notify socket: %s", sv_cred_why);
	if ((rc = sg_rundir_sock_path(SG_RUNDIR_NOTIFY, getpid(), path, sizeof(path))) < 0)
		sv_child_give_up("cannot create the notify socket: %s", strerror(-rc));
	nt.nfd = sg_notify_open_path(path, uid, gid, nt.notify_env, sizeof(nt.notify_env));
	if (nt.nfd < 0)
		sv_child_fail("cannot create the notify socket %s: %s", path, strerror(-nt.nfd));
	notify_owner = getpid();
	atexit(notify_unlink);
}

/* $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID: the daemon's own pid,
 * set in the child, so that sd_watchdog_enabled() in the daemon's children
 * says no, as under systemd. */
static void notify_spawn_env(struct sv_spawn_env *e)
{
	snprintf(nt.env_socket, sizeof(nt.env_socket), "NOTIFY_SOCKET=%s", nt.notify_env);
	e->set[e->n++] = nt.env_socket;
	if (sv_cfg->params.watchdog == SG_WATCHDOG_OFF)
		return; /* sd_watchdog_enabled() says no: the daemon sends none */
	snprintf(nt.env_usec, sizeof(nt.env_usec), "WATCHDOG_USEC=%llu",
		 (unsigned long long)sv_cfg->params.health_interval_ms * 1000ULL);
	e->set[e->n++] = nt.env_usec;
	e->pid_name = "WATCHDOG_PID";
}

static void on_notify_fd(int fd, short revents, intptr_t arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	handle_notify_n(NOTIFY_BATCH);
}

static void on_client_pidfd(int fd, short revents, intptr_t pid)
{
	(void)revents;
	client_exited((pid_t)pid, fd);
}

static void notify_add_fds(struct sv_pollset *ps)
{
	if (nt.nfd >= 0)
		sv_poll_add(ps, nt.nfd, POLLIN, on_notify_fd, 0);
	for (size_t i = 0; i < SG_ARRAY_SIZE(nt.clients.c); i++)
		if (nt.clients.c[i].used && nt.clients.c[i].pidfd >= 0)
			sv_poll_add(ps, nt.clients.c[i].pidfd, POLLIN, on_client_pidfd, nt.clients.c[i].pid);
}

/* The daemon exited: what it sent before (STOPPING=1, an unregistration)
 * is still queued, so read it first. A clean exit it announced is no
 * failure; a registered client's exit is reported as such. */
static int notify_daemon_exited(int status, const char *how)
{
	struct sg_notify_client *c;

	if (nt.nfd >= 0)
		handle_notify();
	if ((nt.stopping_announced || nt.daemon_unregistered) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		sg_notice("daemon %s and exited cleanly: not restarting",
			  nt.stopping_announced ? "announced STOPPING=1" : "unregistered");
		return 1;
	}
	c = sg_notify_clients_find(&nt.clients, sv_ch.daemon.pid);
	if (c != NULL) {
		char who[128];

		sv_child_fail("%s exited (%s) without unregistering", sg_notify_client_describe(c, who, sizeof(who)), how);
	}
	return 0;
}

const struct sv_health_driver sv_health_notify = {
	.method = SG_HEALTH_NOTIFY,
	.setup = notify_setup,
	.spawn_env = notify_spawn_env,
	.tick = notify_tick,
	.next_wake = notify_next_wake,
	.add_fds = notify_add_fds,
	.daemon_exited = notify_daemon_exited,
};
