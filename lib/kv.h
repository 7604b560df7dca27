/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kv.h - where samguard's state lives: corosync's cmap on a full cluster
 * node, the local store (kvlocal.h) on a Pacemaker Remote node. The calls
 * are libcmap's, with its semantics and return codes; every samguard
 * file that reads or writes state uses these, never libcmap directly.
 *
 * The mode is per process and decided by the first sg_kv_initialize()
 * (or sg_kv_decide()): corosync answering makes it cmap for good (a lost
 * corosync is then an error, as ever); otherwise nodemode.h decides, and a
 * Pacemaker Remote node makes it local for good. A child inherits it. */
#ifndef SG_KV_H
#define SG_KV_H

#include "nodemode.h"

#include <corosync/cmap.h>

cs_error_t sg_kv_initialize(cmap_handle_t *handle);

/* The SAM child's handle: on a full node, through the node's
 * samguard-publisher (relay.h), started when none answers; with none to be
 * had (or SG_PUBLISHER=off in the environment), a corosync connection of
 * the caller's own; on a Pacemaker Remote node, the local store. A call
 * that finds the publisher gone (closed, or no answer within timeout_ms)
 * moves the handle to a connection of its own and is made there: callers
 * see libcmap's answers, never the change, except that sg_kv_fd_get() may
 * then give another descriptor. Only when corosync does not answer either
 * do calls fail (CS_ERR_LIBRARY), as on a lost connection. */
cs_error_t sg_kv_initialize_shared(cmap_handle_t *handle, int timeout_ms);

/* 1 while handle goes through the publisher: its descriptor hanging up is
 * for sg_kv_dispatch() to handle (it moves the handle), not a lost
 * corosync. */
int sg_kv_is_shared(cmap_handle_t handle);

/* How handle reaches the state: "publisher", "own connection" or
 * "local store". */
const char *sg_kv_path(cmap_handle_t handle);
/* CMAP_MAP_STATS on the local store: a handle on which nothing is found;
 * samscan.c asks process liveness instead (sg_kv_is_local()). */
cs_error_t sg_kv_initialize_map(cmap_handle_t *handle, cmap_map_t map);
cs_error_t sg_kv_finalize(cmap_handle_t handle);
cs_error_t sg_kv_fd_get(cmap_handle_t handle, int *fd);
cs_error_t sg_kv_dispatch(cmap_handle_t handle, cs_dispatch_flags_t dispatch_types);
cs_error_t sg_kv_set_string(cmap_handle_t handle, const char *key, const char *value);
cs_error_t sg_kv_set_uint32(cmap_handle_t handle, const char *key, uint32_t value);
cs_error_t sg_kv_set_uint64(cmap_handle_t handle, const char *key, uint64_t value);
cs_error_t sg_kv_get(cmap_handle_t handle, const char *key, void *value, size_t *len, cmap_value_types_t *type);
cs_error_t sg_kv_get_string(cmap_handle_t handle, const char *key, char **str);
cs_error_t sg_kv_get_uint32(cmap_handle_t handle, const char *key, uint32_t *value);
cs_error_t sg_kv_delete(cmap_handle_t handle, const char *key);
cs_error_t sg_kv_iter_init(cmap_handle_t handle, const char *prefix, cmap_iter_handle_t *iter);
cs_error_t sg_kv_iter_next(cmap_handle_t handle, cmap_iter_handle_t iter, char key[], size_t *len,
			   cmap_value_types_t *type);
cs_error_t sg_kv_iter_finalize(cmap_handle_t handle, cmap_iter_handle_t iter);
cs_error_t sg_kv_track_add(cmap_handle_t handle, const char *key, int32_t track_type, cmap_notify_fn_t fn,
			   void *user_data, cmap_track_handle_t *track);
cs_error_t sg_kv_track_delete(cmap_handle_t handle, cmap_track_handle_t track);

/* Decide the mode now if it is not yet (sg_kv_initialize, then the
 * connection closed). Returns SG_NODE_FULL or SG_NODE_REMOTE once decided, else what
 * nodemode.h says (corosync down, neither); sg_kv_why() tells why. */
enum sg_node_mode sg_kv_decide(void);

/* The supervisor's decision before its first fork: as sg_kv_decide(), but
 * when the mode is still open and the publisher is not switched off, a
 * publisher that answers decides it (full node) without a connection to
 * corosync of this process's own; with start and none answering, one
 * caller at a time decides (sg_relay_start's lock) and starts one on a
 * full node, and the callers that waited find it. (corosync's main loop
 * walks every connection slot it ever had open at once, so 300 supervisors
 * starting together must not each open one: docs/scale.md. On a Pacemaker
 * Remote node nothing is started.) */
enum sg_node_mode sg_kv_decide_shared(int start);

/* 1 when this process uses the local store. */
int sg_kv_is_local(void);

/* The last decision's reason, one line ("" before any). */
const char *sg_kv_why(void);

/* Tests only: forget the decision. */
void sg_kv_reset(void);

#endif
