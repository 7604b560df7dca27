/* supervise.c - the SAM supervisor: P registers with SAM and becomes its
 * parent; every SAM child C runs one daemon D and its health checks.
 *
 * Why things are done the way they are (see docs/design.md):
 *  - sam_register() forks and never returns in P, so everything P must know
 *    later lives in an anonymous shared mapping made before it: the current
 *    child's pid (for stop forwarding), the restart history, the last
 *    failure, and the daemon's identity.
 *  - SAM only signals its direct child, so D gets its own session and C
 *    kills D's process group itself; D never inherits SAM's pipes.
 *  - Health is judged in C's main loop (never in libsam's callback thread,
 *    which can deadlock on corosync 3.1.7); C always sends SAM heartbeats
 *    while it is itself alive, and exits when D fails, which makes SAM
 *    restart the pair in place.
 *  - SAM never reconnects to corosync: C watches its own cmap connection,
 *    and P re-executes itself once corosync is back.
 *  - With health=notify, C owns the daemon's $NOTIFY_SOCKET. Plain sd_notify
 *    senders drive one watchdog for the whole daemon; processes that
 *    register through a heartbeat-shim library (X-SAMGUARD-CLIENT) get their
 *    own deadlines and checks (lib/clients.c, docs/notify-protocol.md). */
#include "supervise.h"

#include "argv.h"
#include "clients.h"
#include "cmapstate.h"
#include "log.h"
#include "notify.h"
#include "procid.h"
#include "quorum.h"
#include "runstate.h"
#include "spawn.h"
#include "status.h"
#include "util.h"

#include <corosync/sam.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HISTORY_CAP 1024
#define RECONNECT_WAIT_S 300
#define DEFAULT_STOP_TIMEOUT_MS 10000u
#define KILL_GRACE_MS 5000u

/* Shared between P and every C (MAP_SHARED | MAP_ANONYMOUS before fork). */
struct sg_shared {
	pid_t parent_pid;
	volatile sig_atomic_t stop_requested;
	volatile pid_t child_pid;
	volatile sig_atomic_t warned;          /* C got SAM's warn signal */
	volatile pid_t daemon_pgid;            /* for the warn handler */
	int ever_ready;
	int ever_started;                      /* a child reached sam_start */
	unsigned int restarts_total;
	unsigned int history_len;
	uint64_t history[HISTORY_CAP];         /* monotonic ms */
	struct sg_procid daemon;
	char last_failure[256];
	int escalate;                          /* a client asked: next failure gives up */
	char escalate_by[128];
	volatile sig_atomic_t gave_up;         /* a child gave up: P exits with 1 */
};

static struct sg_shared *shm;
/* what this child has published, served on the status socket */
static struct sg_resource_state mirror;
static const struct sg_supervise_config *cfg;
static char enc[SG_NAME_ENC_MAX];

/* ------------------------------------------------------------------ P */

/* P: SIGTERM/SIGINT/SIGHUP mean "stop": tell the current child. */
static void parent_stop_handler(int sig)
{
	pid_t c = shm->child_pid;

	(void)sig;
	shm->stop_requested = 1;
	if (c > 0)
		kill(c, SIGUSR2);
}

/* P: libsam's parent loop exits by itself, with status 0 after
 * sam_mark_failed(); let whoever started us see that we gave up. atexit
 * handlers are inherited by the children, hence the pid test. */
static void parent_exit_status(void)
{
	if (shm != NULL && getpid() == shm->parent_pid && shm->gave_up)
		_exit(1);
}

/* P after sam_register() returned an error: corosync went away under a
 * running supervisor (the restart could not write its state). Wait for
 * corosync and re-execute ourselves, which republishes everything. */
static int parent_reconnect(void)
{
	cmap_handle_t h;

	sg_err("lost corosync; the daemon is down until corosync is back (waiting up to %d s)",
	       RECONNECT_WAIT_S);
	for (int i = 0; i < RECONNECT_WAIT_S * 2 && !shm->stop_requested; i++) {
		if (sg_cmap_connect(&h) == 0) {
			cmap_finalize(h);
			sg_notice("corosync is back: restarting the supervisor");
			close_range(3, ~0U, 0);
			execv("/proc/self/exe", cfg->self_argv);
			sg_err("cannot re-execute the supervisor: %s", strerror(errno));
			return 1;
		}
		sg_sleep_ms(500);
	}
	sg_err("corosync did not come back; giving up");
	return 1;
}

/* ------------------------------------------------------------------ C */

struct child {
	cmap_handle_t cmap;
	int cmap_fd;
	int sfd;                    /* signalfd */
	int nfd;                    /* notify socket or -1 */
	char notify_env[128];
	struct sg_procid daemon;
	int daemon_reaped;
	int daemon_status;
	int ready;
	uint64_t ready_deadline;    /* ms */
	uint64_t ready_at;          /* ms, health=exit */
	uint64_t wd_usec;
	uint64_t wd_deadline;       /* ms */
	int wd_armed;               /* a plain sd_notify sender said READY=1 or WATCHDOG=1 */
	int stopping_announced;     /* STOPPING=1 */
	uint64_t announce_deadline; /* ms: exit by then after STOPPING=1 */
	int daemon_unregistered;    /* the daemon's own process unregistered its shim client */
	struct sg_clients clients;  /* processes registered through a shim library */
	int stopping;               /* stop requested */
	uint64_t stop_deadline;
	int killed;
	uint64_t next_check;        /* command/tcp */
	pid_t check_pid;
	uint64_t check_deadline;
	int tcp_fd;
	int lfd;                    /* status socket */
	int have_vq;                /* votequorum handle (quorum=require) */
	votequorum_handle_t vq;
	unsigned int interval;
	unsigned int instance;
};

