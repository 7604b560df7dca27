/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runstate.h - small files under the run directory (default /run/samguard,
 * cleared at boot) that name a resource's supervisor and daemon by
 * identity. They let stop and monitor find the processes even when cmap is
 * unreachable or was wiped by a corosync restart. */
#ifndef SG_RUNSTATE_H
#define SG_RUNSTATE_H

#include "procid.h"
#include "rundir.h"

/* samguard-run's exit status when it cannot write its run-state file
 * (it then never starts the daemon). */
#define SG_EXIT_RUNSTATE 3

enum sg_runfile {
	SG_RUN_SUPERVISOR = 0,
	SG_RUN_DAEMON,
};

/* Write id for resource name (atomically, creating the run directory and
 * refusing one that is not root's, sg_rundir_prepare). Returns 0 or -errno
 * (-ENOSPC on a full run directory): a caller that starts a daemon must
 * not start it without its file, or monitor would not find it. */
int sg_runstate_write(const char *name, enum sg_runfile which, const struct sg_procid *id);

/* Read it back. Returns 0, -ENOENT when absent, -EINVAL when garbled. */
int sg_runstate_read(const char *name, enum sg_runfile which, struct sg_procid *id);

/* Remove it (absent is fine). Returns 0 or -errno. */
int sg_runstate_remove(const char *name, enum sg_runfile which);

#endif
