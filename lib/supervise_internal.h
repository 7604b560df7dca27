/* SPDX-License-Identifier: GPL-2.0-or-later */
/* supervise_internal.h - what the supervisor's files share; not public.
 *
 *   supervise.c        P: sam_register caller, stop forwarding, reconnect
 *   sv_child.c         C: the SAM child's life: start, main loop, signals,
 *                      reaping, stop, failure and give-up
 *   sv_publish.c       C: the state published in cmap and on the status socket
 *   sv_health.c        the table of health methods, the poll set, readiness
 *   sv_health_*.c      one file per health method (a driver)
 *   sv_probe.c         periodic probes shared by the command and tcp drivers
 *   sv_evidence.c      C: evidence of a hang or an OOM kill, SIGABRT, the record
 *   sv_push.c          C: a give-up reported to Pacemaker at once (crm_resource --fail)
 *   restarts.c         restart accounting (pure, unit-tested)
 *
 * Names here start with sv_ (supervisor-private, unique project-wide). */
#ifndef SG_SUPERVISE_INTERNAL_H
#define SG_SUPERVISE_INTERNAL_H

#include "cgroup.h"
#include "notify_clients.h"
#include "cmapstate.h"
#include "cred.h"
#include "names.h"
#include "procid.h"
#include "quorum.h"
#include "restarts.h"
#include "states.h"
#include "supervise.h"

#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#define SV_DEFAULT_STOP_TIMEOUT_MS 10000u
#define SV_KILL_GRACE_MS 5000u
#define SV_CONTAIN_WAIT_MS 5000u  /* for what is left of an instance to die */

/* Shared between P and every C (MAP_SHARED | MAP_ANONYMOUS before the fork
 * in sam_register, which never returns in P). */
struct sv_shared {
	pid_t parent_pid;
	volatile sig_atomic_t stop_requested;
	volatile pid_t child_pid;
	volatile sig_atomic_t warned;          /* C got SAM's warn signal */
	volatile pid_t daemon_pgid;            /* for the warn handler */
	int ever_ready;
	int ever_started;                      /* a child reached sam_start */
	struct sg_restarts restarts;
	struct sg_procid daemon;
	char last_failure[256];
	int escalate;                          /* a client asked: next failure gives up */
	char escalate_by[128];
	volatile sig_atomic_t gave_up;         /* a child gave up: P exits with 1 */
	volatile sig_atomic_t corosync_lost;   /* a child lost corosync: P waits for it and re-executes */
	char failure_record[256];              /* the latest record's path, republished by each child */
	char failure_summary[256];
};

/* The SAM child's own state (one per process). */
struct sv_child {
	uint64_t sam_running_due;   /* SAM's `running` to be written then (samregistry.h) */
	cmap_handle_t cmap;
	int cmap_fd;
	int sfd;                    /* signalfd */
	struct sg_procid daemon;
	int daemon_reaped;
	int daemon_status;
	int ready;
	uint64_t ready_deadline;    /* ms, 0: none */
	int stopping;               /* stop requested */
	uint64_t stop_deadline;
	int killed;
	int lfd;                    /* status socket */
	int have_vq;                /* votequorum handle (quorum=require) */
	votequorum_handle_t vq;
	unsigned int interval;
	unsigned int instance;
	uint32_t sam_pid;           /* P: the key of SAM's registry entry we write */
	const struct sv_health_driver *liveness;  /* the health method */
	const struct sv_health_driver *readiness; /* who says "ready" (usually the same) */
	struct sg_cgroup cg;        /* the instance cgroup; dfd -1: group+session fallback */
	int cg_kill_fd;             /* its cgroup.kill, for the warn handler; -1: none */
	char status[256];           /* the daemon's last STATUS= (this instance) */
	int oom_known;              /* oom_at_start was read */
	uint64_t oom_at_start;      /* memory.events oom_kill when the daemon started */
};

extern struct sv_shared *sv_shm;
extern struct sv_child sv_ch;
extern const struct sg_supervise_config *sv_cfg;
extern char sv_enc[SG_NAME_ENC_MAX];
/* The daemon's user (also health_cmd's), resolved once in P before
 * sam_register(): no restart and no probe ever waits for NSS (LDAP, SSSD)
 * in a child. sv_cred_rc < 0: unresolved; the first child gives up with
 * sv_cred_why. */
extern struct sg_cred sv_cred;
extern int sv_cred_rc;
/* uid of the cluster user "hacluster", (uid_t)-1 when there is none */
extern uid_t sv_cluster_uid;
extern char sv_cred_why[256];

/* ---- sv_child.c */
/* The daemon failed: record why, kill it, exit so that SAM restarts us. */
void sv_child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* The daemon is hung: record the evidence (and, with hang_signal=abort,
 * SIGABRT it first), then fail with the summary as the reason. */
