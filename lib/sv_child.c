/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_child.c - the SAM child C: starts the daemon D in its own session,
 * sends SAM's heartbeat from its main loop while it is itself alive, lets
 * the health driver judge D (sv_health_*.c), reaps, stops, and exits when
 * D fails so that SAM restarts the pair in place (see docs/design.md). */
#include "cgroup.h"
#include "cmapstate.h"
#include "contain.h"
#include "log.h"
#include "procid.h"
#include "quorum.h"
#include "runstate.h"
#include "samregistry.h"
#include "spawn.h"
#include "status.h"
#include "supervise_internal.h"
#include "util.h"
#include "kv.h"

#include <corosync/sam.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct sv_child sv_ch = { .sfd = -1, .cmap_fd = -1, .lfd = -1, .cg = SG_CGROUP_INIT, .cg_kill_fd = -1 };

/* SIGKILL the daemon's whole process group. */
void sv_kill_daemon_group(void)
{
	if (sv_ch.daemon.pid > 0)
		kill(-sv_ch.daemon.pid, SIGKILL);
}

/* C: SAM's warn signal (we set SIGUSR1): the child was late or quorum was
 * lost. Async-signal-safe: kill the daemon's group and leave; SAM restarts. */
static void child_warn_handler(int sig)
{
	pid_t g = sv_shm->daemon_pgid;

	(void)sig;
	sv_shm->warned = 1;
	if (sv_ch.cg_kill_fd >= 0 && write(sv_ch.cg_kill_fd, "1", 1) < 0) {
		/* the next child kills what is left */
	}
	if (g > 0)
		kill(-g, SIGKILL);
	sv_shm->child_pid = 0;
	_exit(1);
}

/* C, while blocked in sam_start() (waiting for quorum): a stop request
 * ends the child at once; P then exits and deletes SAM's keys. */
static void child_early_stop_handler(int sig)
{
	(void)sig;
	sv_shm->stop_requested = 1;
	sv_shm->child_pid = 0;
	_exit(0);
}

/* C: before it exits, kill everything of the instance (the cgroup, or the
 * daemon's group and session) and every descendant of ours (orphans came
 * to us as subreaper, setsid() or not), and reap every child: nothing of
 * this daemon outlives this child, not even a zombie that only PID 1
 * would reap (the next child would wait for it). */
static void contain_end(void)
{
	int rc;

	if (sv_ch.cg.dfd >= 0) {
		sg_cgroup_kill(&sv_ch.cg);
		rc = sg_cgroup_wait_empty(&sv_ch.cg, SV_CONTAIN_WAIT_MS);
		if (rc < 0)
			sg_warn("instance cgroup %s not empty after cgroup.kill: %s", sv_ch.cg.path, strerror(-rc));
	} else if (sv_ch.daemon.pid > 0) {
		if (sg_contain_kill_session(sv_ch.daemon.pid, SV_CONTAIN_WAIT_MS) < 0)
			sg_warn("processes of group/session %d survive SIGKILL", (int)sv_ch.daemon.pid);
	}
	rc = sg_contain_reap_all(SV_CONTAIN_WAIT_MS);
	if (rc < 0)
		sg_warn("children left unreaped: %s", strerror(-rc));
}

/* C: the instance ends for good: its cgroup and the record go too. */
static void contain_remove(void)
{
	int rc;

	if (sv_ch.cg.dfd < 0)
		return;
	rc = sg_cgroup_remove(&sv_ch.cg);
	if (rc < 0)
		sg_warn("cannot remove the instance cgroup %s: %s", sv_ch.cg.path, strerror(-rc));
	else
		sg_cgroup_record_remove(SG_RUNDIR, sv_enc);
}

/* C: the daemon failed. Record why and exit so that SAM restarts us. */
void sv_child_fail(const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sg_warn("%s; restarting in place", reason);
	sv_set_failure(reason);
	contain_end();
	sv_shm->child_pid = 0;
	exit(1);
}

/* C: the daemon is hung. Evidence first (bounded), then the failure,
 * whose reason is the evidence's one-line summary. */