static struct child ch = { .sfd = -1, .nfd = -1, .tcp_fd = -1, .cmap_fd = -1, .lfd = -1 };

static void pub_str(const char *leaf, const char *v)
{
	int rc = sg_cmap_set_str(ch.cmap, enc, leaf, v);

	if (rc < 0)
		sg_debug("cmap set %s: %s", leaf, strerror(-rc));
	sg_resource_state_apply(&mirror, leaf, v ? v : "");
}

static void pub_u32(const char *leaf, uint32_t v)
{
	char text[16];

	sg_cmap_set_u32(ch.cmap, enc, leaf, v);
	snprintf(text, sizeof(text), "%u", v);
	sg_resource_state_apply(&mirror, leaf, text);
}

static void pub_u64(const char *leaf, uint64_t v)
{
	char text[24];

	sg_cmap_set_u64(ch.cmap, enc, leaf, v);
	snprintf(text, sizeof(text), "%llu", (unsigned long long)v);
	sg_resource_state_apply(&mirror, leaf, text);
}

/* Answer one status query: our published state plus SAM's keys, fresh. */
static void answer_status(void)
{
	char reply[SG_STATUS_MAX], key[CMAP_KEYNAME_MAXLEN + 1], *state = NULL;
	struct sg_sam_state ss;
	size_t len = sg_resource_state_format(&mirror, reply, sizeof(reply) - 512);
	int cmap_ok = sg_cmap_sam_read(ch.cmap, (uint32_t)shm->parent_pid, &ss) == 0;
	int present = 0;

	if (cmap_ok && sg_cmap_key(key, sizeof(key), enc, SG_KEY_STATE) == 0) {
		present = cmap_get_string(ch.cmap, key, &state) == CS_OK;
		free(state);
	}
	len += (size_t)snprintf(reply + len, sizeof(reply) - len,
				"cmap_ok=%d\nkeys_present=%d\nsam.state=%s\nsam.recovery=%s\n"
				"sam.poll_period=%llu\n",
				cmap_ok, present, ss.found ? ss.state : "", ss.recovery,
				(unsigned long long)ss.poll_period_ms);
	if (ss.has_last_updated)
		len += (size_t)snprintf(reply + len, sizeof(reply) - len, "sam.last_updated=%llu\n",
					(unsigned long long)ss.last_updated_ns);
	if (ch.have_vq) {
		struct sg_quorum_info qi;
		struct sg_quorum_obs q = { 0 };

		if (sg_quorum_read_handle(ch.vq, &qi) == 0)
			sg_quorum_observe(&qi, &q);
		len += (size_t)snprintf(reply + len, sizeof(reply) - len,
					"quorum.known=%d\nquorum.quorate=%d\nquorum.two_node_alone=%d\n"
					"quorum.qdevice_unhealthy=%d\n",
					q.known, q.quorate, q.two_node_alone, q.qdevice_unhealthy);
	}
	sg_status_answer(ch.lfd, reply, len, 50);
}

static void pub_history(void)
{
	char buf[SG_HISTORY_MAX * 21];
	unsigned int from = shm->history_len > SG_HISTORY_MAX ? shm->history_len - SG_HISTORY_MAX : 0;

	sg_history_format(shm->history + from, shm->history_len - from, buf, sizeof(buf));
	pub_str(SG_KEY_HISTORY, buf);
	pub_u32(SG_KEY_RESTARTS, shm->restarts_total);
}

static void set_failure(const char *reason)
{
	sg_strlcpy(shm->last_failure, reason, sizeof(shm->last_failure));
	pub_str(SG_KEY_LAST_FAILURE, reason);
	pub_u64(SG_KEY_LAST_FAILURE_TIME, (uint64_t)time(NULL));
}

/* SIGKILL the daemon's whole process group. */
static void kill_daemon_group(void)
{
	if (ch.daemon.pid > 0)
		kill(-ch.daemon.pid, SIGKILL);
}

/* C: SAM's warn signal (we set SIGUSR1): the child was late or quorum was
 * lost. Async-signal-safe: kill the daemon's group and leave; SAM restarts. */
static void child_warn_handler(int sig)
{
	pid_t g = shm->daemon_pgid;

	(void)sig;
	shm->warned = 1;
	if (g > 0)
		kill(-g, SIGKILL);
	shm->child_pid = 0;
	_exit(1);
}

/* C, while blocked in sam_start() (waiting for quorum): a stop request
 * ends the child at once; P then exits and deletes SAM's keys. */
static void child_early_stop_handler(int sig)
{
	(void)sig;
	shm->stop_requested = 1;
	shm->child_pid = 0;
	_exit(0);
}

