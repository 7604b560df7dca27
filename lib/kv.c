/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kv.c - cmap or the local store, decided once per process (kv.h). */
#include "kv.h"

#include "kvlocal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kv_mode { KV_UNDECIDED = 0, KV_CMAP, KV_LOCAL };

static enum kv_mode kv_mode;
static enum sg_node_mode kv_node = SG_NODE_NEITHER;    /* the last decision */
static char kv_why[256];

/* Every handle of a process is of its mode; the stats dummy answers every
 * call with "nothing". */
#define LOCAL() (kv_mode == KV_LOCAL)
#define STATS_DUMMY(h) (LOCAL() && (h) == ~(cmap_handle_t)0)

/* corosync does not answer (err): decide from the node's facts. */
static enum sg_node_mode decide_without_corosync(void)
{
	struct sg_node_facts f = { 0 };
	enum sg_node_mode m;

	sg_node_facts_read(&f);
	m = kv_node = sg_node_mode_decide(&f, kv_why, sizeof(kv_why));
	if (m == SG_NODE_REMOTE)
		kv_mode = KV_LOCAL;
	return m;
}

static void decided_cmap(void)
{
	if (kv_mode == KV_UNDECIDED) {
		struct sg_node_facts f = { .corosync_answers = 1 };

		kv_node = sg_node_mode_decide(&f, kv_why, sizeof(kv_why));
		kv_mode = KV_CMAP;
	}
}

cs_error_t sg_kv_initialize(cmap_handle_t *handle)
{
	cs_error_t err;

	if (kv_mode == KV_LOCAL)
		return sg_kvl_initialize(handle);
	err = cmap_initialize(handle);
	if (err == CS_OK)
		decided_cmap();
	else if (kv_mode == KV_UNDECIDED && decide_without_corosync() == SG_NODE_REMOTE)
		return sg_kvl_initialize(handle);
	return err;
}

enum sg_node_mode sg_kv_decide(void)
{
	cmap_handle_t h;

	if (kv_mode == KV_UNDECIDED && sg_kv_initialize(&h) == CS_OK)
		sg_kv_finalize(h);
	return kv_node;
}

int sg_kv_is_local(void)
{
	return kv_mode == KV_LOCAL;
}

const char *sg_kv_why(void)
{
	return kv_why;
}

void sg_kv_reset(void)
{
	kv_mode = KV_UNDECIDED;
	kv_node = SG_NODE_NEITHER;
	kv_why[0] = '\0';
}

cs_error_t sg_kv_initialize_map(cmap_handle_t *handle, cmap_map_t map)
{
	if (map == CMAP_MAP_DEFAULT)
		return sg_kv_initialize(handle);
	if (LOCAL()) {
		/* no connections to list: an empty handle */
		*handle = ~(cmap_handle_t)0;
		return CS_OK;
	}
	return cmap_initialize_map(handle, map);
}

cs_error_t sg_kv_finalize(cmap_handle_t handle)
{
	if (STATS_DUMMY(handle))
		return CS_OK;
	return LOCAL() ? sg_kvl_finalize(handle) : cmap_finalize(handle);
}

cs_error_t sg_kv_fd_get(cmap_handle_t handle, int *fd)
{
	return LOCAL() ? sg_kvl_fd_get(handle, fd) : cmap_fd_get(handle, fd);
}

cs_error_t sg_kv_dispatch(cmap_handle_t handle, cs_dispatch_flags_t dispatch_types)
{
	return LOCAL() ? sg_kvl_dispatch(handle, dispatch_types) : cmap_dispatch(handle, dispatch_types);
}

cs_error_t sg_kv_set_string(cmap_handle_t handle, const char *key, const char *value)
{
	if (!LOCAL())
		return cmap_set_string(handle, key, value);
	if (value == NULL)
		return CS_ERR_INVALID_PARAM;
	return sg_kvl_set(handle, key, value, strlen(value) + 1, CMAP_VALUETYPE_STRING);
}

cs_error_t sg_kv_set_uint32(cmap_handle_t handle, const char *key, uint32_t value)
{
	if (!LOCAL())
		return cmap_set_uint32(handle, key, value);
	return sg_kvl_set(handle, key, &value, sizeof(value), CMAP_VALUETYPE_UINT32);
}

