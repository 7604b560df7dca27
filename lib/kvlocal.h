/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvlocal.h - samguard's local state store, for nodes without corosync
 * (Pacemaker Remote nodes): the part of libcmap's API that samguard uses,
 * with libcmap's semantics and return codes, kept in one directory.
 *
 *   SG_KVL_DIR/<key>   one file per key, named by the key; its content is
 *                      one byte of cmap_value_types_t, then the value as
 *                      cmap_get() returns it (strings with their NUL)
 *
 * A write goes to a temporary file (".<pid>.<n>", never a valid key) that
 * is renamed over the key, so readers see the old or the new value, never
 * a mix; deletes unlink. Tracking is inotify on the directory: a rename
 * into it is an add (key not seen before) or a modify, an unlink a delete.
 * A notification tells the key as dispatch finds it: several writes
 * between two dispatches may be told as one, and a key added and deleted
 * in between not at all (the end state is always told).
 * Only root writes: the directory is root's and 0700, and a key is read
 * only from a root-owned regular file reached without a symlink
 * (docs/security.md). Like cmap, the store lives in memory (/run is a
 * tmpfs) and is empty after a reboot. Callers use it through lib/kv.h. */
#ifndef SG_KVLOCAL_H
#define SG_KVLOCAL_H

#include "rundir.h"

#include <corosync/cmap.h>

#define SG_KVL_DIR SG_RUNDIR "/kv"
#define SG_KVL_VALUE_MAX 65536

cs_error_t sg_kvl_initialize(cmap_handle_t *handle);
cs_error_t sg_kvl_finalize(cmap_handle_t handle);
cs_error_t sg_kvl_fd_get(cmap_handle_t handle, int *fd);
cs_error_t sg_kvl_dispatch(cmap_handle_t handle, cs_dispatch_flags_t dispatch_types);
cs_error_t sg_kvl_set(cmap_handle_t handle, const char *key, const void *value, size_t len,
		      cmap_value_types_t type);
cs_error_t sg_kvl_get(cmap_handle_t handle, const char *key, void *value, size_t *len,
		      cmap_value_types_t *type);
cs_error_t sg_kvl_delete(cmap_handle_t handle, const char *key);
cs_error_t sg_kvl_iter_init(cmap_handle_t handle, const char *prefix, cmap_iter_handle_t *iter);
cs_error_t sg_kvl_iter_next(cmap_handle_t handle, cmap_iter_handle_t iter, char key[], size_t *len,
			    cmap_value_types_t *type);
cs_error_t sg_kvl_iter_finalize(cmap_handle_t handle, cmap_iter_handle_t iter);
cs_error_t sg_kvl_track_add(cmap_handle_t handle, const char *key, int32_t track_type, cmap_notify_fn_t fn,
			    void *user_data, cmap_track_handle_t *track);
cs_error_t sg_kvl_track_delete(cmap_handle_t handle, cmap_track_handle_t track);

/* Does the store exist and hold at least one key? (No handle needed; 0
 * when it cannot be read.) */
int sg_kvl_in_use(void);

/* Is key a name the store accepts: 1..CMAP_KEYNAME_MAXLEN bytes of
 * [A-Za-z0-9._:-], not starting with '.'? */
int sg_kvl_key_valid(const char *key);

#endif