static void child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void child_give_up(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* C: the daemon failed. Record why and exit so that SAM restarts us. */
static void child_fail(const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sg_warn("%s; restarting in place", reason);
	set_failure(reason);
	kill_daemon_group();
	shm->child_pid = 0;
	exit(1);
}

/* C: stop supervising for good with state "failed"; SAM's parent exits
 * and keeps the keys so that monitor can tell why. */
static void child_give_up(const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sg_err("giving up: %s", reason);
	kill_daemon_group();
	set_failure(reason);
	pub_str(SG_KEY_STATE, "failed");
	sg_runstate_remove(cfg->params.name, SG_RUN_DAEMON);
	shm->gave_up = 1;
	shm->child_pid = 0;
	if (sam_mark_failed() != CS_OK) {
		/* not registered with CMAP? make sure P does not restart us */
		shm->stop_requested = 1;
		exit(1);
	}
	for (;;)
		pause();
}

/* C: clean end after a stop request or a daemon's STOPPING=1 exit. */
static void __attribute__((noreturn)) child_clean_exit(int keep_keys)
{
	sg_runstate_remove(cfg->params.name, SG_RUN_DAEMON);
	if (keep_keys)
		pub_str(SG_KEY_STATE, "stopped");
	else
		sg_cmap_resource_delete(ch.cmap, enc);
	shm->child_pid = 0;
	sam_stop();
	sam_finalize();
	cmap_finalize(ch.cmap);
	exit(0);
}

/* C: wait (bounded) until a former daemon's process group is gone. */
static void kill_leftover(const struct sg_procid *old)
{
	if (!sg_procid_alive(old) && kill(-old->pid, 0) != 0)
		return;
	sg_warn("killing leftover process group %d of a previous daemon", (int)old->pid);
	kill(-old->pid, SIGKILL);
	for (int i = 0; i < 200 && kill(-old->pid, 0) == 0; i++)
		sg_sleep_ms(10);
}

static unsigned int live_limit(const char *leaf, unsigned int dflt)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	uint32_t v;

	if (sg_cmap_key(key, sizeof(key), enc, leaf) == 0 && cmap_get_uint32(ch.cmap, key, &v) == CS_OK)
		return v;
	return dflt;
}

/* C: count this restart; give up beyond the limit. */
static void account_restart(void)
{
	uint64_t now = sg_now_mono_ms();
	unsigned int max = live_limit(SG_KEY_MAX_RESTARTS, cfg->params.max_restarts);
	unsigned int window = live_limit(SG_KEY_RESTART_WINDOW, cfg->params.restart_window_s);
	unsigned int recent, keep = 0;
	const char *why = shm->last_failure[0] ? shm->last_failure : "supervisor child died";

	if (shm->warned && cfg->params.quorum == SG_QUORUM_REQUIRE) {
		/* SAM's warning under the quorum flag is quorum loss, not a fault */
		shm->warned = 0;
		sg_notice("daemon was stopped by SAM (quorum lost); waiting for quorum");
		return;
	}
	if (shm->warned)
		why = "supervisor child missed SAM's health check deadline";
	shm->warned = 0;
	if (shm->escalate) {
		shm->escalate = 0;
		child_give_up("failure escalated as %s asked (apphb_setreboot): %s", shm->escalate_by, why);
	}
	if (!shm->ever_ready)
		child_give_up("daemon failed before it ever became ready: %s", why);
	/* forget what is older than the window; keep the array bounded */
	for (unsigned int i = 0; i < shm->history_len; i++)
		if (now - shm->history[i] < (uint64_t)window * 1000ULL)
			shm->history[keep++] = shm->history[i];
	if (keep == HISTORY_CAP) {
		memmove(shm->history, shm->history + 1, (HISTORY_CAP - 1) * sizeof(uint64_t));
		keep--;
	}
	shm->history[keep++] = now;
	shm->history_len = keep;
	shm->restarts_total++;
	recent = keep;
	pub_history();
	if (recent > max)
		child_give_up("%u restarts within %us exceed max_restarts=%u; last: %s", recent, window, max, why);
	sg_notice("restart %u (%u within %us, limit %u) after: %s", shm->restarts_total, recent, window, max,
		  why);
}

static void publish_static(void)
{
	struct sg_procid self;

	pub_str(SG_KEY_NAME, cfg->params.name);
	if (sg_procid_read(getppid(), &self) == 0) {
		pub_u32(SG_KEY_SUPERVISOR_PID, (uint32_t)self.pid);
		pub_u64(SG_KEY_SUPERVISOR_START, self.start);
	}
	pub_u32(SG_KEY_CHILD_PID, (uint32_t)getpid());
	pub_u32(SG_KEY_INSTANCE, ch.instance);
	pub_str(SG_KEY_HEALTH, sg_health_name(cfg->params.health));
	pub_u32(SG_KEY_INTERVAL, cfg->params.health_interval_ms);
	pub_str(SG_KEY_QUORUM, sg_quorum_name(cfg->params.quorum));
	/* reload-agent may have changed the limits: keep what is there */
	pub_u32(SG_KEY_MAX_RESTARTS, live_limit(SG_KEY_MAX_RESTARTS, cfg->params.max_restarts));
	pub_u32(SG_KEY_RESTART_WINDOW, live_limit(SG_KEY_RESTART_WINDOW, cfg->params.restart_window_s));
	pub_u32(SG_KEY_RESTARTS, shm->restarts_total);
	if (shm->last_failure[0] == '\0')
		pub_str(SG_KEY_LAST_FAILURE, "");
}

