/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samclient.h - ask the query server (samserve.h) instead of reading cmap,
 * and start it when it is not running. */
#ifndef SG_SAMCLIENT_H
#define SG_SAMCLIENT_H

#include "samhealthparams.h"
#include "nodehealth.h"

#include <stddef.h>
#include <sys/types.h>

#ifndef SG_SBINDIR
#define SG_SBINDIR "/usr/sbin"
#endif
#define SG_SAMGUARDCTL SG_SBINDIR "/samguardctl"

/* Send request (see samserve.h) and read the answer within timeout_ms.
 * Returns the server's code (0 success, else samguardctl's exit code)
 * with the payload in *out (malloc'ed, NUL-terminated, *len bytes; the
 * caller frees it) and the answer's message in msg[n]; or -ENOENT /
 * -ECONNREFUSED when no server runs, -EPERM when the server is not root,
 * -ETIMEDOUT, -EPROTO for a garbled answer, or -errno. */
int sg_samclient_request(const char *request, unsigned int timeout_ms, char **out, size_t *len, char *msg,
		      size_t n);

/* The node's health for p, judged by the server. Returns 0, the server's
 * code (SG_CTL_USAGE: it refused the parameters, msg says why) or -errno
 * as above. */
int sg_samclient_health(const struct sg_samhealth_config *p, unsigned int timeout_ms, struct sg_node_health *h,
		     char *msg, size_t n);

/* Parse a health answer's payload (exposed for tests). Returns 0 or -EPROTO. */
int sg_samclient_health_parse(const char *payload, struct sg_node_health *h);

/* Start "samguardctl serve" detached (own session, output to /dev/null)
 * and, with wait_ms, wait until it answers. Returns the server's pid
 * (> 0), or -errno (-ETIMEDOUT: started but not answering yet). */
pid_t sg_samclient_spawn_server(unsigned int wait_ms);

#endif