void sv_child_hang(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Stop supervising for good with state "failed" (keys kept for monitor). */
void sv_child_give_up(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* SAM's `running`, when still to be written (sv_child.c). */
void sv_sam_running(void);
/* Clean end after a stop request or a daemon's announced exit. */
void sv_child_clean_exit(int keep_keys) __attribute__((noreturn));
/* SIGKILL the daemon's process group. */
void sv_kill_daemon_group(void);
/* C's life after sam_register() returned in the child. */
void sv_child_main(unsigned int instance) __attribute__((noreturn));

/* ---- sv_evidence.c */
/* Capture the hung daemon's evidence, SIGABRT it when hang_signal=abort
 * (bounded wait, heartbeats go on), write the record; the one-line
 * summary goes to summary[n]. */
void sv_evidence_hang(const char *reason, char *summary, size_t n);
/* The daemon was just started: remember the cgroup's oom_kill count. */
void sv_evidence_started(void);
/* The daemon died of SIGKILL: 1 with the reason (and a record) when the
 * OOM killer did it, else 0. */
int sv_evidence_oom(char *reason, size_t n);
/* ---- sv_push.c */
/* A give-up is published: report it to Pacemaker at once when push.h says
 * so, from a detached helper (C never waits for crm_resource). */
void sv_push_give_up(void);

/* ---- sv_pidfile.c: programs that fork into the background (pidfile=) */
/* The launcher exited (status, described): 1 when that is the expected
 * going-into-the-background (exit 0 with pidfile set); fails otherwise. */
int sv_pidfile_launcher_exited(int status, const char *how);
/* The launcher is gone and the pid file not read yet. */
int sv_pidfile_awaited(void);
/* 1 while pidfile= is set and no pid from it was followed yet: the
 * launcher (still running or exited) is never the daemon, so nothing may
 * call the daemon ready before it is followed. */
int sv_pidfile_pending(void);
/* sv_health.c: the pid file is followed: a readiness that came before
 * counts now. */
void sv_ready_resume(void);
void sv_pidfile_tick(uint64_t now);
uint64_t sv_pidfile_next_wake(void);

/* ---- sv_publish.c */
void sv_pub_str(const char *leaf, const char *v);
void sv_pub_u32(const char *leaf, uint32_t v);
void sv_pub_u64(const char *leaf, uint64_t v);
void sv_pub_history(void);
/* Publish the state key: only a state of the one table (states.h). */
void sv_pub_state(enum sg_state s);
void sv_set_failure(const char *reason);
void sv_publish_static(void);
/* A limit as published (reload-agent may have changed it), else dflt. */
unsigned int sv_live_limit(const char *leaf, unsigned int dflt);
/* Answer one client of the status socket. */
void sv_answer_status(void);

/* ---- sv_health.c: health methods as drivers */
#define SV_POLL_MAX (8 + SG_NOTIFY_CLIENTS_MAX)

typedef void (*sv_poll_cb)(int fd, short revents, intptr_t arg);

struct sv_pollset {
	struct pollfd pfd[SV_POLL_MAX];
	sv_poll_cb cb[SV_POLL_MAX];
	intptr_t arg[SV_POLL_MAX];
	int n;
};

/* Watch fd for events; cb(fd, revents, arg) runs when it is ready, in the
 * order of addition (the daemon's messages first: they may explain an exit). */
void sv_poll_add(struct sv_pollset *ps, int fd, short events, sv_poll_cb cb, intptr_t arg);

/* What a driver adds to the daemon's environment. */
struct sv_spawn_env {
	const char *set[8];         /* NAME=VALUE, storage owned by the driver */
	int n;
	const char *pid_name;       /* NAME=<the daemon's own pid>, or NULL */
};

/* One health method. Every hook may be NULL. A driver fails the daemon with
 * sv_child_fail() and declares it ready with sv_ready(). */
struct sv_health_driver {
	enum sg_health method;
	void (*setup)(void);                    /* before the daemon starts */
	void (*spawn_env)(struct sv_spawn_env *e);
	void (*started)(uint64_t now);          /* the daemon was just started */
	void (*tick)(uint64_t now);             /* due checks and deadlines */
	uint64_t (*next_wake)(uint64_t now);    /* when tick has work, UINT64_MAX: none */
	void (*add_fds)(struct sv_pollset *ps);
	int (*reaped)(pid_t pid, int status);   /* a child not the daemon: 1 if ours */
	/* the daemon exited while no stop was requested: 1 when the exit was
	 * an announced, clean one (no restart); may fail with a precise reason */
	int (*daemon_exited)(int status, const char *how);
	void (*cancel)(void);                   /* a stop begins */
};

extern const struct sv_health_driver sv_health_exit;
extern const struct sv_health_driver sv_health_notify;
extern const struct sv_health_driver sv_health_command;
extern const struct sv_health_driver sv_health_tcp;

/* The driver of a method. */
const struct sv_health_driver *sv_health_driver_for(enum sg_health h);

/* The active drivers (liveness, then readiness when it is another one),
 * NULL-terminated, for the loop to call. */
const struct sv_health_driver *const *sv_health_active(void);

/* d saw the daemon ready; counts only from the readiness driver. */
void sv_ready(const struct sv_health_driver *d, const char *how);

/* describe a wait status: "exit code 3", "signal 9 (SIGKILL)" */
void sv_describe_status(int status, char *buf, size_t n);

/* ---- sv_health_tcp.c */
/* P, before sam_register: resolve health_target once (health=tcp only). A
 * failure is kept and makes the first child give up with the reason. */
void sv_tcp_resolve(void);

/* ---- sv_probe.c: one periodic probe (command, tcp) */
struct sv_probe_ops {
	const struct sv_health_driver *driver;
	const char *what;                       /* for messages */
	/* start a probe; 0 when one is in flight, -1 when none could start
	 * (the failure was handled; the next one is due in an interval) */
	int (*start)(uint64_t now);
	int (*in_flight)(void);
	void (*abort)(void);                    /* kill/close the probe in flight */
};
void sv_probe_tick(const struct sv_probe_ops *ops, uint64_t now);
uint64_t sv_probe_next_wake(const struct sv_probe_ops *ops);
/* The probe in flight finished: passed, or failed with a reason. */
void sv_probe_done(const struct sv_probe_ops *ops, int passed, const char *why);
/* The probe could not even start: fail when ready, else retry in an interval. */
void sv_probe_not_started(const struct sv_probe_ops *ops, uint64_t now, const char *why);

#endif