static void start_daemon(void)
{
	char wd_usec[64], notify[160], err[256];
	const char *env_set[4] = { NULL };
	static const char *const env_unset[] = { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", NULL };
	struct sg_spawn_opts o = {
		.path = cfg->params.binfile,
		.argv = cfg->argv,
		.workdir = cfg->params.workdir,
		.user = cfg->params.user,
		.out_path = cfg->params.logfile,
		.err_path = cfg->params.errlogfile,
		.env_set = env_set,
		.env_unset = env_unset,
		.pdeathsig = SIGKILL,
	};
	pid_t pid;
	int n = 0;

	if (cfg->params.health == SG_HEALTH_NOTIFY) {
		snprintf(notify, sizeof(notify), "NOTIFY_SOCKET=%s", ch.notify_env);
		env_set[n++] = notify;
		snprintf(wd_usec, sizeof(wd_usec), "WATCHDOG_USEC=%llu",
			 (unsigned long long)cfg->params.health_interval_ms * 1000ULL);
		env_set[n++] = wd_usec;
		/* the daemon's own pid, set in the child: sd_watchdog_enabled()
		 * in the daemon's children then says no, as under systemd */
		o.env_pid_name = "WATCHDOG_PID";
	}
	pid = sg_spawn(&o, err, sizeof(err));
	if (pid < 0) {
		if (pid == -ENOENT || pid == -EACCES || pid == -ENOEXEC || pid == -ENOTDIR)
			child_give_up("%s", err);
		child_fail("%s", err);
	}
	if (sg_procid_read(pid, &ch.daemon) != 0) {
		ch.daemon.pid = pid;
		ch.daemon.start = 0;
	}
	shm->daemon = ch.daemon;
	shm->daemon_pgid = pid;
	sg_runstate_write(cfg->params.name, SG_RUN_DAEMON, &ch.daemon);
	pub_u32(SG_KEY_DAEMON_PID, (uint32_t)pid);
	pub_u64(SG_KEY_DAEMON_START, ch.daemon.start);
	sg_info("started %s as pid %d (instance %u)", cfg->params.binfile, (int)pid, ch.instance);
}

static void become_ready(const char *how)
{
	if (ch.ready)
		return;
	ch.ready = 1;
	shm->ever_ready = 1;
	ch.wd_deadline = sg_now_mono_ms() + ch.wd_usec / 1000ULL;
	pub_str(SG_KEY_STATE, "running");
	sg_info("daemon is ready (%s)", how);
}

/* Is pid part of the daemon's process tree? Children of D share its
 * session unless they made their own (then they are not trusted). */
static int from_daemon(pid_t pid)
{
	return ch.daemon.pid > 0 && (pid == ch.daemon.pid || sg_procid_session(pid) == ch.daemon.pid);
}

/* May a sender with this uid escalate failures to the node (apphbd's
 * rule for apphb_setreboot: root or the cluster user; we also accept the
 * supervisor's own user, which can stop it anyway)? */
static int may_escalate(uid_t uid)
{
	struct passwd *pw;

	if (uid == 0 || uid == getuid())
		return 1;
	pw = getpwnam("hacluster");
	return pw != NULL && pw->pw_uid == uid;
}

/* Answer a request (X-SAMGUARD-REQUEST) with 0 or an errno. */
static void reply(const struct sg_notify_msg *m, int err)
{
	char buf[96];
	int rc;

	if (!m->has_request || !sg_notify_can_answer(m))
		return;
	snprintf(buf, sizeof(buf), SG_NX_REPLY "=%u\n" SG_NX_ERRNO "=%d\n", m->request, err < 0 ? -err : err);
	rc = sg_notify_sendto(ch.nfd, &m->from, m->fromlen, buf);
	if (rc < 0)
		sg_debug("cannot answer pid %d: %s", (int)m->sender, strerror(-rc));
}

/* Publish whether a failure now gives up instead of restarting; the next
 * SAM child reads it in account_restart(). */
static void update_escalation(void)
{
	const struct sg_client *e = sg_clients_escalating(&ch.clients);

	if (e != NULL) {
		sg_client_describe(e, shm->escalate_by, sizeof(shm->escalate_by));
		shm->escalate = 1;
	} else {
		shm->escalate = 0;
	}
}

static void drop_client(struct sg_client *c)
{
	if (c->pidfd >= 0)
		close(c->pidfd);
	sg_clients_remove(c);
	update_escalation();
}

/* STOPPING=1: no more watchdogs; the daemon has the stop timeout to exit
 * (EXTEND_TIMEOUT_USEC extends it), as systemd does. */
static void announce_stopping(void)
{
	uint64_t ms = cfg->params.stop_timeout_s ? cfg->params.stop_timeout_s * 1000ULL : DEFAULT_STOP_TIMEOUT_MS;

	if (ch.stopping_announced)
		return;
	ch.stopping_announced = 1;
	ch.announce_deadline = sg_now_mono_ms() + ms;
	sg_info("daemon announced STOPPING=1: watchdogs off, it has %llu ms to exit", (unsigned long long)ms);
}

/* What any sender may tell about the whole daemon. */
static void daemon_effects(const struct sg_notify_msg *m, const char *who)
{
	if (m->has_status)
		pub_str(SG_KEY_STATUS, m->status);
	if (m->has_extend_usec) {
		uint64_t until = sg_now_mono_ms() + m->extend_usec / 1000ULL;

		if (!ch.ready)
			ch.ready_deadline = until;
		else if (ch.stopping_announced)
			ch.announce_deadline = until;
	}
	if (m->stopping)
		announce_stopping();
	if (m->ready)
		become_ready("READY=1");
	if (m->trigger && !ch.stopping)
		child_fail("%s reported WATCHDOG=trigger", who);
	if (m->has_failed && !ch.stopping)
		child_fail("%s reported a failure: %s", who, m->failed);
}

/* A datagram from a registered client (c), the registration included. */
static void client_message(struct sg_client *c, const struct sg_notify_msg *m, uint64_t now)
{
	struct sg_client_effects fx;
	char who[128];
	int rc = sg_client_apply(c, m, may_escalate(m->sender_uid), now, &fx);

	sg_client_describe(c, who, sizeof(who));
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
		if (c->pid == ch.daemon.pid)
			ch.daemon_unregistered = 1;
		drop_client(c);
	}
	reply(m, rc);
	daemon_effects(m, who);
}