void sv_child_hang(const char *fmt, ...)
{
	char reason[256], summary[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sv_evidence_hang(reason, summary, sizeof(summary));
	sv_child_fail("%s", summary);
}

/* C: stop supervising for good with state failed; SAM's parent exits
 * and keeps the keys so that monitor can tell why. Everything is published
 * before sam_mark_failed(): SAMProcess start reads the reason only once
 * the parent has exited, which sam_mark_failed() brings about. */
void sv_child_give_up(const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sg_err("giving up: %s", reason);
	contain_end();
	contain_remove();
	sv_set_failure(reason);
	sv_pub_state(SG_STATE_FAILED);
	sg_runstate_remove(sv_cfg->params.name, SG_RUN_DAEMON);
	/* the state is failed now, so the monitor and a stop Pacemaker runs
	 * because of the push see the same give-up */
	sv_push_give_up();
	/* what libsam's sam_mark_failed() writes with its CMAP policy */
	sg_sam_registry_state(sv_ch.cmap, sv_ch.sam_pid, SG_SAM_S_FAILED);
	sv_shm->gave_up = 1;
	sv_shm->child_pid = 0;
	/* a stopped SAM child that exits makes P quit (status 1, see
	 * parent_exit_status) instead of starting another child */
	sam_stop();
	exit(1);
}

/* C: corosync went away. Without it nothing can be published, and a new
 * child could not even connect: stop the daemon, stop SAM so that P quits
 * instead of forking children in a loop; P then waits for corosync and
 * re-executes itself (parent_exit_status in supervise.c). */
static void __attribute__((noreturn)) child_lost_corosync(const char *what)
{
	sg_err("%s; the daemon is stopped until corosync is back", what);
	sg_strlcpy(sv_shm->last_failure, what, sizeof(sv_shm->last_failure));
	contain_end();
	sv_shm->corosync_lost = 1;
	sv_shm->child_pid = 0;
	sam_stop();
	exit(1);
}

/* SAM's `running`, when still to be written (sam_running_due). */
void sv_sam_running(void)
{
	if (sv_ch.sam_running_due) {
		sv_ch.sam_running_due = 0;
		sg_sam_registry_state(sv_ch.cmap, sv_ch.sam_pid, SG_SAM_S_RUNNING);
	}
}

/* C: clean end after a stop request or a daemon's STOPPING=1 exit. */
void sv_child_clean_exit(int keep_keys)
{
	if (sv_ch.lfd >= 0)
		sg_status_unlink(sv_shm->parent_pid);
	contain_end();
	contain_remove();
	sg_runstate_remove(sv_cfg->params.name, SG_RUN_DAEMON);
	if (keep_keys)
		sv_pub_state(SG_STATE_STOPPED);
	else
		sg_cmap_resource_delete(sv_ch.cmap, sv_enc);
	/* what libsam's CMAP policy deletes when its parent quits */
	sg_cmap_sam_delete(sv_ch.cmap, sv_ch.sam_pid);
	sv_shm->child_pid = 0;
	sam_stop();
	sam_finalize();
	sg_kv_finalize(sv_ch.cmap);
	exit(0);
}

/* C: wait (bounded) until a former daemon's process group and session
 * are gone (a child that died abruptly could not clean up). Zombies do not
 * count: whoever inherited them reaps them. */
static void kill_leftover(const struct sg_procid *old)
{
	/* a pid reused by another process: its group is not ours (row 6) */
	if (sg_procid_group(old) == SG_GROUP_FOREIGN)
		return;
	if (!sg_procid_alive(old) && sg_contain_signal_session(old->pid, 0) <= 0)
		return;
	sg_warn("killing leftover process group and session %d of a previous daemon", (int)old->pid);
	if (sg_contain_kill_session(old->pid, SV_CONTAIN_WAIT_MS) < 0)
		sv_child_give_up("processes of the previous daemon (session %d) survive SIGKILL", (int)old->pid);
}

/* C: the instance cgroup (created by the first child, reused by the next
 * ones once empty), or the group+session fallback. Publishes which. */
static void contain_setup(void)
{
	int rc = sg_cgroup_open_instance(sv_enc, SV_CONTAIN_WAIT_MS, &sv_ch.cg);
	const char *how = rc == 0 ? "cgroup" : "pgroup";

	if (rc == -EBUSY)
		sv_child_give_up("processes of the previous daemon survive cgroup.kill in %s (uninterruptible sleep?)",
				 sv_ch.cg.path);
	if (rc == 0) {
		rc = sg_cgroup_record_write(SG_RUNDIR, sv_enc, sv_ch.cg.path);
		if (rc < 0)
			sg_warn("cannot record the instance cgroup: %s", strerror(-rc));
		sv_ch.cg_kill_fd = openat(sv_ch.cg.dfd, "cgroup.kill", O_WRONLY | O_CLOEXEC);
		if (sv_ch.instance <= 1)
			sg_notice("containment: cgroup %s", sv_ch.cg.path);
	} else if (sv_ch.instance <= 1) {
		sg_notice("containment: process group and session (no usable cgroup v2: %s)", strerror(-rc));
	}
	sv_pub_str(SG_KEY_CONTAINMENT, how);
}

/* C: count this restart; give up beyond the limit. Returns how many
 * restarts the window holds, this one included (0: not counted). */
static unsigned int account_restart(void)
{
	struct sg_restart_input in = {
		.now_ms = sg_now_mono_ms(),
		.max_restarts = sv_live_limit(SG_KEY_MAX_RESTARTS, sv_cfg->params.max_restarts),
		.window_s = sv_live_limit(SG_KEY_RESTART_WINDOW, sv_cfg->params.restart_window_s),
		/* SAM's warning under the quorum flag is quorum loss, not a fault */
		.quorum_warn = sv_shm->warned && sv_cfg->params.quorum == SG_QUORUM_REQUIRE,
		.escalate = sv_shm->escalate,
		.ever_ready = sv_shm->ever_ready,
	};
	const char *why = sv_shm->last_failure[0] ? sv_shm->last_failure : "supervisor child died";
	unsigned int recent;

	if (sv_shm->warned && !in.quorum_warn)
		why = "supervisor child missed SAM's health check deadline";
	sv_shm->warned = 0;
	switch (sg_restarts_judge(&sv_shm->restarts, &in, &recent)) {
	case SG_RESTART_NOT_COUNTED:
		sg_notice("daemon was stopped by SAM (quorum lost); waiting for quorum");
		return 0;
	case SG_RESTART_GIVE_UP_ESCALATED:
		sv_shm->escalate = 0;
		sv_child_give_up("failure escalated as %s asked (apphb_setreboot): %s", sv_shm->escalate_by, why);
	case SG_RESTART_GIVE_UP_NEVER_READY:
		sv_child_give_up("daemon failed before it ever became ready: %s", why);
	case SG_RESTART_GIVE_UP_LIMIT:
		sv_pub_history();
		sv_child_give_up("%u restarts within %us exceed max_restarts=%u; last: %s", recent, in.window_s,
				 in.max_restarts, why);
	case SG_RESTART_IN_PLACE:
		break;
	}
	sv_pub_history();
	sg_notice("restart %u (%u within %us, limit %u) after: %s", sv_shm->restarts.total, recent, in.window_s,
		  in.max_restarts, why);
	return recent;
}

/* C, before sam_start(), so that SAM's health checking (which starts
 * with sam_start) cannot trip: the restart backoff (restart_delay). The
 * stop signals are blocked and waited for, so that a stop ends the wait
 * at once; P sets stop_requested before it signals us, and the flag is
 * checked once they are blocked. Publishes the delay (0: none). */
static void restart_backoff(unsigned int recent)
{
	uint32_t cap = sv_cfg->params.restart_delay_max_ms ? sv_cfg->params.restart_delay_max_ms
							    : SG_RESTART_DELAY_MAX_MS;
	uint32_t ms = sg_restart_delay_ms(sv_cfg->params.restart_delay_ms, cap, recent);
	uint64_t t0 = sg_now_mono_ms(), now;
	sigset_t stop, old;

	sv_pub_u32(SG_KEY_RESTART_DELAY, ms);
	if (ms == 0)
		return;
	sg_notice("restart %u within the window: waiting %u ms before starting the daemon (restart_delay)", recent, ms);
	sigemptyset(&stop);
	sigaddset(&stop, SIGUSR2);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	while (!sv_shm->stop_requested && (now = sg_now_mono_ms()) - t0 < ms) {
		uint64_t left = ms - (now - t0);
		struct timespec ts = { .tv_sec = (time_t)(left / 1000), .tv_nsec = (long)(left % 1000) * 1000000L };

		if (sigtimedwait(&stop, NULL, &ts) > 0)
			sv_shm->stop_requested = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (sv_shm->stop_requested) {
		sg_notice("stop requested during the restart backoff, after %llu of %u ms",
			  (unsigned long long)(sg_now_mono_ms() - t0), ms);
		sv_child_clean_exit(0);
	}
}

/* Start the daemon with what the active drivers put in its environment. */
static void start_daemon(void)
{
	char err[256];
	struct sv_spawn_env env = { .n = 0 };
	static const char *const env_unset[] = { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", NULL };
	struct sg_spawn_opts o = {
		.path = sv_cfg->params.binfile,
		.argv = sv_cfg->argv,
		.workdir = sv_cfg->params.workdir,
		.cred = &sv_cred,
		.out_path = sv_cfg->params.logfile,
		.err_path = sv_cfg->params.errlogfile,
		.env_set = env.set,
		.env_unset = env_unset,
		.pdeathsig = SIGKILL,
		.cgroup_fd = sv_ch.cg.dfd,
	};
	pid_t pid;
	int rc;

	for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
		if ((*d)->spawn_env)
			(*d)->spawn_env(&env);
	env.set[env.n] = NULL;
	o.env_pid_name = env.pid_name;
	if (sv_cred_rc < 0)
		sv_child_give_up("%s", sv_cred_why);
	pid = sg_spawn(&o, err, sizeof(err));
	if (pid < 0) {
		/* a missing program, a refused workdir or log, a log that is a
		 * symlink (-ELOOP), a FIFO (-ENXIO) or no regular file (-EINVAL):
		 * a restart cannot help */
		if (pid == -ENOENT || pid == -EACCES || pid == -ENOEXEC || pid == -ENOTDIR ||
		    pid == -ELOOP || pid == -ENXIO || pid == -EINVAL)
			sv_child_give_up("%s", err);
		sv_child_fail("%s", err);
	}
	if (sg_procid_read(pid, &sv_ch.daemon) != 0) {
		sv_ch.daemon.pid = pid;
		sv_ch.daemon.start = 0;
	}
	sv_shm->daemon = sv_ch.daemon;
	sv_shm->daemon_pgid = pid;
	/* a daemon without its run-state file is one monitor cannot see and
	 * Pacemaker may start twice: never leave it running */
	if ((rc = sg_runstate_write(sv_cfg->params.name, SG_RUN_DAEMON, &sv_ch.daemon)) < 0)
		sv_child_give_up("cannot write the run-state file %s/%s.daemon: %s", SG_RUNDIR, sv_enc, strerror(-rc));
	sv_pub_u32(SG_KEY_DAEMON_PID, (uint32_t)pid);
	sv_pub_u64(SG_KEY_DAEMON_START, sv_ch.daemon.start);
	sv_evidence_started();
	sg_info("started %s as pid %d (instance %u)", sv_cfg->params.binfile, (int)pid, sv_ch.instance);
}

/* Reap every child that ended: the daemon (a failure unless a driver
 * says it was an announced, clean exit), a driver's probe, or an orphan
 * of the daemon that came to us as subreaper. */
static void reap_children(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		char how[64];
		int handled = 0;

		sv_describe_status(status, how, sizeof(how));
		if (pid == sv_ch.daemon.pid) {
			sv_ch.daemon_reaped = 1;
			sv_ch.daemon_status = status;
			if (sv_ch.stopping || sv_pidfile_launcher_exited(status, how))
				continue;
			for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++) {
				if ((*d)->daemon_exited && (*d)->daemon_exited(status, how))
					sv_child_clean_exit(1);
			}
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
				char oom[256];

				if (sv_evidence_oom(oom, sizeof(oom)))
					sv_child_fail("%s", oom);
			}
			sv_child_fail("daemon exited (%s)", how);
		}
		for (const struct sv_health_driver *const *d = sv_health_active(); *d && !handled; d++)
			handled = (*d)->reaped && (*d)->reaped(pid, status);
		/* anything else: an orphan of the daemon we adopted as subreaper */
	}
}

