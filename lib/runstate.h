/* runstate.h - small files under the run directory (default /run/samguard,
 * cleared at boot) that name a resource's supervisor and daemon by
 * identity. They let stop and monitor find the processes even when cmap is
 * unreachable or was wiped by a corosync restart. */
#ifndef SG_RUNSTATE_H
#define SG_RUNSTATE_H

#include "procid.h"

#ifndef SG_RUNDIR
#define SG_RUNDIR "/run/samguard"
#endif

enum sg_runfile {
	SG_RUN_SUPERVISOR = 0,
	SG_RUN_DAEMON,
};

/* Write id for resource name (atomically, creating the run directory).
 * Returns 0 or -errno. */
int sg_runstate_write(const char *name, enum sg_runfile which, const struct sg_procid *id);

/* Read it back. Returns 0, -ENOENT when absent, -EINVAL when garbled. */
int sg_runstate_read(const char *name, enum sg_runfile which, struct sg_procid *id);

/* Remove it (absent is fine). Returns 0 or -errno. */
int sg_runstate_remove(const char *name, enum sg_runfile which);

#endif