/* A new client. Returns it or NULL (the sender was answered). */
static struct sg_client *register_client(const struct sg_notify_msg *m, uint64_t now)
{
	struct sg_client *c;
	char who[128];
	int rc = sg_client_validate(m);

	if (rc == 0)
		rc = sg_clients_add(&ch.clients, m->sender, m->sender_uid, m->client, now, &c);
	if (rc < 0) {
		if (rc == -ENOSPC)
			sg_warn("refusing %s client pid %d: already %d registered", m->client, (int)m->sender,
				SG_CLIENTS_MAX);
		reply(m, rc);
		return NULL;
	}
	/* the daemon itself is our child (SIGCHLD); others are watched by
	 * pidfd, or by their identity where pidfds are missing (kernel < 5.3,
	 * valgrind) */
	if (m->sender != ch.daemon.pid) {
		struct sg_procid id;

		if (sg_procid_read(m->sender, &id) == 0)
			c->start = id.start;
		c->pidfd = pidfd_open(m->sender, 0);
		if (c->pidfd < 0 && errno == ESRCH)
			c->gone = 1; /* already gone: judged once the queue is drained */
	}
	if (m->sender == ch.daemon.pid)
		ch.daemon_unregistered = 0;
	if (m->has_name)
		memcpy(c->name, m->name, sizeof(c->name));
	sg_info("%s registered", sg_client_describe(c, who, sizeof(who)));
	return c;
}

/* Clients watched without a pidfd: gone when their identity is. */
static int lost_without_pidfd(const struct sg_client *c)
{
	struct sg_procid id = { .pid = c->pid, .start = c->start };

	return c->used && !c->gone && c->pidfd < 0 && c->pid != ch.daemon.pid && c->start &&
	       !sg_procid_alive(&id);
}

/* Clients whose process ended without unregistering failed (apphbd's HUP). */
static void judge_gone_clients(void)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(ch.clients.c); i++) {
		struct sg_client *c = &ch.clients.c[i];
		char who[128];

		/* a daemon shutting down (STOPPING=1) may lose its processes */
		if (c->used && c->gone && !ch.stopping && !ch.stopping_announced)
			child_fail("%s exited without unregistering", sg_client_describe(c, who, sizeof(who)));
	}
}

