/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmapstate.h - samguard's name-keyed state map in corosync's cmap, and
 * read access to SAM's own pid-keyed keys.
 *
 *   samguard.resource.<encoded name>.<leaf>   written by the supervisor
 *   resources.process.<supervisor pid>.*      written by libsam (CMAP policy), or
 *                                            by a samguard SAM child in its format
 *
 * cmap is node-local and not replicated; everything here is per node. */
#ifndef SG_CMAPSTATE_H
#define SG_CMAPSTATE_H

#include "names.h"

#include <corosync/cmap.h>
#include <stdint.h>

#define SG_CMAP_PREFIX "samguard.resource."
#define SG_SAM_PREFIX "resources.process."
#define SG_HISTORY_MAX 64

/* Leaf names; what each holds is the table sg_leaves[] below, documented
 * in docs/cmap-keys.md. */
#define SG_KEY_NAME "name"                   /* str: resource name, decoded */
#define SG_KEY_STATE "state"                 /* str: states.h (sg_state_text) */
#define SG_KEY_SUPERVISOR_PID "supervisor_pid" /* u32: SAM parent, key of resources.process */
#define SG_KEY_SUPERVISOR_START "supervisor_start" /* u64: its /proc start time */
#define SG_KEY_CHILD_PID "child_pid"         /* u32: current SAM child */
#define SG_KEY_DAEMON_PID "daemon_pid"       /* u32: the daemon (its process group) */
#define SG_KEY_DAEMON_START "daemon_start"   /* u64 */
#define SG_KEY_INSTANCE "instance"           /* u32: SAM instance id, 1 = first */
#define SG_KEY_RESTARTS "restarts"           /* u32: in-place restarts since start */
#define SG_KEY_HISTORY "restart_history"     /* str: monotonic ms of recent restarts */
#define SG_KEY_LAST_FAILURE "last_failure"   /* str */
#define SG_KEY_LAST_FAILURE_TIME "last_failure_time" /* u64: unix seconds */
#define SG_KEY_HEALTH "health"               /* str */
#define SG_KEY_INTERVAL "health_interval"    /* u32 ms */
#define SG_KEY_MAX_RESTARTS "max_restarts"   /* u32, changed by reload-agent */
#define SG_KEY_RESTART_WINDOW "restart_window" /* u32 s, changed by reload-agent */
#define SG_KEY_QUORUM "quorum"               /* str: ignore | require */
#define SG_KEY_STATUS "status"               /* str: daemon's sd_notify STATUS= */
#define SG_KEY_STOP_TIMEOUT "stop_timeout_ms" /* u32: set by the agent's stop */
#define SG_KEY_CONTAINMENT "containment"     /* str: cgroup | pgroup (lib/cgroup.h, lib/contain.h) */
#define SG_KEY_RESTART_DELAY "restart_delay_ms" /* u32: backoff before the current instance's start */
#define SG_KEY_FAILURE_RECORD "failure_record" /* str: path of the latest record (lib/failstore.h) */
#define SG_KEY_FAILURE_SUMMARY "failure_summary" /* str: its one-line summary */

/* What a leaf holds. */
enum sg_leaf_type {
	SG_LEAF_STR = 0,
	SG_LEAF_U32,
	SG_LEAF_U64,
	SG_LEAF_HIST,                   /* str: sg_history_format() */
};

/* sg_leaf.flags */
#define SG_LEAF_SUMMARY 0x1u            /* a summary scan (list, health) reads it */

/* One leaf of samguard.resource.<enc>. The one table of them, sg_leaves[],
 * drives reading and formatting struct sg_resource_state, the table of
 * samguardctl/SAMHealth (bit i of sg_sg_entry.keys is sg_leaves[i]) and
 * which leaves a summary scan reads. */
struct sg_leaf {
	const char *name;               /* SG_KEY_* */
	enum sg_leaf_type type;
	unsigned int flags;             /* SG_LEAF_* */
	size_t off, size;               /* its member of struct sg_resource_state; size 0: none */
};

#define SG_LEAF_COUNT 23
extern const struct sg_leaf sg_leaves[SG_LEAF_COUNT];

/* Index of the leaf called name in sg_leaves[], -1 for none. */
int sg_leaf_index(const char *name);

/* SAM's leaves of resources.process.<pid>, as libsam writes them, in the
 * order of sg_sam_leaves[] (bit i of sg_sam_entry.keys). */
