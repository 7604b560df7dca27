/* SPDX-License-Identifier: GPL-2.0-or-later */
/* policy.h - the pure decision table: what a monitor observed in, an OCF
 * result and exit reason out. No I/O: the agents gather observations and
 * this decides. docs/policy.md shows the same table for administrators;
 * cts/unit/test_policy.c tests each row. */
#ifndef SG_POLICY_H
#define SG_POLICY_H

#include "ocf.h"
#include "params.h"
#include "states.h"

#include <stdint.h>

enum sg_proc {
	SG_PROC_NONE = 0,   /* no record of such a process */
	SG_PROC_DEAD,       /* recorded, but gone (or the pid was reused) */
	SG_PROC_ALIVE,
};

/* resources.process.<pid>.state as libsam writes it */
enum sg_sam {
	SG_SAM_ABSENT = 0,
	SG_SAM_STOPPED,
	SG_SAM_RUNNING,
	SG_SAM_WAITING_QUORUM,
	SG_SAM_FAILED,
	SG_SAM_UNKNOWN,     /* a value libsam does not write */
};

enum sg_quorate {
	SG_QUORATE_YES = 0,
	SG_QUORATE_NO,
	SG_QUORATE_UNKNOWN,
};

struct sg_observations {
	int probe;                      /* monitor with interval 0 */
	int cmap_ok;                    /* corosync answered */
	enum sg_proc supervisor;
	enum sg_proc daemon;
	enum sg_state state;            /* samguard's state (states.h) */
	enum sg_sam sam;
	uint64_t now_ns;                /* CLOCK_MONOTONIC */
	int has_last_updated;
	uint64_t last_updated_ns;
	uint64_t poll_period_ms;
	unsigned int restarts_recent;   /* restarts within restart_window */
	unsigned int max_restarts;
	unsigned int restart_window_s;
	const char *last_failure;       /* may be NULL */
	enum sg_quorate quorate;
	int two_node_alone;             /* quorate only by two_node, one member */
	int qdevice_unhealthy;          /* quorum device registered, not voting */
	enum sg_quorum_policy quorum_policy;
};

/* housekeeping the caller performs after deciding */
#define SG_ACT_DELETE_STALE_KEYS 0x1u

struct sg_verdict {
	int rc;
	char reason[SG_OCF_REASON_MAX + 1];   /* "" for rc 0 */
	unsigned int actions;
	const char *rule;                     /* id of the row that decided */
};

void sg_policy_decide(const struct sg_observations *o, struct sg_verdict *v);

/* Id of row i of the table (0-based), NULL past the end. */
const char *sg_policy_rule_id(unsigned int i);

/* Map libsam's state strings (NULL or "" -> ABSENT); samguard's own are
 * sg_state_parse()/sg_state_text() in states.h. */
enum sg_sam sg_sam_from_string(const char *s);

/* SAM's heartbeat is late when last_updated is older than 2.5 x
 * poll_period (never with period 0). samguard's SAM child writes
 * last_updated once per interval and SAM kills a child that is 0.75
 * interval late, so a live one is at most 1.75 intervals old
 * (docs/policy.md). Used by the policy and by samguardctl/SAMHealth. */
#define SG_SAM_LATE_NUM 5u
#define SG_SAM_LATE_DEN 2u
int sg_sam_heartbeat_late(uint64_t age_ms, uint64_t poll_period_ms);

/* 1 when SAM's heartbeat is late (sg_sam_heartbeat_late). */
int sg_policy_is_stale(const struct sg_observations *o, uint64_t *age_ms);

#endif
