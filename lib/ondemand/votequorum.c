/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ondemand/votequorum.c - libvotequorum loaded on first use (see ondemand.h). */
#include "ondemand.h"

#include <corosync/votequorum.h>

static void *lib;
#define SO "libvotequorum.so.8"

SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, votequorum_initialize,
	    (votequorum_handle_t *h, votequorum_callbacks_t *cb), (h, cb))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, votequorum_finalize, (votequorum_handle_t h), (h))
SG_ONDEMAND(lib, SO, cs_error_t, CS_ERR_LIBRARY, votequorum_getinfo,
	    (votequorum_handle_t h, unsigned int n, struct votequorum_info *i), (h, n, i))
