/* observe.h - gather everything the policy needs about one resource on
 * this node: run-state files, samguard's and SAM's cmap keys, process
 * liveness by identity. Used by monitor, stop and the tools. */
#ifndef SG_OBSERVE_H
#define SG_OBSERVE_H

#include "cmapstate.h"
#include "policy.h"
#include "procid.h"

struct sg_observed {
	char enc[SG_NAME_ENC_MAX];
	int cmap_ok;
	cmap_handle_t cmap;             /* valid when cmap_ok; sg_observed_done closes it */
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

/* Release the cmap connection. */
void sg_observed_done(struct sg_observed *o);

#endif
