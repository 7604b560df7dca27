/* SPDX-License-Identifier: GPL-2.0-or-later */
/* supervise.h - one daemon under SAM. The calling process becomes the SAM
 * parent (it never returns while supervising); each SAM child starts the
 * daemon in its own session, checks its health from the main loop, sends
 * SAM's heartbeat, publishes samguard.resource.<name>.* in cmap and exits
 * on failure so that SAM restarts it in place.
 *
 * Processes:  P (sam_register caller, pid in <rundir>/<name>.supervisor)
 *               `- C (SAM child, instance N)  `- D (daemon, own session) */
#ifndef SG_SUPERVISE_H
#define SG_SUPERVISE_H

#include "params.h"

struct sg_supervise_config {
	struct sg_params params;
	char **argv;                /* daemon argv (argv[0] = binfile), NULL-terminated */
	unsigned int ready_timeout_ms; /* how long a (re)started daemon may take to be ready */
	char **self_argv;           /* our own argv, to re-exec after corosync returns */
	const char *node;           /* Pacemaker's node name (--node), NULL: not under Pacemaker */
};

/* Supervise until stopped. Returns only on failure before supervision
 * started, with an exit status for the process (the reason is logged). */
int sg_supervise_run(const struct sg_supervise_config *cfg);

#endif
