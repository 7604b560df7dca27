/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmapdelete.c - delete every cmap key under a prefix, reliably. */
#include "cmapdelete.h"

#include "cmapstate.h"
#include "kv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DELETE_PASSES 8

/* One pass: collect the keys (never change the map under an open
 * iterator), then delete them. *found: how many keys the pass saw. */
static int delete_pass(cmap_handle_t h, const char *prefix, size_t *found)
{
	char key[CMAP_KEYNAME_MAXLEN + 1], (*keys)[CMAP_KEYNAME_MAXLEN + 1] = NULL;
	size_t nkeys = 0, cap = 0, vlen;
	cmap_iter_handle_t it;
	cmap_value_types_t type;
	cs_error_t err;
	int rc = 0;

	*found = 0;
	err = sg_kv_iter_init(h, prefix, &it);
	if (err != CS_OK)
		return sg_cs_errno(err);
	while (sg_kv_iter_next(h, it, key, &vlen, &type) == CS_OK) {
		if (nkeys == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			void *p = realloc(keys, ncap * sizeof(*keys));

			if (p == NULL) {
				rc = -ENOMEM;
				break;
			}
			keys = p;
			cap = ncap;
		}
		memcpy(keys[nkeys++], key, sizeof(key));
	}
	sg_kv_iter_finalize(h, it);
	for (size_t i = 0; i < nkeys; i++) {
		err = sg_kv_delete(h, keys[i]);
		if (err != CS_OK && err != CS_ERR_NOT_EXIST && rc == 0)
			rc = sg_cs_errno(err);
	}
	free(keys);
	*found = nkeys;
	return rc;
}

int sg_cmap_delete_prefix(cmap_handle_t h, const char *prefix)
{
	size_t found = 0;
	int rc;

	for (int pass = 0; pass < DELETE_PASSES; pass++) {
		rc = delete_pass(h, prefix, &found);
		if (rc < 0 || found == 0)
			return rc;
	}
	return -EAGAIN;
}