static void handle_notify(void)
{
	struct sg_notify_msg m;
	int rc;

	while ((rc = sg_notify_recv(ch.nfd, &m)) == 1) {
		uint64_t now = sg_now_mono_ms();
		struct sg_client *c = sg_clients_find(&ch.clients, m.sender);

		/* a registered pid was checked when it registered; it stays
		 * trusted until it unregisters or exits, even when the session
		 * test can no longer be made on a process about to go */
		if (c == NULL && !from_daemon(m.sender)) {
			sg_warn("ignoring sd_notify message from pid %d outside the daemon's process tree",
				(int)m.sender);
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
			rc = sg_client_validate(&m);
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
			ch.wd_usec = m.watchdog_usec;
		if (m.watchdog || m.ready) {
			ch.wd_armed = 1;
			ch.wd_deadline = now + ch.wd_usec / 1000ULL;
		}
		m.has_failed = 0;
		daemon_effects(&m, "daemon");
	}
	judge_gone_clients();
}

/* A watched client process ended: read what it sent before (an
 * unregistration, say), then judge. pid and pidfd are what was polled;
 * the client may have unregistered (and the descriptor been reused) since. */
static void client_exited(pid_t pid, int pidfd)
{
	struct sg_client *c = sg_clients_find(&ch.clients, pid);

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
	struct sg_client *c;

	while ((c = sg_clients_ping_due(&ch.clients, now)) != NULL) {
		char buf[64];
		int rc;

		snprintf(buf, sizeof(buf), SG_NX_PING "=%u\n", c->ping_seq);
		rc = sg_notify_sendto(ch.nfd, &c->addr, c->addrlen, buf);
		if (rc < 0)
			sg_debug("ping to pid %d: %s", (int)c->pid, strerror(-rc)); /* its deadline decides */
	}
	while ((c = sg_clients_sample_due(&ch.clients, now)) != NULL) {
		unsigned char v[8];
		struct iovec local = { .iov_base = v, .iov_len = c->counter_len };
		struct iovec remote = { .iov_base = (void *)(uintptr_t)c->counter_addr, .iov_len = c->counter_len };
		ssize_t n = process_vm_readv(c->pid, &local, 1, &remote, 1, 0);

		if (n != (ssize_t)c->counter_len)
			sg_debug("cannot read the counter of pid %d: %s", (int)c->pid, n < 0 ? strerror(errno) : "short read");
		sg_client_sample(c, n == (ssize_t)c->counter_len ? v : NULL, now);
	}
}

static void describe_status(int status, char *buf, size_t n)
{
	if (WIFEXITED(status))
		snprintf(buf, n, "exit code %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "signal %d (SIG%s)", WTERMSIG(status), sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		snprintf(buf, n, "status 0x%x", status);
}

static void start_check(uint64_t now)
{
	if (cfg->params.health == SG_HEALTH_COMMAND) {
		char **argv = NULL, err[256];
		int argc = 0;
		struct sg_spawn_opts o = { .user = cfg->params.user, .workdir = cfg->params.workdir,
					   .pdeathsig = SIGKILL };

		if (sg_argv_split(cfg->params.health_cmd, &argv, &argc) != 0 || argc == 0)
			child_give_up("health_cmd cannot be parsed");
		o.path = argv[0];
		o.argv = argv;
		ch.check_pid = sg_spawn(&o, err, sizeof(err));
		sg_argv_free(argv);
		if (ch.check_pid < 0) {
			ch.check_pid = 0;
			child_fail("health check: %s", err);
		}
	} else {
		char host[256], port[16];
		const char *t = cfg->params.health_target, *colon = strrchr(t, ':');
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
			child_fail("health check: cannot resolve %s", t);
		ch.tcp_fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (ch.tcp_fd < 0 ||
		    (connect(ch.tcp_fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)) {
			int e = errno;

			freeaddrinfo(ai);
			if (ch.tcp_fd >= 0)
				close(ch.tcp_fd);
			ch.tcp_fd = -1;
			if (ch.ready)
				child_fail("health check: connect to %s: %s", t, strerror(e));
			ch.next_check = now + (ch.interval ? ch.interval : 1000);
			return;
		}
		freeaddrinfo(ai);
	}
	ch.check_deadline = now + ch.interval;
}

static void finish_tcp(void)
{
	int err = 0;
	socklen_t len = sizeof(err);

	getsockopt(ch.tcp_fd, SOL_SOCKET, SO_ERROR, &err, &len);
	close(ch.tcp_fd);
	ch.tcp_fd = -1;
	ch.next_check = sg_now_mono_ms() + ch.interval;
	if (err == 0)
		become_ready("tcp check passed");
	else if (ch.ready)
		child_fail("health check: connect to %s: %s", cfg->params.health_target, strerror(err));
}

static void reap_children(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		char how[64];

		describe_status(status, how, sizeof(how));
		if (pid == ch.daemon.pid) {
			struct sg_client *c;

			ch.daemon_reaped = 1;
			ch.daemon_status = status;
			if (ch.stopping)
				continue;
			/* what it sent before exiting (STOPPING=1, an
			 * unregistration) is still queued: read it first */
			if (ch.nfd >= 0)
				handle_notify();
			if ((ch.stopping_announced || ch.daemon_unregistered) && WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0) {
				sg_notice("daemon %s and exited cleanly: not restarting",
					  ch.stopping_announced ? "announced STOPPING=1" : "unregistered");
				kill_daemon_group();
				child_clean_exit(1);
			}
			c = sg_clients_find(&ch.clients, pid);
			if (c != NULL) {
				char who[128];

				child_fail("%s exited (%s) without unregistering", sg_client_describe(c, who, sizeof(who)),
					   how);
			}
			child_fail("daemon exited (%s)", how);
		} else if (pid == ch.check_pid) {
			ch.check_pid = 0;
			ch.next_check = sg_now_mono_ms() + ch.interval;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				become_ready("health_cmd passed");
			else if (ch.ready && !ch.stopping)
				child_fail("health_cmd failed (%s)", how);
		}
		/* anything else: an orphan of the daemon we adopted as subreaper */
	}
}

static void request_stop(void)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	uint32_t ms = cfg->params.stop_timeout_s ? cfg->params.stop_timeout_s * 1000u : DEFAULT_STOP_TIMEOUT_MS;

	if (ch.stopping)
		return;
	/* the agent's stop tells us its own budget */
	if (sg_cmap_key(key, sizeof(key), enc, SG_KEY_STOP_TIMEOUT) == 0)
		cmap_get_uint32(ch.cmap, key, &ms);
	ch.stopping = 1;
	ch.stop_deadline = sg_now_mono_ms() + ms;
	pub_str(SG_KEY_STATE, "stopping");
	sg_notice("stopping: SIGTERM to process group %d, SIGKILL after %u ms", (int)ch.daemon.pid, ms);
	if (ch.check_pid > 0)
		kill(-ch.check_pid, SIGKILL);
	if (ch.daemon.pid > 0)
		kill(-ch.daemon.pid, SIGTERM);
}

static void handle_signals(void)
{
	struct signalfd_siginfo si;

	while (read(ch.sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			break;
		case SIGUSR2: case SIGTERM: case SIGINT: case SIGHUP:
			shm->stop_requested = 1;
			break;
		}
	}
	reap_children();
	if (shm->stop_requested)
		request_stop();
}

static int group_gone(void)
{
	return ch.daemon.pid <= 0 || (ch.daemon_reaped && kill(-ch.daemon.pid, 0) != 0 && errno == ESRCH);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Deadlines of the notify method: the daemon's watchdog, its registered
 * clients, the exit promised by STOPPING=1. Fails the daemon when one is
 * missed; sends due pings and samples counters. */
static void check_notify(uint64_t now)
{
	struct sg_client *c;
	char why[256];

	for (size_t i = 0; i < SG_ARRAY_SIZE(ch.clients.c); i++) {
		if (lost_without_pidfd(&ch.clients.c[i])) {
			ch.clients.c[i].gone = 1;
			handle_notify(); /* reads what it sent last, then judges */
		}
	}
	if (ch.stopping_announced) {
		if (now > ch.announce_deadline)
			child_fail("daemon announced STOPPING=1 but did not exit within %llu ms",
				   (unsigned long long)(cfg->params.stop_timeout_s ? cfg->params.stop_timeout_s * 1000ULL
										    : DEFAULT_STOP_TIMEOUT_MS));
		return;
	}
	if (ch.ready && ch.wd_armed && ch.wd_usec && now > ch.wd_deadline)
		child_fail("no WATCHDOG=1 within %llu ms (daemon hung?)", (unsigned long long)(ch.wd_usec / 1000ULL));
	c = sg_clients_overdue(&ch.clients, now, why, sizeof(why));
	if (c != NULL)
		child_fail("%s", why);
	run_client_checks(now);
}

/* When check_notify() next has something to do. */
static uint64_t notify_wake(void)
{
	uint64_t w = UINT64_MAX;

	if (ch.stopping_announced)
		return ch.announce_deadline + 1;
	if (ch.ready && ch.wd_armed && ch.wd_usec)
		w = ch.wd_deadline + 1;
	return min_u64(w, sg_clients_next_wake(&ch.clients));
}

/* C's main loop: heartbeats, health, stop. Never returns. */
static void __attribute__((noreturn)) child_loop(void)
{
	unsigned int tick = ch.interval ? (ch.interval / 4 ? ch.interval / 4 : 1) : 1000;
	uint64_t next_hb = 0;

	for (;;) {
		struct pollfd pfd[5 + SG_CLIENTS_MAX];
		pid_t polled_pid[5 + SG_CLIENTS_MAX] = { 0 };
		int nfds = 0, timeout;
		uint64_t now = sg_now_mono_ms(), wake;

		if (getppid() != shm->parent_pid)
			child_fail("supervisor parent died");
		if (now >= next_hb) {
			if (sam_hc_send() != CS_OK && !ch.stopping)
				child_fail("cannot send SAM heartbeat (supervisor parent gone?)");
			next_hb = now + tick;
		}
		if (ch.stopping) {
			if (group_gone())
				child_clean_exit(0);
			if (now >= ch.stop_deadline && !ch.killed) {
				sg_warn("daemon did not stop in time: SIGKILL to process group %d", (int)ch.daemon.pid);
				kill_daemon_group();
				ch.killed = 1;
				ch.stop_deadline = now + KILL_GRACE_MS;
			} else if (now >= ch.stop_deadline && ch.killed == 1) {
				set_failure("daemon survived SIGKILL (uninterruptible sleep?)");
				pub_str(SG_KEY_STATE, "stop-failed");
				ch.killed = 2;
			}
		} else {
			if (!ch.ready && ch.ready_deadline && now >= ch.ready_deadline)
				child_fail("daemon not ready within %u ms", cfg->ready_timeout_ms);
			if (cfg->params.health == SG_HEALTH_EXIT && !ch.ready && now >= ch.ready_at)
				become_ready("survived one interval");
			if (cfg->params.health == SG_HEALTH_NOTIFY)
				check_notify(now);
			if ((cfg->params.health == SG_HEALTH_COMMAND || cfg->params.health == SG_HEALTH_TCP)) {
				if ((ch.check_pid > 0 || ch.tcp_fd >= 0) && now >= ch.check_deadline) {
					if (ch.check_pid > 0)
						kill(-ch.check_pid, SIGKILL);
					if (ch.tcp_fd >= 0) {
						close(ch.tcp_fd);
						ch.tcp_fd = -1;
					}
					if (ch.ready)
						child_fail("health check did not pass within %u ms", ch.interval);
					ch.next_check = now + ch.interval;
				} else if (ch.check_pid == 0 && ch.tcp_fd < 0 && now >= ch.next_check) {
					start_check(now);
				}
			}
		}

		pfd[nfds++] = (struct pollfd){ .fd = ch.sfd, .events = POLLIN };
		pfd[nfds++] = (struct pollfd){ .fd = ch.cmap_fd, .events = POLLIN };
		if (ch.lfd >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = ch.lfd, .events = POLLIN };
		if (ch.nfd >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = ch.nfd, .events = POLLIN };
		if (ch.tcp_fd >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = ch.tcp_fd, .events = POLLOUT };
		for (size_t i = 0; i < SG_ARRAY_SIZE(ch.clients.c); i++)
			if (ch.clients.c[i].used && ch.clients.c[i].pidfd >= 0) {
				polled_pid[nfds] = ch.clients.c[i].pid;
				pfd[nfds++] = (struct pollfd){ .fd = ch.clients.c[i].pidfd, .events = POLLIN };
			}
		now = sg_now_mono_ms();
		wake = next_hb;
		if (ch.stopping)
			wake = min_u64(wake, ch.stop_deadline);
		else {
			if (!ch.ready && ch.ready_deadline)
				wake = min_u64(wake, ch.ready_deadline);
			if (!ch.ready && cfg->params.health == SG_HEALTH_EXIT)
				wake = min_u64(wake, ch.ready_at);
			if (cfg->params.health == SG_HEALTH_NOTIFY)
				wake = min_u64(wake, notify_wake());
			if (ch.check_pid > 0 || ch.tcp_fd >= 0)
				wake = min_u64(wake, ch.check_deadline);
			else if (cfg->params.health == SG_HEALTH_COMMAND || cfg->params.health == SG_HEALTH_TCP)
				wake = min_u64(wake, ch.next_check);
		}
		timeout = wake > now ? (int)min_u64(wake - now, 60000) : 0;
		if (poll(pfd, (nfds_t)nfds, timeout) < 0) {
			if (errno == EINTR)
				continue;
			child_fail("poll: %s", strerror(errno));
		}
		/* the daemon's messages first: they may explain an exit */
		for (int i = 2; i < nfds; i++)
			if (pfd[i].revents && pfd[i].fd == ch.nfd)
				handle_notify();
		if (pfd[0].revents)
			handle_signals();
		if (pfd[1].revents) {
			if ((pfd[1].revents & (POLLERR | POLLHUP | POLLNVAL)) ||
			    cmap_dispatch(ch.cmap, CS_DISPATCH_ALL) != CS_OK)
				child_fail("lost the connection to corosync");
		}
		for (int i = 2; i < nfds; i++) {
			if (!pfd[i].revents || pfd[i].fd == ch.nfd)
				continue;
			if (polled_pid[i] > 0)
				client_exited(polled_pid[i], pfd[i].fd);
			else if (pfd[i].fd == ch.lfd)
				answer_status();
			else if (pfd[i].fd == ch.tcp_fd)
				finish_tcp();
		}
	}
}

/* C: everything after sam_register() returned in the child. */
static void __attribute__((noreturn)) child_main(unsigned int instance)
{
	struct sigaction sa = { 0 };
	sigset_t mask;
	int rc;

	ch.instance = instance;
	sg_clients_init(&ch.clients);
	ch.interval = cfg->params.health_interval_ms;
	ch.wd_usec = (uint64_t)ch.interval * 1000ULL;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != shm->parent_pid)
		_exit(1);
	shm->child_pid = getpid();
	sa.sa_handler = child_warn_handler;
	sigaction(SIGUSR1, &sa, NULL);
	if (shm->stop_requested) {
		/* stop arrived while SAM was between children */
		shm->child_pid = 0;
		exit(0);
	}
	/* orphans of the daemon come to us and are reaped */
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	rc = sg_cmap_connect(&ch.cmap);
	if (rc < 0) {
		sg_err("cannot connect to corosync: %s", strerror(-rc));
		exit(1);
	}
	cmap_fd_get(ch.cmap, &ch.cmap_fd);

	if (instance > 1)
		account_restart();
	if (shm->daemon.pid > 0)
		kill_leftover(&shm->daemon);

	publish_static();
	pub_str(SG_KEY_STATE, "starting");
	pub_str(SG_KEY_LAST_FAILURE, shm->last_failure);
	pub_history();

	sa.sa_handler = child_early_stop_handler;
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (sam_start() != CS_OK) {
		sg_err("sam_start failed (corosync gone?)");
		exit(1);
	}
	shm->ever_started = 1;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	ch.sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (ch.sfd < 0)
		child_fail("signalfd: %s", strerror(errno));
	if (shm->stop_requested)
		child_clean_exit(0);
	if (cfg->params.quorum == SG_QUORUM_REQUIRE) {
		votequorum_callbacks_t cb;

		memset(&cb, 0, sizeof(cb));
		ch.have_vq = votequorum_initialize(&ch.vq, &cb) == CS_OK;
	}
	ch.lfd = sg_status_listen(enc);
	if (ch.lfd < 0)
		sg_warn("no status socket (%s): monitor will read cmap itself", strerror(-ch.lfd));

	if (cfg->params.health == SG_HEALTH_NOTIFY) {
		char tag[SG_NAME_ENC_MAX + 16];

		snprintf(tag, sizeof(tag), "%s/%d", enc, (int)getpid());
		ch.nfd = sg_notify_open(tag, ch.notify_env, sizeof(ch.notify_env));
		if (ch.nfd < 0)
			child_fail("cannot create the notify socket: %s", strerror(-ch.nfd));
	}
	start_daemon();
	ch.ready_at = sg_now_mono_ms() + ch.interval;
	if (cfg->ready_timeout_ms)
		ch.ready_deadline = sg_now_mono_ms() + cfg->ready_timeout_ms;
	if (cfg->params.health == SG_HEALTH_EXIT && ch.interval == 0)
		become_ready("started");
	child_loop();
}

int sg_supervise_run(const struct sg_supervise_config *config)
{
	struct sigaction sa = { 0 };
	struct sg_procid self;
	sam_recovery_policy_t policy = SAM_RECOVERY_POLICY_RESTART | SAM_RECOVERY_POLICY_CMAP;
	unsigned int instance = 0;
	cs_error_t err;
	int rc;

	cfg = config;
	if (sg_name_encode(cfg->params.name, enc, sizeof(enc)) < 0) {
		sg_err("invalid resource name '%s'", cfg->params.name);
		return 2;
	}
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED) {
		sg_err("mmap: %s", strerror(errno));
		return 1;
	}
	memset(shm, 0, sizeof(*shm));
	shm->parent_pid = getpid();
	atexit(parent_exit_status);

	/* Dispositions P keeps forever (libsam never sets its own). SIGPIPE
	 * ignored protects P when a child dies mid-reply (E12); SIGCHLD must
	 * stay default for libsam's waitpid. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	sa.sa_handler = parent_stop_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (sg_procid_read(getpid(), &self) == 0 &&
	    (rc = sg_runstate_write(cfg->params.name, SG_RUN_SUPERVISOR, &self)) < 0)
		sg_warn("cannot write %s/%s.supervisor: %s", SG_RUNDIR, enc, strerror(-rc));

	if (cfg->params.quorum == SG_QUORUM_REQUIRE)
		policy |= SAM_RECOVERY_POLICY_QUORUM;
	err = sam_initialize((int)cfg->params.health_interval_ms, policy);
	if (err != CS_OK) {
		sg_err("sam_initialize failed (%d): is corosync running?", err);
		return 1;
	}
	sam_warn_signal_set(SIGUSR1);
	fflush(NULL);
	err = sam_register(&instance);
	if (err == CS_OK)
		child_main(instance);
	/* Still P, without a child: sam_register failed. */
	if (shm->ever_started && !shm->stop_requested)
		return parent_reconnect();
	sg_err("sam_register failed (%d): is corosync running and are we allowed to use it?", err);
	return 1;
}
