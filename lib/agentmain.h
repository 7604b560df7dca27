/* SPDX-License-Identifier: GPL-2.0-or-later */
/* agentmain.h - the one action dispatcher every samguard OCF agent uses:
 * exact action names, meta-data and usage without parameters or a cluster,
 * rc 3 with a usage line for unknown actions, and the rules for a missing
 * or over-long OCF_RESOURCE_INSTANCE (stop succeeds, monitor reports not
 * running, anything else is a configuration error). */
#ifndef SG_AGENTMAIN_H
#define SG_AGENTMAIN_H

#include "metadata.h"

struct sg_agent {
	const struct sg_agent_info *info;    /* meta-data; info->name tags the log */
	const char *usage;                   /* one line, without the newline */
	int (*validate)(void);
	int (*start)(const char *name);
	int (*stop)(const char *name);
	int (*monitor)(const char *name);
	int (*reload)(const char *name);     /* reload-agent; NULL: not supported */
};

/* Run the action named by argv[1] and return its OCF exit code. */
int sg_agent_main(const struct sg_agent *agent, int argc, char **argv);

#endif