cs_error_t sg_kv_set_uint64(cmap_handle_t handle, const char *key, uint64_t value)
{
	if (!LOCAL())
		return cmap_set_uint64(handle, key, value);
	return sg_kvl_set(handle, key, &value, sizeof(value), CMAP_VALUETYPE_UINT64);
}

cs_error_t sg_kv_get(cmap_handle_t handle, const char *key, void *value, size_t *len, cmap_value_types_t *type)
{
	if (STATS_DUMMY(handle))
		return CS_ERR_NOT_EXIST;
	return LOCAL() ? sg_kvl_get(handle, key, value, len, type) : cmap_get(handle, key, value, len, type);
}

cs_error_t sg_kv_get_string(cmap_handle_t handle, const char *key, char **str)
{
	char buf[SG_KVL_VALUE_MAX];
	size_t len = sizeof(buf);
	cmap_value_types_t type;
	cs_error_t err;

	if (!LOCAL())
		return cmap_get_string(handle, key, str);
	err = sg_kv_get(handle, key, buf, &len, &type);
	if (err != CS_OK)
		return err;
	if (type != CMAP_VALUETYPE_STRING || len == 0 || buf[len - 1] != '\0')
		return CS_ERR_INVALID_PARAM;
	*str = strdup(buf);
	return *str ? CS_OK : CS_ERR_NO_MEMORY;
}

cs_error_t sg_kv_get_uint32(cmap_handle_t handle, const char *key, uint32_t *value)
{
	size_t len = sizeof(*value);
	cmap_value_types_t type;
	cs_error_t err;

	if (!LOCAL())
		return cmap_get_uint32(handle, key, value);
	err = sg_kv_get(handle, key, value, &len, &type);
	if (err == CS_OK && (type != CMAP_VALUETYPE_UINT32 || len != sizeof(*value)))
		return CS_ERR_INVALID_PARAM;
	return err;
}

cs_error_t sg_kv_delete(cmap_handle_t handle, const char *key)
{
	if (STATS_DUMMY(handle))
		return CS_ERR_NOT_EXIST;
	return LOCAL() ? sg_kvl_delete(handle, key) : cmap_delete(handle, key);
}

cs_error_t sg_kv_iter_init(cmap_handle_t handle, const char *prefix, cmap_iter_handle_t *iter)
{
	if (STATS_DUMMY(handle)) {
		*iter = 0;
		return CS_OK;
	}
	return LOCAL() ? sg_kvl_iter_init(handle, prefix, iter) : cmap_iter_init(handle, prefix, iter);
}

cs_error_t sg_kv_iter_next(cmap_handle_t handle, cmap_iter_handle_t iter, char key[], size_t *len,
			   cmap_value_types_t *type)
{
	if (STATS_DUMMY(handle))
		return CS_ERR_NO_SECTIONS;
	return LOCAL() ? sg_kvl_iter_next(handle, iter, key, len, type)
			     : cmap_iter_next(handle, iter, key, len, type);
}

cs_error_t sg_kv_iter_finalize(cmap_handle_t handle, cmap_iter_handle_t iter)
{
	if (STATS_DUMMY(handle))
		return CS_OK;
	return LOCAL() ? sg_kvl_iter_finalize(handle, iter) : cmap_iter_finalize(handle, iter);
}

cs_error_t sg_kv_track_add(cmap_handle_t handle, const char *key, int32_t track_type, cmap_notify_fn_t fn,
			   void *user_data, cmap_track_handle_t *track)
{
	if (STATS_DUMMY(handle))
		return CS_ERR_NOT_SUPPORTED;
	return LOCAL() ? sg_kvl_track_add(handle, key, track_type, fn, user_data, track)
			     : cmap_track_add(handle, key, track_type, fn, user_data, track);
}

cs_error_t sg_kv_track_delete(cmap_handle_t handle, cmap_track_handle_t track)
{
	if (STATS_DUMMY(handle))
		return CS_ERR_NOT_EXIST;
	return LOCAL() ? sg_kvl_track_delete(handle, track) : cmap_track_delete(handle, track);
}
