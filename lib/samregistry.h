/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samregistry.h - SAM's registry entry resources.process.<pid>.*, written
 * in libsam's own format by the SAM child of a supervisor whose SAM parent
 * has no cmap connection (docs/design.md, "One corosync connection per
 * resource"). Readers cannot tell it from libsam's: same leaves, types and
 * values. */
#ifndef SG_SAMREGISTRY_H
#define SG_SAMREGISTRY_H

#include <corosync/cmap.h>
#include <stdint.h>

/* the states as libsam writes them */
#define SG_SAM_S_STOPPED "stopped"
#define SG_SAM_S_RUNNING "running"
#define SG_SAM_S_QUORUM_WAIT "waiting for quorum"
#define SG_SAM_S_FAILED "failed"

/* Write the whole entry of SAM parent pid as libsam's sam_register() does:
 * recovery "restart", poll_period, state, last_updated now. 0 or -errno. */
int sg_sam_registry_write(cmap_handle_t h, uint32_t pid, uint64_t poll_period_ms, const char *state);

/* Set the state and last_updated, as libsam does on a command. */
int sg_sam_registry_state(cmap_handle_t h, uint32_t pid, const char *state);

/* last_updated = CLOCK_MONOTONIC in ns now, as libsam writes on each
 * heartbeat. 0 or -errno. */
int sg_sam_registry_touch(cmap_handle_t h, uint32_t pid);

/* corosync's watchdog service (wd) arms a timer for every SAM entry, every
 * poll_period from the moment the entry's state last changed, and its main
 * loop pays for each timer expiry that does not coincide with another one
 * (measured at 300 entries: 13-16 % of a core when they fall at random
 * moments, 3 % when they coincide; docs/scale.md). So the SAM child writes
 * `running` at the next multiple of SG_SAM_PHASE_MS of CLOCK_MONOTONIC
 * (corosync's clock), or at once when the daemon is ready before that, and
 * the entries' timers fall on a few common moments. */
#define SG_SAM_PHASE_MS 100

/* The first multiple of SG_SAM_PHASE_MS at or after now_ms. */
uint64_t sg_sam_registry_phase(uint64_t now_ms);

#endif
