/* SPDX-License-Identifier: GPL-2.0-or-later */
/* notify_clients.h - the processes of a daemon that registered with the
 * supervisor through a heartbeat-shim library (X-SAMGUARD-CLIENT=...):
 * each has its own heartbeat deadline (apphb), responsiveness check (ha_gs
 * ping or counter) and escalation flag. Pure bookkeeping: no I/O, the
 * caller passes the time and does the sending, reading and killing, so
 * every rule here is unit-tested (cts/unit/test_notify_clients.c).
 *
 * Times are CLOCK_MONOTONIC milliseconds. A deadline is missed when now is
 * past it (now > deadline), as for the daemon's own sd_notify watchdog. */
#ifndef SG_NOTIFY_CLIENTS_H
#define SG_NOTIFY_CLIENTS_H

#include "notify.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

/* Registered processes per daemon; one more gets ENOSPC. */
#define SG_NOTIFY_CLIENTS_MAX 16

struct sg_notify_client {
	int used;
	pid_t pid;
	uid_t uid;
	int pidfd;                      /* exit watch, -1: none; the caller owns it */
	uint64_t start;                 /* the process's start time, for the caller's liveness test */
	int gone;                       /* the caller saw the process exit */
	char api[16];                   /* "apphb", "ha_gs", ... */
	char name[64];
	struct sockaddr_un addr;        /* where replies and pings go */
	socklen_t addrlen;              /* 0: unnamed, cannot be pinged */
	uint64_t wd_ms;                 /* heartbeat period, 0: none */
	uint64_t wd_deadline;
	uint64_t warn_ms;               /* beats further apart are logged, 0: never */
	uint64_t last_beat;
	int escalate;
	enum sg_notify_check check;
	uint64_t check_ms;              /* ping / sample period */
	uint64_t check_timeout_ms;      /* answer within; counter: grace on top of the period */
	uint64_t next_check;
	uint32_t ping_seq;
	int ping_outstanding;
	uint64_t ping_sent;
	uint64_t ping_deadline;
	uint64_t counter_addr;
	unsigned int counter_len;
	unsigned char counter_value[8];
	int counter_valid;
	uint64_t counter_changed;
};

struct sg_notify_clients {
	struct sg_notify_client c[SG_NOTIFY_CLIENTS_MAX];
};

/* What applying one message did, for the caller to act on. */
struct sg_notify_client_effects {
	uint64_t late_ms;               /* > 0: this beat came that late (past warn_ms) */
	int pong_ms;                    /* >= 0: a ping was answered after that long; -1 none */
	int stale_pong;                 /* a pong for no outstanding ping (ignored) */
};

void sg_notify_clients_init(struct sg_notify_clients *t);

/* The client registered by pid, or NULL. */
struct sg_notify_client *sg_notify_clients_find(struct sg_notify_clients *t, pid_t pid);

/* Register pid. Returns 0 with *out set, -EEXIST when pid is registered,
 * -ENOSPC when the table is full, -EINVAL for a bad api token. */
int sg_notify_clients_add(struct sg_notify_clients *t, pid_t pid, uid_t uid, const char *api, uint64_t now,
		   struct sg_notify_client **out);

/* Forget a client (its pidfd is the caller's to close first). */
void sg_notify_clients_remove(struct sg_notify_client *c);

/* Number of registered clients. */
unsigned int sg_notify_clients_count(const struct sg_notify_clients *t);

/* Check the settings a message asks a client for, before applying any:
 * returns 0 or -EINVAL (a malformed X-SAMGUARD- value; CHECK=ping or
 * counter without CHECK-USEC and CHECK-TIMEOUT-USEC in the same message;
 * CHECK=counter without COUNTER; CHECK=ping from a sender that cannot be
 * answered). */
int sg_notify_client_validate(const struct sg_notify_msg *m);

/* Apply a validated message from c's process: beats, periods, check and
 * escalation settings, ping answers. may_escalate says whether the sender
 * is allowed ESCALATE=1. Returns 0, or -EPERM when escalation was asked
 * for and refused (everything else is still applied). */
int sg_notify_client_apply(struct sg_notify_client *c, const struct sg_notify_msg *m, int may_escalate, uint64_t now,
		    struct sg_notify_client_effects *fx);

/* The first client that missed a deadline at now (heartbeat, ping answer,
 * counter progress), with a one-line reason; NULL when all are fine.
 * Clients marked gone are not judged here. */
struct sg_notify_client *sg_notify_clients_overdue(struct sg_notify_clients *t, uint64_t now, char *why, size_t n);

/* A client due for a ping at now, already marked as pinged (the caller
 * sends X-SAMGUARD-PING=<ping_seq>); NULL when none is due. */
struct sg_notify_client *sg_notify_clients_ping_due(struct sg_notify_clients *t, uint64_t now);

/* A client due for a counter sample at now; NULL when none. The caller
 * reads counter_len bytes at counter_addr and calls sg_notify_client_sample. */
struct sg_notify_client *sg_notify_clients_sample_due(struct sg_notify_clients *t, uint64_t now);

/* Record a counter sample (value NULL: it could not be read, which counts
 * as no progress) and schedule the next one. */
void sg_notify_client_sample(struct sg_notify_client *c, const void *value, uint64_t now);

/* The earliest time anything is due or overdue, UINT64_MAX when nothing. */
uint64_t sg_notify_clients_next_wake(const struct sg_notify_clients *t);

/* The first client with escalation on, or NULL. */
const struct sg_notify_client *sg_notify_clients_escalating(const struct sg_notify_clients *t);

/* "apphb client 'lrmd/lrmd_42' (pid 42)" into buf; returns buf. */
const char *sg_notify_client_describe(const struct sg_notify_client *c, char *buf, size_t n);

#endif
