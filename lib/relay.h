/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relay.h - the node's one corosync connection for samguard's supervisors.
 *
 * Every corosync IPC connection costs corosync CPU even when idle (libqb's
 * loop scans every connection on each run) and three 1 MiB rings in
 * /dev/shm (docs/scale.md). So the SAM children of all supervisors on a
 * node do not each connect to corosync: they send their cmap calls to one
 * samguard-publisher process, which holds the node's single connection and
 * makes the calls for them, one at a time, in order, and answers each with
 * libcmap's return code. The calls keep libcmap's semantics: a write has
 * reached cmap when it returns.
 *
 * Socket: SG_RELAY_SOCK, SOCK_SEQPACKET (one message per call), in the
 * root-only run directory; the publisher serves only peers whose uid is 0
 * and the client talks only to a root peer (docs/security.md). Keys outside
 * samguard's and SAM's prefixes are refused: the publisher is not a general
 * cmap proxy.
 *
 * Message: a fixed header (struct below, native byte order: both ends are
 * on one host), then keylen bytes of key (no NUL), then vlen bytes of value.
 *
 *   request            key          value     answer (code = cs_error_t)
 *   HELLO              -            -         CS_OK while cmap answers
 *   SET (type)         key          value     -
 *   GET                key          -         type, value
 *   DELETE             key          -         -
 *   ITER_INIT          prefix       -         iter
 *   ITER_NEXT (iter)   -            -         key, type, value_len
 *   ITER_FINALIZE      -            -         -
 */
#ifndef SG_RELAY_H
#define SG_RELAY_H

#include "rundir.h"

#include <corosync/cmap.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SG_RELAY_SOCK SG_RUNDIR "/publisher"
#define SG_RELAY_LOCK SG_RUNDIR "/publisher.lock"
#define SG_RELAY_VALUE_MAX 65536
#define SG_RELAY_HDR 32
#define SG_RELAY_MSG_MAX (SG_RELAY_HDR + CMAP_KEYNAME_MAXLEN + SG_RELAY_VALUE_MAX)
/* iterations one client may hold open at once */
#define SG_RELAY_ITERS 8

enum sg_relay_op {
	SG_RELAY_HELLO = 1,
	SG_RELAY_SET,
	SG_RELAY_GET,
	SG_RELAY_DELETE,
	SG_RELAY_ITER_INIT,
	SG_RELAY_ITER_NEXT,
	SG_RELAY_ITER_FINALIZE,
};

struct sg_relay_msg {
	uint32_t code;       /* request: enum sg_relay_op; answer: cs_error_t */
	uint32_t type;       /* cmap_value_types_t of a SET, GET answer, ITER_NEXT answer */
	uint64_t iter;       /* ITER_NEXT, ITER_FINALIZE; ITER_INIT's answer */
	uint64_t value_len;  /* ITER_NEXT's answer: the value's length (not sent) */
	size_t keylen;
	char key[CMAP_KEYNAME_MAXLEN + 1];   /* NUL-terminated after decode */
	size_t vlen;
	const void *value;   /* encode: the caller's; decode: points into the buffer */
};

/* Encode m into buf (size n). Returns the message's length, -EINVAL for a
 * key or value too long, a key with a NUL or a value length without a
 * value, -ENOBUFS when n is short. */
ssize_t sg_relay_encode(const struct sg_relay_msg *m, void *buf, size_t n);

/* Decode one message of len bytes. m->value points into buf. Returns 0, or
 * -EBADMSG for anything that is not exactly one well-formed message. */
int sg_relay_decode(const void *buf, size_t len, struct sg_relay_msg *m);

/* May a client name this key (or prefix)? Only samguard's state
 * (samguard.) and SAM's registry (resources.process.), and only names cmap
 * itself would accept. */
int sg_relay_key_allowed(const char *key);

/* Is a SET's value consistent with its type: a number's size; a string
 * with exactly one NUL, its last byte? (libcmap's cmap_set_string sends
 * the string without its NUL and corosync stores it with one either way;
 * the relay's client always sends it, so that the publisher never hands
 * corosync a string it would have to find the end of.) */
int sg_relay_value_valid(uint32_t type, const void *value, size_t vlen);

/* Connect to the publisher: the run directory must be trusted and the peer
 * root. Returns a connected SOCK_SEQPACKET descriptor (close-on-exec) that
 * has answered HELLO with CS_OK within timeout_ms, or -errno: -ENOENT or
 * -ECONNREFUSED when no publisher runs, -EPERM for an untrusted directory
 * or peer. */
int sg_relay_connect(int timeout_ms);

/* The same, starting a publisher when none answers: one caller at a time
 * (under SG_RELAY_LOCK) connects again, and when still none answers and
 * may_start is NULL or returns 1, starts samguard-publisher and waits up to
 * timeout_ms for it. may_start runs under the lock, so that callers
 * arriving together ask it once (P's "is corosync there?" would otherwise
 * open a connection each). */
int sg_relay_start(int timeout_ms, int (*may_start)(void));

/* One call: send req, wait up to timeout_ms for the answer into ans (its
 * value, when any, copied to vbuf of size vsize). Returns 0 (ans->code
 * holds libcmap's answer) or -errno when the connection can no longer be
 * used (closed, timed out, malformed answer): the caller closes it. */
int sg_relay_call(int fd, const struct sg_relay_msg *req, struct sg_relay_msg *ans, void *vbuf, size_t vsize,
		  int timeout_ms);

/* The publisher: serve on SG_RELAY_SOCK until corosync goes away or a
 * SIGTERM/SIGINT; ready_fd (or -1) gets one byte once it listens and is
 * closed. Returns the exit status (0 after a signal, 1 otherwise). */
int sg_publisher_run(int ready_fd);

#endif
