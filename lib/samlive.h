/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samlive.h - a table of every SAM process on this node kept up to date by
 * events instead of re-reading cmap: cmap_track_add() on both prefixes
 * delivers each key change with its value, and a pidfd per live supervisor
 * reports its death (which changes no key). Used by samguardctl watch and
 * by the query server (samserve.h).
 *
 * SAM rewrites resources.process.<pid>.last_updated at every heartbeat
 * (several times per interval for each process). A consumer that does not
 * need to see each one (the server) tracks that prefix for additions and
 * deletions only, tracks each process's state key on its own, and calls
 * sg_live_refresh() when asked: one cmap_get of last_updated per SAM
 * process instead of a notification stream. */
#ifndef SG_SAMLIVE_H
#define SG_SAMLIVE_H

#include "samtable.h"

#include <corosync/cmap.h>
#include <poll.h>
#include <stddef.h>

struct sg_live_pid {
	uint32_t pid;
	int fd;
};

struct sg_live_track {
	uint32_t pid;
	cmap_track_handle_t th;
};

struct sg_live {
	cmap_handle_t h;
	int cmap_fd;
	int track_sam_modify;           /* every SAM key change (watch) */
	cmap_track_handle_t th[2];
	int ntracks;
	struct sg_table t;
	int changed;                    /* set when something besides a heartbeat changed */
	int error;                      /* -ENOMEM from a notification */
	struct sg_live_pid *pw;         /* pidfds of live supervisors */
	size_t npw;
	int no_pidfd;                   /* pidfd_open unavailable or out of fds */
	struct sg_live_track *st;       /* a track of each resources.process.<pid>.state */
	size_t nst;
	int tracks_dirty;               /* a state key came or went */
	uint32_t *reread;               /* pids whose state changed: read the rest again */
	size_t nreread, capreread;
};

/* Track, then read everything (SG_SCAN_FULL). Returns 0 or -errno. */
int sg_live_open(struct sg_live *l, cmap_handle_t h, int track_sam_modify);

/* The descriptors to poll: cmap's and the pidfds. Returns how many were
 * written (at most max; sg_live_nfds() says how many there are). */
size_t sg_live_nfds(const struct sg_live *l);
size_t sg_live_pollfds(const struct sg_live *l, struct pollfd *pfd, size_t max);

/* Handle what poll() reported for the descriptors sg_live_pollfds() gave.
 * Returns 0, -ENOTCONN when corosync went away, or -errno. */
int sg_live_handle(struct sg_live *l, const struct pollfd *pfd, size_t n);

/* Apply pending notifications now (without waiting). */
int sg_live_dispatch(struct sg_live *l);

/* Re-read last_updated of every SAM entry (next to corosync), and all of
 * an entry that was dead and is written again. Returns 0 or -errno. */
int sg_live_refresh(struct sg_live *l);

/* Re-probe what changed (all: everything), link, and keep the pidfds in
 * step. Call before reading l->t. */
void sg_live_settle(struct sg_live *l, int all);

/* Throw the table away and read it again (a safety net against lost
 * notifications). Returns 0 or -errno. */
int sg_live_resync(struct sg_live *l);

void sg_live_close(struct sg_live *l);

#endif
