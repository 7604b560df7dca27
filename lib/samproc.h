/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samproc.h - the node's SAM processes as one list: each samguard resource
 * joined with its SAM entry, then every SAM entry no resource claims,
 * each with its name, status and facts. What samguardctl prints and what
 * SAMHealth counts. */
#ifndef SG_SAMPROC_H
#define SG_SAMPROC_H

#include "samclass.h"
#include "samtable.h"

#include <stdint.h>
#include <sys/types.h>

struct sg_samproc {
	const struct sg_sg_entry *sg;   /* NULL: not started by samguard */
	const struct sg_sam_entry *sam; /* NULL: no resources.process keys */
	const char *name;               /* resource name, program name, or "" */
	uint32_t pid;                   /* SAM pid (the supervisor), 0 if unknown */
	struct sg_sp_facts facts;
	enum sg_sp_status status;
};

/* Build the list from a linked, probed table: samguard resources sorted by
 * name, then the other SAM processes by pid. *out is malloc'ed (free it);
 * it points into t. Returns the count or -ENOMEM. */
ssize_t sg_samprocs(const struct sg_table *t, uint64_t now_ns, struct sg_samproc **out);

/* Fill one element (t must hold sg/sam). */
void sg_samproc_make(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam, uint64_t now_ns,
		     struct sg_samproc *p);

/* The supervisor is provably gone. */
int sg_samproc_stale(const struct sg_samproc *p);

/* The daemon's pid: samguard's daemon, or a plain SAM process's child; 0 if unknown. */
uint32_t sg_samproc_daemon_pid(const struct sg_samproc *p);

/* The health-check interval in ms (SAM's poll_period, else samguard's
 * health_interval); -1 when unknown. */
int64_t sg_samproc_interval_ms(const struct sg_samproc *p);

/* Find by resource name or by pid (SAM/supervisor pid, then the daemon's
 * or SAM child's pid). NULL when absent. */
const struct sg_samproc *sg_samprocs_find(const struct sg_samproc *v, size_t n, const char *name_or_pid);

#endif
