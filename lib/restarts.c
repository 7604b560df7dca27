/* SPDX-License-Identifier: GPL-2.0-or-later */
/* restarts.c - restart accounting (see restarts.h). */
#include "restarts.h"

#include <string.h>

/* Forget what is older than the window, then record now. */
static unsigned int record(struct sg_restarts *r, uint64_t now, unsigned int window_s)
{
	uint64_t window_ms = (uint64_t)window_s * 1000ULL;
	unsigned int keep = 0;

	for (unsigned int i = 0; i < r->len && i < SG_RESTARTS_CAP; i++)
		if (now - r->at[i] < window_ms)
			r->at[keep++] = r->at[i];
	if (keep == SG_RESTARTS_CAP) {
		memmove(r->at, r->at + 1, (SG_RESTARTS_CAP - 1) * sizeof(r->at[0]));
		keep--;
	}
	r->at[keep++] = now;
	r->len = keep;
	r->total++;
	return keep;
}

enum sg_restart_verdict sg_restarts_judge(struct sg_restarts *r, const struct sg_restart_input *in,
					  unsigned int *recent)
{
	*recent = 0;
	if (in->quorum_warn)
		return SG_RESTART_NOT_COUNTED;
	if (in->escalate)
		return SG_RESTART_GIVE_UP_ESCALATED;
	if (!in->ever_ready)
		return SG_RESTART_GIVE_UP_NEVER_READY;
	*recent = record(r, in->now_ms, in->window_s);
	return *recent > in->max_restarts ? SG_RESTART_GIVE_UP_LIMIT : SG_RESTART_IN_PLACE;
}

uint32_t sg_restart_delay_ms(uint32_t delay_ms, uint32_t max_ms, unsigned int k)
{
	uint64_t d = delay_ms, cap = max_ms ? max_ms : UINT32_MAX;

	if (k <= 1 || delay_ms == 0)
		return 0;
	/* double k-2 times, stopping at the cap (at most 32 doublings matter) */
	for (unsigned int i = 2; i < k && d < cap; i++)
		d *= 2;
	return (uint32_t)(d < cap ? d : cap);
}
