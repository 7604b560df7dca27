/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samclass.h - what state one SAM process is in (ok, restarting, failed,
 * supervisor gone ...) and, from the counts over a node's SAM processes,
 * the node's health colour. Pure functions: facts in, verdict out; the
 * scan gathers the facts (samscan.h), samguardctl and SAMHealth print or
 * publish the verdict. cts/unit/test_samclass.c tests each rule. */
#ifndef SG_SAMCLASS_H
#define SG_SAMCLASS_H

#include "policy.h"
#include "samtable.h"

#include <stddef.h>
#include <stdint.h>

enum sg_sp_status {
	SG_SP_OK = 0,       /* running, heartbeat fresh, no recent restart */
	SG_SP_STARTING,     /* starting or restarting in place (between children) */
	SG_SP_FLAPPING,     /* restarted in place within restart_window, under the limit */
	SG_SP_WAITING,      /* SAM waits for quorum */
	SG_SP_STOPPING,     /* being stopped */
	SG_SP_STOPPED,      /* the daemon said STOPPING=1 and exited, or another program's
			     * SAM health checking is stopped; nothing failed */
	SG_SP_FAILED,       /* gave up: samguard failed or stop-failed, SAM failed, over the limit */
	SG_SP_HUNG,         /* SAM running but no heartbeat for 1.5 x poll_period */
	SG_SP_STALE,        /* the supervisor is gone, its keys are left */
	SG_SP_ORPHAN,       /* samguard keys that name no supervisor at all */
	SG_SP_UNKNOWN,      /* a state string neither samguard nor SAM writes */
};

enum sg_sp_severity {
	SG_SEV_OK = 0,      /* counts as healthy */
	SG_SEV_DEGRADED,    /* counts towards yellow */
	SG_SEV_FAILED,      /* counts towards red (and yellow) */
	SG_SEV_NONE,        /* not counted: stopped on purpose */
};

/* Facts about one SAM process. */
struct sg_sp_facts {
	int samguard;               /* started by samguard (samguard.resource.* keys) */
	enum sg_state state;        /* samguard's state (ABSENT when not samguard) */
	int sam_found;              /* resources.process.<pid>.* keys exist */
	enum sg_sam sam;
	enum sg_proc supervisor;    /* NONE: no identity recorded anywhere */
	enum sg_proc daemon;        /* samguard's daemon; NONE when unknown */
	uint64_t now_ns;            /* CLOCK_MONOTONIC */
	int has_last_updated;
	uint64_t last_updated_ns;
	uint64_t poll_period_ms;
	unsigned int restarts_recent;
	unsigned int max_restarts;
};

/* Classify one SAM process. */
enum sg_sp_status sg_sp_classify(const struct sg_sp_facts *f);

enum sg_sp_severity sg_sp_severity(enum sg_sp_status s);

/* "ok", "starting", "flapping", "waiting-for-quorum", "stopping", "stopped",
 * "failed", "hung", "stale", "orphan", "unknown" (stable: JSON uses them). */
const char *sg_sp_status_name(enum sg_sp_status s);

/* Facts of an entry of a scanned table (sg: NULL for a plain SAM process,
 * sam: NULL when the resource has no SAM keys). */
void sg_sp_facts_from(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam, uint64_t now_ns,
		      struct sg_sp_facts *f);

/* Milliseconds since the last SAM heartbeat, or UINT64_MAX when unknown. */
uint64_t sg_sp_heartbeat_age_ms(const struct sg_sp_facts *f);

/* ---------------------------------------------------------- node health */

enum sg_color {
	SG_COLOR_GREEN = 0,
	SG_COLOR_YELLOW,
	SG_COLOR_RED,
};

/* "green", "yellow", "red" (anything out of range is "red"), as the node
 * attribute and samguardctl serve's health answer spell them. */
const char *sg_color_name(enum sg_color c);

/* The colour named s. Returns 0 and sets *c, or -EINVAL. */
int sg_color_parse(const char *s, enum sg_color *c);

/* A threshold: a count, or a percentage of the watched processes.
 * 0 disables it. */
struct sg_limit {
	unsigned int value;
	int percent;
};

/* Parse "N" (0..100000) or "N%" (0..100). Returns 0 or -EINVAL. */
int sg_limit_parse(const char *s, struct sg_limit *l);

/* The number of processes the limit stands for among total; a percentage
 * rounds up and is at least 1. 0 means disabled. */
unsigned int sg_limit_count(const struct sg_limit *l, unsigned int total);

/* How a stale entry (supervisor gone) counts. */
enum sg_stale_mode {
	SG_STALE_FAILED = 0,
	SG_STALE_DEGRADED,
	SG_STALE_IGNORE,
};

/* The stale modes' names by enum sg_stale_mode ("failed", "degraded",
 * "ignore"), NULL-terminated: SAMHealth's stale parameter's options. */
extern const char *const sg_stale_modes[];

/* The name of m, "failed" (the default) when m is out of range. */
const char *sg_stale_name(enum sg_stale_mode m);

/* The mode named s. Returns 0 and sets *m, or -EINVAL. */
int sg_stale_parse(const char *s, enum sg_stale_mode *m);

struct sg_samhealth_limits {
	struct sg_limit yellow;     /* degraded + failed at which the node turns yellow */
	struct sg_limit red;        /* failed at which the node turns red */
	enum sg_stale_mode stale;
};

struct sg_samhealth_counts {
	unsigned int watched;       /* processes that passed the filter and count */
	unsigned int ok;
	unsigned int degraded;
	unsigned int failed;
};

/* Add one process of status s to c (the stale mode may move or drop it). */
void sg_samhealth_count(struct sg_samhealth_counts *c, enum sg_sp_status s, enum sg_stale_mode stale);

/* red when failed >= red limit, else yellow when degraded + failed >=
 * yellow limit, else green. */
enum sg_color sg_samhealth_color(const struct sg_samhealth_counts *c, const struct sg_samhealth_limits *l);

#endif
