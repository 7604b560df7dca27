/* SPDX-License-Identifier: GPL-2.0-or-later */
/* attrd.h - transient node attributes through Pacemaker's attrd_updater,
 * run with fork/exec (never a shell), its status checked and its first
 * error line kept for the exit reason.
 *
 * Pacemaker 2.1.5 ignores -d/--delay given with -U (regression from
 * 44bdd696, fixed by ClusterLabs/pacemaker#3166), so dampening is set
 * with -B (value and delay) when an agent starts, and monitor then uses
 * -U alone: attrd keeps the delay set by -B. */
#ifndef SG_ATTRD_H
#define SG_ATTRD_H

#include <stddef.h>

#ifndef SG_ATTRD_UPDATER
#define SG_ATTRD_UPDATER "/usr/sbin/attrd_updater"
#endif

enum sg_attrd_op {
	SG_ATTRD_UPDATE = 0,        /* -U VALUE */
	SG_ATTRD_UPDATE_BOTH,       /* -B VALUE -d DELAY */
	SG_ATTRD_DELETE,            /* -D */
};

struct sg_attrd_req {
	enum sg_attrd_op op;
	const char *name;
	const char *value;          /* UPDATE, UPDATE_BOTH */
	const char *delay;          /* UPDATE_BOTH (NULL: "0") */
	const char *node;           /* NULL: the local node */
};

#define SG_ATTRD_ARGV_MAX 12

/* Build attrd_updater's argv (argv[0] included, NULL-terminated) in
 * argv[max]. Returns argc, or -EINVAL for a missing name or value. */
int sg_attrd_argv(const struct sg_attrd_req *r, const char **argv, size_t max);

/* Run attrd_updater (SG_ATTRD_UPDATER, else "attrd_updater" on PATH) and
 * wait at most timeout_ms. Returns 0, the tool's non-zero exit status,
 * -ETIMEDOUT (then it was killed), or -errno; err[n] receives the first
 * line it wrote to stderr, or a description of the failure. */
int sg_attrd_run(const struct sg_attrd_req *r, unsigned int timeout_ms, char *err, size_t n);

#endif
