/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* notify.h - the supervisor side of systemd's sd_notify protocol: a
 * datagram socket named by $NOTIFY_SOCKET, peer credentials, and the
 * parsing of the KEY=VALUE lines a daemon sends.
 *
 * The same datagrams carry samguard's extensions, keys starting with
 * "X-SAMGUARD-" (systemd ignores keys it does not know). The heartbeat-shim
 * libraries (libapphb, libha_gs) speak them; docs/notify-protocol.md is the
 * reference. Both directions use this parser: the supervisor reads what
 * clients send, clients read the supervisor's replies and pings. */
#ifndef SG_NOTIFY_H
#define SG_NOTIFY_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

/* Extension keys (client -> supervisor unless noted). */
#define SG_NX_PREFIX "X-SAMGUARD-"
#define SG_NX_CLIENT "X-SAMGUARD-CLIENT"        /* register: api token */
#define SG_NX_NAME "X-SAMGUARD-NAME"            /* free text for logs */
#define SG_NX_REQUEST "X-SAMGUARD-REQUEST"      /* id: please answer */
#define SG_NX_UNREGISTER "X-SAMGUARD-UNREGISTER" /* 1 */
#define SG_NX_ESCALATE "X-SAMGUARD-ESCALATE"    /* 0 | 1 */
#define SG_NX_WATCHDOG "X-SAMGUARD-WATCHDOG"    /* off */
#define SG_NX_WARN_USEC "X-SAMGUARD-WARN-USEC"  /* late-beat threshold, 0 = off */
#define SG_NX_CHECK "X-SAMGUARD-CHECK"          /* none | ping | counter */
#define SG_NX_CHECK_USEC "X-SAMGUARD-CHECK-USEC"
#define SG_NX_CHECK_TIMEOUT_USEC "X-SAMGUARD-CHECK-TIMEOUT-USEC"
#define SG_NX_COUNTER "X-SAMGUARD-COUNTER"      /* <hex address>:<length> */
#define SG_NX_PONG "X-SAMGUARD-PONG"            /* seq of the ping answered */
#define SG_NX_FAILED "X-SAMGUARD-FAILED"        /* reason text */
#define SG_NX_REPLY "X-SAMGUARD-REPLY"          /* supervisor -> client: request id */
#define SG_NX_ERRNO "X-SAMGUARD-ERRNO"          /* supervisor -> client: 0 or errno */
#define SG_NX_PING "X-SAMGUARD-PING"            /* supervisor -> client: seq */

/* Largest datagram either side accepts. */
#define SG_NOTIFY_MAX 4096

/* What the supervisor checks of a registered client besides its heartbeats:
 * asked for with X-SAMGUARD-CHECK=, kept in struct sg_notify_client. */
enum sg_notify_check {
	SG_NOTIFY_CHECK_NONE = 0,
	SG_NOTIFY_CHECK_PING,           /* the supervisor pings, the client answers in time */
	SG_NOTIFY_CHECK_COUNTER,        /* the supervisor samples a word the client increments */
};

struct sg_notify_msg {
	int ready;              /* READY=1 */
	int watchdog;           /* WATCHDOG=1 */
	int trigger;            /* WATCHDOG=trigger */
	int stopping;           /* STOPPING=1 */
	int has_status;
	char status[256];       /* STATUS=... */
	int has_watchdog_usec;
	uint64_t watchdog_usec; /* WATCHDOG_USEC=... */
	int has_extend_usec;
	uint64_t extend_usec;   /* EXTEND_TIMEOUT_USEC=... */

	/* samguard extensions; ext is set when any X-SAMGUARD- key was seen,
	 * ext_invalid counts known keys with a value we do not accept (those
	 * fields stay unset). Unknown X-SAMGUARD- keys are ignored. */
	int ext;
	int ext_invalid;
	char client[16];        /* [a-z0-9_], 1..15 bytes */
	int has_name;
	char name[64];          /* control characters become spaces */
	int has_request;
	uint32_t request;
	int unregister;
	int has_escalate;
	int escalate;
	int watchdog_off;
	int has_warn_usec;
	uint64_t warn_usec;
	int has_check;          /* X-SAMGUARD-CHECK= was given */
	enum sg_notify_check check;
	int has_check_usec;
	uint64_t check_usec;    /* > 0 */
	int has_check_timeout_usec;
	uint64_t check_timeout_usec; /* > 0 */
	int has_counter;
	uint64_t counter_addr;
	unsigned int counter_len; /* 1, 2, 4 or 8 */
	int has_pong;
	uint32_t pong;
	int has_failed;
	char failed[128];
	int has_reply;
	uint32_t reply;
	int has_errno;
	int err;                /* 0..4095 */
	int has_ping;
	uint32_t ping;

	/* filled by sg_notify_recv, not by the parser */
	pid_t sender;           /* from SCM_CREDENTIALS */
	uid_t sender_uid;
	struct sockaddr_un from;/* the sender's address (autobound or named) */
	socklen_t fromlen;      /* <= sizeof(sa_family_t): unnamed, cannot be answered */
};

/* Parse one datagram (newline-separated assignments). Unknown keys are
 * ignored as systemd does. Only sets fields: m should start zeroed. */
void sg_notify_parse(const char *buf, size_t len, struct sg_notify_msg *m);

/* Create a datagram socket bound to the file path (absolute; a stale
 * socket there is removed first), with SO_PASSCRED, non-blocking,
 * close-on-exec, mode 0600 from the moment it exists and then owned by
 * uid:gid, so that only that user and root can send to it. The value for
 * $NOTIFY_SOCKET (the path) goes to env_value. The supervisor uses
 * SG_RUNDIR/notify/<SAM child pid> (lib/rundir.h). Returns the fd or
 * -errno (-EINVAL for a path that is not absolute, -ENAMETOOLONG). */
int sg_notify_open_path(const char *path, uid_t uid, gid_t gid, char *env_value, size_t n);

/* Receive one datagram. Returns 1 with *m filled, 0 when nothing is
 * pending, -EMSGSIZE for an oversized datagram and -EBADMSG for one
 * without credentials (both dropped: more may be pending, read on), or
 * another -errno. */
int sg_notify_recv(int fd, struct sg_notify_msg *m);

/* rc of sg_notify_recv: a datagram was dropped, the next may be fine. */
#define SG_NOTIFY_DROPPED(rc) ((rc) == -EMSGSIZE || (rc) == -EBADMSG)

/* The sender of m can be answered (it sent from a named socket). */
int sg_notify_can_answer(const struct sg_notify_msg *m);

/* Send text as one datagram to addr without blocking. Returns 0 or -errno
 * (-EAGAIN when the receiver's queue is full). */
int sg_notify_sendto(int fd, const struct sockaddr_un *addr, socklen_t len, const char *text);

#endif
