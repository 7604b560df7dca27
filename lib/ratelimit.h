/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ratelimit.h - at most one log line per interval for events that anybody
 * may cause at will (a refused peer, a dropped datagram): a flood costs
 * one line per interval with the count of what was held back, never one
 * line per event. */
#ifndef SG_RATELIMIT_H
#define SG_RATELIMIT_H

#include <stdint.h>

struct sg_ratelimit {
	uint64_t interval_ms;
	uint64_t next_ms;       /* 0: nothing logged yet */
	unsigned long held;     /* events since the last line */
};

#define SG_RATELIMIT_INIT(ms) { .interval_ms = (ms) }

/* Count one event at now_ms. Returns 1 when a line may be logged now, with
 * *count set to the events it stands for (this one and those held back
 * since the last line); 0 when it is held back. */
int sg_ratelimit_event(struct sg_ratelimit *rl, uint64_t now_ms, unsigned long *count);

#endif