static void request_stop(void)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	uint32_t ms = sv_cfg->params.stop_timeout_s ? sv_cfg->params.stop_timeout_s * 1000u : SV_DEFAULT_STOP_TIMEOUT_MS;

	if (sv_ch.stopping)
		return;
	/* the agent's stop tells us its own budget */
	if (sg_cmap_key(key, sizeof(key), sv_enc, SG_KEY_STOP_TIMEOUT) == 0)
		sg_kv_get_uint32(sv_ch.cmap, key, &ms);
	sv_ch.stopping = 1;
	sv_ch.stop_deadline = sg_now_mono_ms() + ms;
	sv_pub_state(SG_STATE_STOPPING);
	sg_notice("stopping: SIGTERM to process group %d, SIGKILL after %u ms", (int)sv_ch.daemon.pid, ms);
	for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
		if ((*d)->cancel)
			(*d)->cancel();
	if (sv_ch.daemon.pid > 0)
		kill(-sv_ch.daemon.pid, SIGTERM);
}

static void handle_signals(void)
{
	struct signalfd_siginfo si;

	while (read(sv_ch.sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			break;
		case SIGUSR2: case SIGTERM: case SIGINT: case SIGHUP:
			sv_shm->stop_requested = 1;
			break;
		}
	}
	reap_children();
	if (sv_shm->stop_requested)
		request_stop();
}

