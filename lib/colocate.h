/* SPDX-License-Identifier: GPL-2.0-or-later */
/* colocate.h - run the calling thread on the CPU corosync last ran on.
 *
 * Every cmap call is a synchronous round trip to corosync's single thread.
 * When the client and corosync sit on different CPUs each round trip pays
 * two cross-CPU wake-ups; measured on the 2-core CI VM that is 18-30 us
 * per call against 5-8 us when both share a CPU. Tools that make
 * thousands of calls in a row (a scan of every SAM process) therefore move
 * next to corosync for the duration and move back afterwards. It changes
 * only our own affinity, never corosync's. */
#ifndef SG_COLOCATE_H
#define SG_COLOCATE_H

#include <sched.h>

#ifndef SG_COROSYNC_PIDFILE
#define SG_COROSYNC_PIDFILE "/run/corosync.pid"
#endif

struct sg_colocation {
	int moved;                  /* affinity changed; restore it */
	cpu_set_t saved;
};

/* The CPU corosync (pid in SG_COROSYNC_PIDFILE) last ran on, or -errno. */
int sg_corosync_cpu(void);

/* Move the calling thread next to corosync. Returns the CPU, or -errno
 * when it stays where it is (no pid file, CPU not allowed to us ...);
 * either way sg_colocate_end() may be called. */
int sg_colocate_begin(struct sg_colocation *c);

/* Restore the affinity saved by sg_colocate_begin(). */
void sg_colocate_end(struct sg_colocation *c);

/* The CPU field (39) of a /proc/<pid>/stat line, or -EINVAL (for tests). */
int sg_stat_cpu_field(const char *stat_line);

#endif
