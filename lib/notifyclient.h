/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* notifyclient.h - the client end of the supervisor's $NOTIFY_SOCKET, for
 * the heartbeat-shim libraries: one datagram socket per process, bound to
 * an autobound abstract address (so that the supervisor can answer and
 * ping it) and connected to $NOTIFY_SOCKET (so that nobody else can send
 * to it). Requests carry X-SAMGUARD-REQUEST=<id> and wait for the
 * matching X-SAMGUARD-REPLY. docs/notify-protocol.md describes the keys. */
#ifndef SG_NOTIFYCLIENT_H
#define SG_NOTIFYCLIENT_H

#include "notify.h"

#include <stdint.h>
#include <sys/types.h>

/* How long a request waits for the supervisor's reply. */
#define SG_NCLIENT_REPLY_MS 3000
/* How long a send may block on a full supervisor queue. */
#define SG_NCLIENT_SEND_MS 1000

struct sg_nclient {
	int fd;                 /* -1: not open */
	pid_t pid;              /* the process that opened it */
	uint32_t next_request;
	int has_pending_ping;   /* a ping that arrived while a request waited */
	uint32_t pending_ping;
};

#define SG_NCLIENT_INIT { .fd = -1 }

/* Open and connect to $NOTIFY_SOCKET ("@abstract" or "/path"). Returns 0,
 * -ENOENT when the variable is unset or empty, -EAFNOSUPPORT for another
 * address form, -ENAMETOOLONG, or the -errno of socket/bind/connect
 * (-ECONNREFUSED, -ENOENT: nobody listens). */
int sg_nclient_open(struct sg_nclient *c);

/* Close (only when opened by this process; a copy inherited across fork
 * is forgotten, not closed, so that the parent's socket is untouched). */
void sg_nclient_close(struct sg_nclient *c);

/* 1 when c is open and belongs to the calling process. */
int sg_nclient_is_open(const struct sg_nclient *c);

/* Send text as one datagram. Returns 0 or -errno (-EAGAIN when the
 * supervisor's queue stayed full for SG_NCLIENT_SEND_MS). */
int sg_nclient_send(struct sg_nclient *c, const char *text);

/* Send text plus a request id and wait up to timeout_ms for the reply.
 * Returns 0 when the supervisor accepted, -<its errno> when it refused,
 * -ETIMEDOUT without an answer, or the -errno of sending. Pings that
 * arrive meanwhile are kept in c->pending_ping. */
int sg_nclient_request(struct sg_nclient *c, const char *text, int timeout_ms);

/* Receive one datagram from the supervisor without blocking. Returns 1
 * with *m filled, 0 when nothing is pending, or -errno (-ECONNREFUSED once
 * the supervisor is gone). */
int sg_nclient_recv(struct sg_nclient *c, struct sg_notify_msg *m);

#endif