static int group_gone(void)
{
	return sv_ch.daemon.pid <= 0 || (sv_ch.daemon_reaped && kill(-sv_ch.daemon.pid, 0) != 0 && errno == ESRCH);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void on_signalfd(int fd, short revents, intptr_t arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	handle_signals();
}

static void on_cmap_fd(int fd, short revents, intptr_t arg)
{
	(void)fd;
	(void)arg;
	int gone = (revents & (POLLERR | POLLHUP | POLLNVAL)) && !sg_kv_is_shared(sv_ch.cmap);

	/* a publisher that went away: dispatch moves to another path */
	if (gone || sg_kv_dispatch(sv_ch.cmap, CS_DISPATCH_ALL) != CS_OK)
		child_lost_corosync("lost the connection to corosync");
}

static void on_status_fd(int fd, short revents, intptr_t arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	sv_answer_status();
}

/* The stop in progress: SIGKILL after the stop timeout, stop-failed
 * when even that did not work. */
static void stop_tick(uint64_t now)
{
	if (group_gone())
		sv_child_clean_exit(0);
	if (now >= sv_ch.stop_deadline && !sv_ch.killed) {
		sg_warn("daemon did not stop in time: SIGKILL to process group %d", (int)sv_ch.daemon.pid);
		sv_kill_daemon_group();
		sv_ch.killed = 1;
		sv_ch.stop_deadline = now + SV_KILL_GRACE_MS;
	} else if (now >= sv_ch.stop_deadline && sv_ch.killed == 1) {
		sv_set_failure("daemon survived SIGKILL (uninterruptible sleep?)");
		sv_pub_state(SG_STATE_STOP_FAILED);
		sv_ch.killed = 2;
	}
}

/* When the loop must wake next, at the latest at next_hb. */
static uint64_t next_wake(uint64_t now, uint64_t next_hb)
{
	uint64_t wake = next_hb;

	if (sv_ch.sam_running_due)
		wake = min_u64(wake, sv_ch.sam_running_due);
	if (sv_ch.stopping)
		return min_u64(wake, sv_ch.stop_deadline);
	if (!sv_ch.ready && sv_ch.ready_deadline)
		wake = min_u64(wake, sv_ch.ready_deadline);
	wake = min_u64(wake, sv_pidfile_next_wake());
	for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
		if ((*d)->next_wake)
			wake = min_u64(wake, (*d)->next_wake(now));
	return wake;
}

/* C's main loop: heartbeats, health, stop. Never returns. */
static void __attribute__((noreturn)) child_loop(void)
{
	unsigned int tick = sv_ch.interval ? (sv_ch.interval / 4 ? sv_ch.interval / 4 : 1) : 1000;
	uint64_t next_hb = 0, next_touch = 0;

	for (;;) {
		struct sv_pollset ps = { .n = 0 };
		int timeout;
		uint64_t now = sg_now_mono_ms(), wake;

		if (getppid() != sv_shm->parent_pid)
			sv_child_fail("supervisor parent died");
		if (now >= next_hb) {
			if (sam_hc_send() != CS_OK && !sv_ch.stopping)
				sv_child_fail("cannot send SAM heartbeat (supervisor parent gone?)");
			next_hb = now + tick;
		}
		if (sv_ch.sam_running_due && now >= sv_ch.sam_running_due)
			sv_sam_running();
		/* SAM's last_updated once per interval (libsam wrote it on each
		 * heartbeat, 4 per interval: the cost corosync paid for every
		 * resource); late only after 2.5 (sg_sam_heartbeat_late) */
		if (now >= next_touch) {
			sg_sam_registry_touch(sv_ch.cmap, sv_ch.sam_pid);
			next_touch = now + 4 * tick;
		}
		if (sv_ch.stopping) {
			stop_tick(now);
		} else {
			if (!sv_ch.ready && sv_ch.ready_deadline && now >= sv_ch.ready_deadline)
				sv_child_hang("daemon not ready within %u ms", sv_cfg->ready_timeout_ms);
			sv_pidfile_tick(now);
			for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
				if ((*d)->tick)
					(*d)->tick(now);
		}

		/* the daemon's messages first: they may explain an exit */
		for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
			if ((*d)->add_fds)
				(*d)->add_fds(&ps);
		sv_poll_add(&ps, sv_ch.sfd, POLLIN, on_signalfd, 0);
		/* another descriptor once the publisher has gone (kv.h) */
		sg_kv_fd_get(sv_ch.cmap, &sv_ch.cmap_fd);
		sv_poll_add(&ps, sv_ch.cmap_fd, POLLIN, on_cmap_fd, 0);
		if (sv_ch.lfd >= 0)
			sv_poll_add(&ps, sv_ch.lfd, POLLIN, on_status_fd, 0);
		now = sg_now_mono_ms();
		wake = next_wake(now, next_hb);
		timeout = wake > now ? (int)min_u64(wake - now, 60000) : 0;
		if (poll(ps.pfd, (nfds_t)ps.n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			sv_child_fail("poll: %s", strerror(errno));
		}
		for (int i = 0; i < ps.n; i++)
			if (ps.pfd[i].revents)
				ps.cb[i](ps.pfd[i].fd, ps.pfd[i].revents, ps.arg[i]);
	}
}

/* How long one state call may wait for the publisher before the child
 * moves to a connection of its own: half an interval (SAM's deadline is
 * not at risk), within 100..2000 ms. */
static int relay_timeout_ms(void)
{
	unsigned int t = sv_ch.interval / 2;

	if (sv_ch.interval == 0)
		return 2000;
	return (int)(t < 100 ? 100 : t > 2000 ? 2000 : t);
}

/* C: everything after sam_register() returned in the child. */
void sv_child_main(unsigned int instance)
{
	struct sigaction sa = { 0 };
	sigset_t mask;
	unsigned int recent = 0;
	int rc;

	sv_ch.instance = instance;
	sv_ch.interval = sv_cfg->params.health_interval_ms;
	sv_ch.liveness = sv_health_driver_for(sv_cfg->params.health);
	sv_ch.readiness = sv_cfg->params.readiness == SG_READINESS_NOTIFY ? &sv_health_notify : sv_ch.liveness;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != sv_shm->parent_pid)
		_exit(1);
	sv_shm->child_pid = getpid();
	sa.sa_handler = child_warn_handler;
	sigaction(SIGUSR1, &sa, NULL);
	if (sv_shm->stop_requested) {
		/* stop arrived while SAM was between children */
		sv_shm->child_pid = 0;
		exit(0);
	}
	/* through the node's publisher: one corosync connection for all
	 * supervisors (relay.h); a call may wait for it up to half an interval */
	rc = sg_cs_errno(sg_kv_initialize_shared(&sv_ch.cmap, relay_timeout_ms()));
	if (rc < 0) {
		char what[128];

		snprintf(what, sizeof(what), "cannot connect to corosync: %s", strerror(-rc));
		if (sv_shm->ever_started)
			child_lost_corosync(what);
		/* the first child: SAM was never started, so P quits with our
		 * status and the agent's start fails */
		sg_err("%s", what);
		sv_shm->child_pid = 0;
		exit(1);
	}
	/* orphans of the daemon come to us and are reaped (and killed at our
	 * end); only now: a publisher started above must not be one of them */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sg_kv_fd_get(sv_ch.cmap, &sv_ch.cmap_fd);
	if (instance <= 1)
		sg_info("state goes to cmap through the %s", sg_kv_path(sv_ch.cmap));
	/* what libsam's sam_register() writes with its CMAP policy */
	sv_ch.sam_pid = (uint32_t)sv_shm->parent_pid;
	rc = sg_sam_registry_write(sv_ch.cmap, sv_ch.sam_pid, sv_ch.interval, SG_SAM_S_STOPPED);
	if (rc < 0)
		sg_warn("cannot write SAM's registry entry: %s", strerror(-rc));

	/* first: a give-up below must find (and remove) the instance cgroup */
	contain_setup();
	if (instance > 1)
		recent = account_restart();
	if (sv_shm->daemon.pid > 0)
		kill_leftover(&sv_shm->daemon);

	sv_publish_static();
	sv_pub_state(SG_STATE_STARTING);
	sv_pub_str(SG_KEY_LAST_FAILURE, sv_shm->last_failure);
	sv_pub_history();
	restart_backoff(recent);

	sa.sa_handler = child_early_stop_handler;
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (sv_cfg->params.quorum == SG_QUORUM_REQUIRE && !sg_kv_is_local()) {
		votequorum_callbacks_t cb;
		struct sg_quorum_info qi;
		struct sg_quorum_obs q = { 0 };

		memset(&cb, 0, sizeof(cb));
		sv_ch.have_vq = votequorum_initialize(&sv_ch.vq, &cb) == CS_OK;
		/* libsam's sam_start() waits in P until the node is quorate and
		 * says so in SAM's state */
		if (sv_ch.have_vq && sg_quorum_read_handle(sv_ch.vq, &qi) == 0)
			sg_quorum_observe(&qi, &q);
		if (!q.quorate)
			sg_sam_registry_state(sv_ch.cmap, sv_ch.sam_pid, SG_SAM_S_QUORUM_WAIT);
	}
	if (sam_start() != CS_OK) {
		sg_err("sam_start failed");
		exit(1);
	}
	/* libsam writes `running` here; we write it at the next common moment
	 * of corosync's watchdog timers (samregistry.h), within 100 ms, or
	 * when the daemon is ready, whichever comes first */
	sv_ch.sam_running_due = sg_sam_registry_phase(sg_now_mono_ms());
	if (sv_ch.sam_running_due == 0 || sg_env_is_off("SG_SAM_ALIGN"))
		sv_sam_running();
	sv_shm->ever_started = 1;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sv_ch.sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sv_ch.sfd < 0)
		sv_child_fail("signalfd: %s", strerror(errno));
	if (sv_shm->stop_requested)
		sv_child_clean_exit(0);
	sv_ch.lfd = sg_status_listen_at(sv_shm->parent_pid);
	if (sv_ch.lfd < 0)
		sg_warn("no status socket (%s): monitor will read cmap itself", strerror(-sv_ch.lfd));

	for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
		if ((*d)->setup)
			(*d)->setup();
	start_daemon();
	if (sv_cfg->ready_timeout_ms)
		sv_ch.ready_deadline = sg_now_mono_ms() + sv_cfg->ready_timeout_ms;
	for (const struct sv_health_driver *const *d = sv_health_active(); *d; d++)
		if ((*d)->started)
			(*d)->started(sg_now_mono_ms());
	child_loop();
}
