/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samregistry.c - SAM's registry entry written by our SAM child, in exactly
 * the leaves, types and values libsam's CMAP policy writes (lib/sam.c of
 * corosync: sam_cmap_update_key). */
#include "samregistry.h"

#include "cmapstate.h"
#include "util.h"
#include "kv.h"

#include <corosync/corotypes.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

static int sam_key(char *key, size_t n, uint32_t pid, const char *leaf)
{
	int w = snprintf(key, n, SG_SAM_PREFIX "%" PRIu32 ".%s", pid, leaf);

	return (w < 0 || (size_t)w >= n) ? -ENAMETOOLONG : 0;
}

int sg_sam_registry_touch(cmap_handle_t h, uint32_t pid)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc = sam_key(key, sizeof(key), pid, SG_SAM_KEY_LAST_UPDATED);

	return rc < 0 ? rc : sg_cs_errno(sg_kv_set_uint64(h, key, cs_timestamp_get()));
}

int sg_sam_registry_state(cmap_handle_t h, uint32_t pid, const char *state)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc = sam_key(key, sizeof(key), pid, SG_SAM_KEY_STATE);

	if (rc == 0)
		rc = sg_cs_errno(sg_kv_set_string(h, key, state));
	return rc < 0 ? rc : sg_sam_registry_touch(h, pid);
}

uint64_t sg_sam_registry_phase(uint64_t now_ms)
{
	return (now_ms + SG_SAM_PHASE_MS - 1) / SG_SAM_PHASE_MS * SG_SAM_PHASE_MS;
}

int sg_sam_registry_write(cmap_handle_t h, uint32_t pid, uint64_t poll_period_ms, const char *state)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc = sam_key(key, sizeof(key), pid, SG_SAM_KEY_RECOVERY);

	if (rc == 0)
		rc = sg_cs_errno(sg_kv_set_string(h, key, "restart"));
	if (rc == 0)
		rc = sam_key(key, sizeof(key), pid, SG_SAM_KEY_POLL_PERIOD);
	if (rc == 0)
		rc = sg_cs_errno(sg_kv_set_uint64(h, key, poll_period_ms));
	return rc < 0 ? rc : sg_sam_registry_state(h, pid, state);
}
