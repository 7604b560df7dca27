/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samhealthparams.h - the SAMHealth parameter model: one table for meta-data,
 * parsing from OCF_RESKEY_*, and validation. */
#ifndef SG_SAMHEALTHPARAMS_H
#define SG_SAMHEALTHPARAMS_H

#include "params.h"
#include "samclass.h"

#include <stddef.h>

#define SG_HEALTH_ATTRIBUTE_DEFAULT "#health-samguard"
#define SG_HEALTH_DAMPEN_DEFAULT "5s"

struct sg_samhealth_config {
	struct sg_samhealth_limits limits;
	const char *include;        /* fnmatch patterns, blank-separated */
	const char *exclude;
	const char *dampen;         /* attrd delay, as attrd_updater takes it */
	const char *attribute;      /* "#health-..." */
};

/* The SAMHealth parameters, terminated by an entry with name NULL. */
extern const struct sg_param_def sg_samhealth_params[];

/* Fill p from get() and check every value (patterns included). Returns 0,
 * or SG_OCF_ERR_CONFIGURED with a one-line reason in reason[n]. The
 * strings in p point into what get() returned. */
int sg_samhealth_config_load(struct sg_samhealth_config *p, sg_param_get_fn get, void *ctx, char *reason, size_t n);

/* A delay attrd accepts: digits, optionally followed by ms, msec, s, sec,
 * m, min, h or hr, at most one day. Returns 0 or -EINVAL. */
int sg_dampen_check(const char *s);

/* A node health attribute name: "#health-" and [A-Za-z0-9_.-]+, at most
 * 128 bytes. Returns 0 or -EINVAL. */
int sg_samhealth_attribute_check(const char *s);

#endif
