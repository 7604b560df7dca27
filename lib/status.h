/* status.h - the supervisor's status socket: a cheap way for monitor to
 * learn what the supervisor knows, without opening its own cmap
 * connection (which costs several milliseconds: libqb sets up shared
 * memory rings per connection).
 *
 * The SAM child listens on the abstract SOCK_SEQPACKET socket
 * "@samguard/<encoded name>/status". A client (root only: peers are
 * checked with SO_PEERCRED) sends "status" and gets one datagram of
 * "leaf=value" lines: the samguard keys as published, "sam.<key>=" for
 * SAM's own resources.process.<pid>.* keys read fresh from cmap, and
 * "cmap_ok=" / "keys_present=" telling whether those reads worked, and
 * "quorum.*=" when the supervisor watches quorum (quorum=require). */
#ifndef SG_STATUS_H
#define SG_STATUS_H

#include "cmapstate.h"
#include "quorum.h"

#include <stddef.h>

#define SG_STATUS_MAX 8192

/* Listen for name enc. Returns the fd (non-blocking) or -errno. */
int sg_status_listen(const char *enc);

/* Accept one client on lfd, check it is root, wait up to timeout_ms for
 * its request and send reply. Returns 0 or -errno (the client is gone
 * either way). */
int sg_status_answer(int lfd, const char *reply, size_t len, int timeout_ms);

/* Ask the supervisor of enc. Fills rs and ss and *cmap_ok. Returns 0,
 * -ECONNREFUSED / -ENOENT when nobody listens, -ETIMEDOUT, or -errno. */
int sg_status_query(const char *enc, int timeout_ms, struct sg_resource_state *rs, struct sg_sam_state *ss,
		    int *cmap_ok, struct sg_quorum_obs *q);

/* Parse a reply (exposed for tests). Returns 0 or -EINVAL. */
int sg_status_parse(const char *buf, size_t len, struct sg_resource_state *rs, struct sg_sam_state *ss,
		    int *cmap_ok, struct sg_quorum_obs *q);

#endif
