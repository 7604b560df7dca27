/* SPDX-License-Identifier: GPL-2.0-or-later */
/* observe.h - gather everything the policy needs about one resource on
 * this node: run-state files, samguard's and SAM's cmap keys, process
 * liveness by identity. Used by monitor, stop and the tools. */
#ifndef SG_OBSERVE_H
#define SG_OBSERVE_H

#include "cmapstate.h"
#include "policy.h"
#include "procid.h"
#include "quorum.h"

struct sg_observed {
	char enc[SG_NAME_ENC_MAX];
	int cmap_ok;                    /* we hold a cmap connection */
	cmap_handle_t cmap;             /* valid when cmap_ok; sg_observed_done closes it */
	int via_supervisor;             /* the supervisor answered the status query */
	int queried_cmap_ok;            /* ... and its cmap reads worked */
	int quick_absent;               /* no run-state file: cmap not consulted */
	struct sg_quorum_obs quorum;
	struct sg_resource_state rs;
	struct sg_sam_state ss;
	int have_supervisor;
	struct sg_procid supervisor;
	int have_daemon;
	struct sg_procid daemon;
	struct sg_observations obs;
};

/* Observe resource name. Returns 0 or -errno for an invalid name; an
 * unreachable corosync is an observation (obs.cmap_ok = 0), not an error. */
int sg_observe(const char *name, int probe, struct sg_observed *o);

/* How long to wait for a supervisor's status answer. */
#define SG_STATUS_TIMEOUT_MS 500

/* Make sure o holds a cmap connection (for housekeeping after a fast
 * observation). Returns 1 when connected. */
int sg_observed_cmap(struct sg_observed *o);

/* The same; with quick set, a resource without any run-state file is
 * reported absent without asking corosync (for monitor and probes). */
int sg_observe_ex(const char *name, int probe, int quick, struct sg_observed *o);

/* Release the cmap connection. */
void sg_observed_done(struct sg_observed *o);

#endif
