/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ondemand/cmap.c - libcmap loaded on first use (see ondemand.h). */
#include "ondemand.h"

#include <corosync/cmap.h>

static void *lib;
#define SO "libcmap.so.4"

SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_initialize, (cmap_handle_t *h), (h))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_finalize, (cmap_handle_t h), (h))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_fd_get, (cmap_handle_t h, int *fd), (h, fd))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_dispatch, (cmap_handle_t h, cs_dispatch_flags_t f), (h, f))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_get,
	    (cmap_handle_t h, const char *k, void *v, size_t *l, cmap_value_types_t *t), (h, k, v, l, t))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_get_string, (cmap_handle_t h, const char *k, char **s),
	    (h, k, s))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_get_uint32, (cmap_handle_t h, const char *k, uint32_t *v),
	    (h, k, v))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_set,
	    (cmap_handle_t h, const char *k, const void *v, size_t l, cmap_value_types_t t), (h, k, v, l, t))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_set_string,
	    (cmap_handle_t h, const char *k, const char *v), (h, k, v))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_set_uint32, (cmap_handle_t h, const char *k, uint32_t v),
	    (h, k, v))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_set_uint64, (cmap_handle_t h, const char *k, uint64_t v),
	    (h, k, v))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_delete, (cmap_handle_t h, const char *k), (h, k))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_iter_init,
	    (cmap_handle_t h, const char *p, cmap_iter_handle_t *i), (h, p, i))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_iter_next,
	    (cmap_handle_t h, cmap_iter_handle_t i, char k[], size_t *l, cmap_value_types_t *t), (h, i, k, l, t))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_iter_finalize, (cmap_handle_t h, cmap_iter_handle_t i),
	    (h, i))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_initialize_map, (cmap_handle_t *h, cmap_map_t m), (h, m))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_track_add,
	    (cmap_handle_t h, const char *k, int32_t t, cmap_notify_fn_t f, void *u, cmap_track_handle_t *th),
	    (h, k, t, f, u, th))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, cmap_track_delete, (cmap_handle_t h, cmap_track_handle_t th),
	    (h, th))
