/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samcleanup.h - delete the cmap keys of SAM processes whose supervisor is
 * provably dead, and nothing else.
 *
 * Proof, per key set:
 *   samguard.resource.<enc>.*   the supervisor's pid + start time (from the
 *                               keys, else the run-state file) no longer
 *                               name a living process;
 *   resources.process.<pid>.*   SAM records no start time, so: no process
 *                               has that pid, or the one that has it started
 *                               after the keys were last updated (the pid
 *                               was reused), AND corosync holds no IPC
 *                               connection from that pid (a SAM parent keeps
 *                               its cmap connection while it lives), AND
 *                               corosync sees pids as we do (same pid
 *                               namespace).
 * A bare pid is never enough. Each set is checked again right before it is
 * deleted, so a supervisor that started meanwhile keeps its keys. */
#ifndef SG_SAMCLEANUP_H
#define SG_SAMCLEANUP_H

#include "samproc.h"

#include <corosync/cmap.h>
#include <stddef.h>
#include <stdint.h>

enum sg_cleanup_kind {
	SG_CLEAN_SAMGUARD = 0,      /* samguard.resource.<enc>.* */
	SG_CLEAN_SAM,               /* resources.process.<pid>.* */
};

struct sg_cleanup_item {
	enum sg_cleanup_kind kind;
	char prefix[SG_NAME_ENC_MAX + 40];
	char name[SG_NAME_MAX + SG_PROGRAM_MAX + 1];
	uint32_t pid;
	int delete;                 /* provably dead: delete (or would, with --dry-run) */
	char why[200];              /* the proof, or why it is kept */
	int done;                   /* deleted */
	int error;                  /* -errno of the deletion, or of the recheck */
	/* for the recheck */
	struct sg_procid supervisor;
	int has_last_updated;
	uint64_t last_updated_ns;
};

/* Decide about a samguard key set (pure). child_connected: whether
 * corosync still holds a connection from the recorded SAM child (1, 0, -1
 * unknown or no child recorded): a child whose supervisor died is killed
 * by its parent-death signal, and until corosync has seen its connection
 * go it may still write keys. Returns 1 to delete; why[n]. */
int sg_cleanup_decide_samguard(int have_supervisor, enum sg_proc live, const struct sg_procid *id,
			       int from_file, uint32_t child_pid, int child_connected, char *why, size_t n);

/* Decide about a SAM key set (pure): exists/reused from /proc, connected
 * from corosync's stats map (1, 0, -1 unknown), same_pidns (1, 0, -1). */
int sg_cleanup_decide_sam(uint32_t pid, int exists, int reused, int connected, int same_pidns, char *why,
			  size_t n);

/* The plan for every key set that looks stale (supervisor gone or
 * unknown). stats: a CMAP_MAP_STATS handle for the connection check.
 * *items is malloc'ed. Returns the number of items or -errno. */
ssize_t sg_cleanup_plan(cmap_handle_t stats, const struct sg_samproc *v, size_t n, struct sg_cleanup_item **items);

/* Recheck and delete the items marked delete. Returns the number of
 * failures (0 when all went well). */
unsigned int sg_cleanup_run(cmap_handle_t h, cmap_handle_t stats, struct sg_cleanup_item *items, size_t n);

#endif
