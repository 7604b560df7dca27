/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samserve.h - "samguardctl serve": a live view of every SAM process on
 * this node (samlive.h) that answers samguardctl and SAMHealth over a
 * local socket, so that neither has to read thousands of cmap keys (one
 * round trip each) every time it is asked.
 *
 * Socket: abstract SOCK_STREAM "@samguard/ctl". Peers must be root (both
 * ways: clients check that the server is root, the server that clients
 * are). A request is one line, optionally followed by "key=value" lines,
 * ended by an empty line or end of input:
 *   ping | quit | list | list-json | show NAME|PID | show-json NAME|PID |
 *   health (+ the SAMHealth parameters as key=value lines)
 * The answer is "<code> <message>\n" and the payload: code 0 is success
 * and the payload is what samguardctl prints; other codes are
 * samguardctl's exit codes (samguardctl_exit.h: SG_CTL_NOTFOUND,
 * SG_CTL_FAIL, SG_CTL_USAGE for a bad request) with the
 * message for stderr. Before answering, the server applies pending
 * notifications and re-reads each SAM process's state and last heartbeat
 * (two cmap_get each), so the answer is as fresh as a direct read. */
#ifndef SG_SAMSERVE_H
#define SG_SAMSERVE_H

#include <corosync/cmap.h>
#include <signal.h>
#include <stdio.h>

#define SG_SERVE_SOCKET "samguard/ctl"      /* abstract: "\0samguard/ctl" */
#define SG_SERVE_REQUEST_MAX 8192
#define SG_SERVE_RESYNC_S 300               /* full re-read, against lost notifications */

struct sg_serve_opts {
	volatile sig_atomic_t *stop;
	unsigned int resync_s;                  /* 0: SG_SERVE_RESYNC_S */
	int listen_fd;                          /* from sg_serve_listen() */
};

/* Bind the socket. Returns the fd, -EADDRINUSE when a server runs, or -errno. */
int sg_serve_listen(void);

/* Serve until *stop, a quit request, or corosync going away. Returns 0,
 * -ENOTCONN (corosync went away) or -errno. Closes listen_fd. */
int sg_serve_run(cmap_handle_t h, const struct sg_serve_opts *o);

struct sg_live;

/* Answer one request (text in req) from the view: writes the answer line
 * and payload to out. Returns 1 for quit, else 0. */
int sg_serve_answer(struct sg_live *l, const char *req, FILE *out);

#endif
