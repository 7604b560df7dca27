/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samscan.h - read every SAM process on this node from cmap into a
 * struct sg_table, and what /proc knows of each.
 *
 * Cost model (corosync 3.1.7, measured on the 2-core CI VM): libcmap has
 * no bulk read, so every cmap_iter_next() and every cmap_get() is one
 * synchronous round trip to corosync (5-8 us next to it, 18-30 us across
 * CPUs) and a connection costs 3-4 ms. A scan therefore iterates each of
 * the two prefixes exactly once (one round trip per key, unavoidable: the
 * keys are the only index), fetches only the values its depth needs, and
 * runs on corosync's CPU (colocate.h). /proc is read once per entry. */
#ifndef SG_SAMSCAN_H
#define SG_SAMSCAN_H

#include "samtable.h"

#include <corosync/cmap.h>
#include <stdint.h>

enum sg_scan_depth {
	/* what list and SAMHealth need: states, identities, restarts, last
	 * failure, health method, SAM's period and last update */
	SG_SCAN_SUMMARY = 0,
	/* every value (show, watch, cleanup) */
	SG_SCAN_FULL,
};

struct sg_scan_stats {
	unsigned int keys;          /* cmap_iter_next round trips that returned a key */
	unsigned int gets;          /* cmap_get round trips */
	int cpu;                    /* CPU we ran on next to corosync, -1 if not moved */
};

/* Read both prefixes through h into t (sg_table_init'ed, empty), link the
 * entries and probe /proc (sg_scan_probe). Returns 0 or -errno
 * (-ENOTCONN: corosync went away, -EACCES: not allowed). */
int sg_scan(cmap_handle_t h, enum sg_scan_depth depth, struct sg_table *t, struct sg_scan_stats *st);

/* Fill the /proc facts of every entry and link t again with them (a live
 * supervisor wins a contested SAM pid): supervisor and daemon liveness by
 * pid + start time, the run-state file when the keys name no supervisor,
 * and for SAM entries whether their pid still names the writer of the
 * keys. With SG_SCAN_FULL also each SAM entry's child. */
void sg_scan_probe(struct sg_table *t, enum sg_scan_depth depth);

/* Probe one SAM entry (exposed for watch, which updates entries singly). */
void sg_scan_probe_sam(struct sg_sam_entry *e, int want_program, int want_child);

/* Probe one samguard entry. */
void sg_scan_probe_sg(struct sg_sg_entry *e);

/* Does corosync hold an IPC connection to its cmap service from pid (as
 * corosync sees pids)? stats is a handle from cmap_initialize_map(...,
 * CMAP_MAP_STATS). Returns 1, 0, or -errno. A SAM parent keeps its cmap
 * connection open as long as it lives. On the local store (a Pacemaker
 * Remote node, kv.h) there are no connections: 1 while pid lives. */
int sg_scan_connected(cmap_handle_t stats, uint32_t pid);

/* Does corosync see our own pid as we do (same pid namespace)? Returns 1,
 * 0, or -errno. Only then does a missing connection prove anything. */
int sg_scan_same_pidns(cmap_handle_t stats);

/* True when a process that started start_ticks clock ticks after boot
 * provably started after a SAM update at monotonic time last_updated_ns
 * (boot_minus_mono_ns: CLOCK_BOOTTIME - CLOCK_MONOTONIC now, hz: ticks
 * per second). Pure, for tests. */
int sg_started_after(uint64_t start_ticks, long hz, uint64_t boot_minus_mono_ns, uint64_t last_updated_ns);

#endif
