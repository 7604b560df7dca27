/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_status.c - sg_status_parse (lib/status.h): the monitor action reads
 * the supervisor's status answer from a socket. Properties: no memory
 * error, terminated strings, and what is parsed survives the supervisor's
 * own formatting (sg_resource_state_format) unchanged. */
#include "cmapstate.h"
#include "fuzz.h"
#include "quorum.h"
#include "status.h"

#include <errno.h>

/* Field by field: bytes after a string's terminator do not count. */
static void same_state(const struct sg_resource_state *a, const struct sg_resource_state *b)
{
	FUZZ_ASSERT(!strcmp(a->name, b->name) && !strcmp(a->state, b->state));
	FUZZ_ASSERT(!strcmp(a->last_failure, b->last_failure) && !strcmp(a->health, b->health));
	FUZZ_ASSERT(!strcmp(a->quorum, b->quorum) && !strcmp(a->status, b->status));
	FUZZ_ASSERT(a->supervisor_pid == b->supervisor_pid && a->supervisor_start == b->supervisor_start);
	FUZZ_ASSERT(a->child_pid == b->child_pid && a->daemon_pid == b->daemon_pid);
	FUZZ_ASSERT(a->daemon_start == b->daemon_start && a->instance == b->instance);
	FUZZ_ASSERT(a->restarts == b->restarts && a->last_failure_time == b->last_failure_time);
	FUZZ_ASSERT(a->interval_ms == b->interval_ms && a->max_restarts == b->max_restarts);
	FUZZ_ASSERT(a->restart_window_s == b->restart_window_s);
	FUZZ_ASSERT(a->history_len == b->history_len);
	for (unsigned int i = 0; i < a->history_len; i++)
		FUZZ_ASSERT(a->history[i] == b->history[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_resource_state rs, rs2;
	struct sg_sam_state ss, ss2;
	struct sg_quorum_obs q, q2;
	static char out[SG_STATUS_MAX];
	int cmap_ok, cmap_ok2, rc;
	size_t len;
	char *buf;

	if (size > SG_STATUS_MAX)
		return 0;
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	rc = sg_status_parse(buf, size, &rs, &ss, &cmap_ok, &q);
	free(buf);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	if (rc != 0)
		return 0;
	FUZZ_TERMINATED(rs.name);
	FUZZ_TERMINATED(rs.state);
	FUZZ_TERMINATED(rs.last_failure);
	FUZZ_TERMINATED(rs.health);
	FUZZ_TERMINATED(rs.quorum);
	FUZZ_TERMINATED(rs.status);
	FUZZ_TERMINATED(ss.state);
	FUZZ_TERMINATED(ss.recovery);
	FUZZ_ASSERT(rs.history_len <= SG_HISTORY_MAX);

	/* what the supervisor would send for rs reads back as rs */
	len = sg_resource_state_format(&rs, out, sizeof(out));
	FUZZ_ASSERT(len < sizeof(out));
	rc = sg_status_parse(out, len, &rs2, &ss2, &cmap_ok2, &q2);
	FUZZ_ASSERT(rc == 0);
	same_state(&rs, &rs2);
	return 0;
}
