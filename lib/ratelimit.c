/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ratelimit.c - one log line per interval, with a count. */
#include "ratelimit.h"

int sg_ratelimit_event(struct sg_ratelimit *rl, uint64_t now_ms, unsigned long *count)
{
	rl->held++;
	if (rl->next_ms != 0 && now_ms < rl->next_ms)
		return 0;
	*count = rl->held;
	rl->held = 0;
	rl->next_ms = now_ms + (rl->interval_ms ? rl->interval_ms : 1);
	return 1;
}
