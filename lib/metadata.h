/* SPDX-License-Identifier: GPL-2.0-or-later */
/* metadata.h - OCF 1.1 meta-data, written with libxml2 from tables, so
 * that the agent, its man page and pcs/crmsh all see the same text. */
#ifndef SG_METADATA_H
#define SG_METADATA_H

#include "params.h"

#include <stdio.h>

struct sg_action_def {
	const char *name;
	const char *timeout;        /* "20s" */
	const char *interval;       /* NULL when not recurring */
	const char *depth;          /* NULL or "0" */
};

struct sg_agent_info {
	const char *name;
	const char *version;        /* the agent's version, not OCF's */
	const char *shortdesc;
	const char *longdesc;
	const struct sg_param_def *params;   /* terminated by name NULL */
	const struct sg_action_def *actions; /* terminated by name NULL */
};

/* Write the meta-data document to out. Returns 0 or -EIO / -ENOMEM. */
int sg_metadata_write(FILE *out, const struct sg_agent_info *info);

#endif
