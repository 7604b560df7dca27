/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.h - the supervisor's status socket: a cheap way for monitor to
 * learn what the supervisor knows, without opening its own cmap
 * connection (which costs several milliseconds: libqb sets up shared
 * memory rings per connection).
 *
 * The SAM child listens on the SOCK_SEQPACKET socket
 * SG_RUNDIR/status/<supervisor pid> (mode 0600, root, in a directory only
 * root can write; never an abstract name, which anybody could take
 * first). A client sends "status" and gets one datagram of "leaf=value"
 * lines: the samguard keys as published, "sam.<key>=" for SAM's own
 * resources.process.<pid>.* keys read fresh from cmap, and "cmap_ok=" /
 * "keys_present=" telling whether those reads worked, and "quorum.*="
 * when the supervisor watches quorum (quorum=require).
 *
 * Both ends check the other with SO_PEERCRED before anything else: the
 * server answers root only, the client believes only a root process
 * whose parent is the supervisor it asked (docs/security.md). */
#ifndef SG_STATUS_H
#define SG_STATUS_H

#include "cmapstate.h"
#include "procid.h"
#include "quorum.h"

#include <stddef.h>
#include <sys/types.h>

#define SG_STATUS_MAX 8192

/* Listen on SG_RUNDIR/status/<supervisor> (a stale socket there is
 * removed first; the run directory must be trusted, sg_rundir_prepare).
 * Returns the fd (non-blocking) or -errno. */
int sg_status_listen_at(pid_t supervisor);

/* Remove the socket file (clean exit). */
void sg_status_unlink(pid_t supervisor);

/* Accept one client on lfd and check it BEFORE any work: a peer that is
 * not root is dropped at once (-EPERM, its uid in *peer_uid); then wait up
 * to timeout_ms for its "status" request. Returns the connected fd, for
 * sg_status_send, or -EAGAIN (nobody waiting), -EPERM, -EINVAL (no valid
 * request), -ETIMEDOUT or another -errno (the client is gone). */
int sg_status_accept(int lfd, int timeout_ms, uid_t *peer_uid);

/* Send the reply on fd from sg_status_accept and close it. Returns 0 or
 * -errno. */
int sg_status_send(int fd, const char *reply, size_t len);

/* Ask the supervisor sup (identity from its run-state file). Only a root
 * peer whose parent is sup and whose reply names itself as child_pid is
 * believed. Fills rs, ss, *cmap_ok and q. Returns 0, -ECONNREFUSED /
 * -ENOENT when nobody listens, -EPERM for an untrusted run directory or
 * peer, -EPROTO for a reply that contradicts the peer, -ETIMEDOUT, or
 * -errno. */
int sg_status_query(const struct sg_procid *sup, int timeout_ms, struct sg_resource_state *rs,
		    struct sg_sam_state *ss, int *cmap_ok, struct sg_quorum_obs *q);

/* Parse a reply (exposed for tests). Returns 0 or -EINVAL. */
int sg_status_parse(const char *buf, size_t len, struct sg_resource_state *rs, struct sg_sam_state *ss,
		    int *cmap_ok, struct sg_quorum_obs *q);

#endif
