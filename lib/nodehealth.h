/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nodehealth.h - this node's health from its SAM processes: the ones the
 * name filter selects are classified (samclass.h), counted, and the
 * counts compared with the limits. What SAMHealth publishes. */
#ifndef SG_NODEHEALTH_H
#define SG_NODEHEALTH_H

#include "namefilter.h"
#include "samclass.h"
#include "samproc.h"

#include <stddef.h>

struct sg_node_health {
	enum sg_color color;
	struct sg_samhealth_counts counts;
	char summary[512];          /* "1 failed, 0 degraded of 3 watched: web:0 failed" */
};

/* Judge v (pure). */
void sg_node_health_judge(const struct sg_samproc *v, size_t n, const struct sg_namefilter *f,
			  const struct sg_samhealth_limits *l, struct sg_node_health *out);

/* Read every SAM process from cmap (one connection, a summary scan) and
 * judge them. Returns 0, or -errno (-ENOTCONN: corosync not running,
 * -EACCES: refused). */
int sg_node_health_read(const struct sg_namefilter *f, const struct sg_samhealth_limits *l,
			struct sg_node_health *out);

#endif
