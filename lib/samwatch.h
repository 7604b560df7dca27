/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samwatch.h - follow every SAM process on this node as it changes.
 *
 * Driven by events, never by polling cmap: cmap_track_add() on both
 * prefixes delivers every key change with its new value, a pidfd per live
 * supervisor reports its death (which changes no key), and a one-second
 * timer re-judges heartbeat ages in memory (a hung SAM parent changes
 * nothing either). SAM's heartbeat updates (last_updated) are applied
 * silently; anything else that changes what the list shows is printed as
 * one line (or one JSON object per line). */
#ifndef SG_SAMWATCH_H
#define SG_SAMWATCH_H

#include <corosync/cmap.h>
#include <signal.h>
#include <stdio.h>

struct sg_watch_opts {
	FILE *out;
	int json;                           /* JSON lines instead of text */
	volatile sig_atomic_t *stop;        /* set by a signal handler to end */
	unsigned int tick_ms;               /* heartbeat re-judging period (1000) */
};

/* Print the current list, then changes until *stop. Returns 0 when
 * stopped, -ENOTCONN when corosync went away, or another -errno. */
int sg_watch_run(cmap_handle_t h, const struct sg_watch_opts *o);

#endif