enum sg_sam_leaf {
	SG_SAM_LEAF_STATE = 0,          /* str: stopped, running, waiting for quorum, failed */
	SG_SAM_LEAF_RECOVERY,           /* str */
	SG_SAM_LEAF_POLL_PERIOD,        /* ms */
	SG_SAM_LEAF_LAST_UPDATED,       /* CLOCK_MONOTONIC ns of the child's last message */
	SG_SAM_LEAF_COUNT,
};
#define SG_SAM_KEY_STATE "state"
#define SG_SAM_KEY_RECOVERY "recovery"
#define SG_SAM_KEY_POLL_PERIOD "poll_period"
#define SG_SAM_KEY_LAST_UPDATED "last_updated"
extern const char *const sg_sam_leaves[SG_SAM_LEAF_COUNT];

/* Index of SAM's leaf called name, -1 for none. */
int sg_sam_leaf_index(const char *name);

struct sg_resource_state {
	int found;
	char name[SG_NAME_MAX + 1];
	char state[24];
	uint32_t supervisor_pid;
	uint64_t supervisor_start;
	uint32_t child_pid;
	uint32_t daemon_pid;
	uint64_t daemon_start;
	uint32_t instance;
	uint32_t restarts;
	uint64_t history[SG_HISTORY_MAX];    /* monotonic ms, oldest first */
	unsigned int history_len;
	char last_failure[256];
	uint64_t last_failure_time;
	char health[16];
	uint32_t interval_ms;
	uint32_t max_restarts;
	uint32_t restart_window_s;
	char quorum[16];
	char status[256];
	uint32_t restart_delay_ms;
	char failure_record[256];
	char failure_summary[256];
};

struct sg_sam_state {
	int found;
	char state[32];                 /* stopped, running, waiting for quorum, failed */
	char recovery[16];
	uint64_t poll_period_ms;
	int has_last_updated;
	uint64_t last_updated_ns;       /* CLOCK_MONOTONIC */
};

/* cs_error_t to -errno (CS_ERR_LIBRARY -> -ENOTCONN, ACCESS -> -EACCES ...). */
int sg_cs_errno(cs_error_t err);

/* Connect; returns 0 or -errno (-ENOTCONN when corosync is not running). */
int sg_cmap_connect(cmap_handle_t *h);

/* Full key "samguard.resource.<enc>.<leaf>" into buf. Returns 0 or -ENAMETOOLONG. */
int sg_cmap_key(char *buf, size_t n, const char *enc, const char *leaf);

int sg_cmap_set_str(cmap_handle_t h, const char *enc, const char *leaf, const char *v);
int sg_cmap_set_u32(cmap_handle_t h, const char *enc, const char *leaf, uint32_t v);
int sg_cmap_set_u64(cmap_handle_t h, const char *enc, const char *leaf, uint64_t v);

/* Read every samguard key of one resource. Returns 0 (st->found set when
 * any key exists) or -errno for a cmap failure. */
int sg_cmap_resource_read(cmap_handle_t h, const char *enc, struct sg_resource_state *st);

/* Set one field of st from its leaf name and text value (as published).
 * Returns 0, -ENOENT for an unknown leaf, -EINVAL for a bad number. */
int sg_resource_state_apply(struct sg_resource_state *st, const char *leaf, const char *value);

/* Write st as "leaf=value" lines into buf; returns the length written. */
size_t sg_resource_state_format(const struct sg_resource_state *st, char *buf, size_t n);

/* Delete every key under the resource's prefix. Returns 0 or -errno. */
int sg_cmap_resource_delete(cmap_handle_t h, const char *enc);

/* Set one field of a SAM state from its leaf (state, recovery, poll_period,
 * last_updated) and text value. Returns 0, -ENOENT for an unknown leaf,
 * -EINVAL for a bad number. */
int sg_sam_state_apply(struct sg_sam_state *st, const char *leaf, const char *value);

/* A cmap value (as cmap_get or a track notification gives it) as text:
 * integers in decimal (negative ones as 0, as everywhere in samguard),
 * strings up to their first NUL. Returns 0, -EINVAL for binary or float
 * values, -E2BIG when cut to fit buf[n]. */
int sg_cmap_value_text(const void *raw, size_t len, cmap_value_types_t type, char *buf, size_t n);

/* Read resources.process.<pid>.*. Returns 0 (st->found) or -errno. */
int sg_cmap_sam_read(cmap_handle_t h, uint32_t pid, struct sg_sam_state *st);

/* Delete resources.process.<pid>.*. Returns 0 or -errno. */
int sg_cmap_sam_delete(cmap_handle_t h, uint32_t pid);

/* Format/parse the restart history ("12 345 6789", monotonic ms). */
void sg_history_format(const uint64_t *h, unsigned int len, char *buf, size_t n);
unsigned int sg_history_parse(const char *s, uint64_t *h, unsigned int max);

/* How many entries of h are newer than now_ms - window_s. */
unsigned int sg_history_count_recent(const uint64_t *h, unsigned int len, uint64_t now_ms,
				     uint32_t window_s);

#endif
