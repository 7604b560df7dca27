/* SPDX-License-Identifier: GPL-2.0-or-later */
/* restarts.h - restart accounting for in-place recovery: a bounded history
 * of restart times and the decision whether one more in-place restart is
 * allowed or the supervisor gives up. Pure: no clock, no I/O, so that the
 * escalation ladder is unit-tested as a table (cts/unit/test_restarts.c). */
#ifndef SG_RESTARTS_H
#define SG_RESTARTS_H

#include <stdint.h>

/* larger than SG_MAX_RESTARTS_MAX, so the cap never changes a decision */
#define SG_RESTARTS_CAP 1024

struct sg_restarts {
	unsigned int total;             /* every restart since the supervisor started */
	unsigned int len;
	uint64_t at[SG_RESTARTS_CAP];   /* monotonic ms, oldest first, within the window */
};

/* What the SAM child that replaces a failed one knows. */
struct sg_restart_input {
	uint64_t now_ms;
	unsigned int max_restarts;
	unsigned int window_s;
	int quorum_warn;        /* SAM's warning came from quorum loss (quorum=require) */
	int escalate;           /* a heartbeat-shim client asked: next failure gives up */
	int ever_ready;         /* the daemon was ready once since the supervisor started */
};

enum sg_restart_verdict {
	SG_RESTART_NOT_COUNTED = 0,     /* quorum loss: wait for quorum, not a fault */
	SG_RESTART_IN_PLACE,            /* counted, within the limit */
	SG_RESTART_GIVE_UP_ESCALATED,   /* apphb_setreboot / X-SAMGUARD-ESCALATE */
	SG_RESTART_GIVE_UP_NEVER_READY, /* failed before it ever became ready */
	SG_RESTART_GIVE_UP_LIMIT,       /* more than max_restarts within the window */
};

/* Judge one restart and record it in r when it counts. *recent gets the
 * number of restarts within the window, this one included (0 when not
 * counted). */
enum sg_restart_verdict sg_restarts_judge(struct sg_restarts *r, const struct sg_restart_input *in,
					  unsigned int *recent);

/* The backoff before the k-th in-place restart within the restart window
 * (k = *recent from sg_restarts_judge, this restart included), as systemd's
 * RestartSec= with RestartSteps=/RestartMaxDelaySec= grows it: 0 for k <= 1
 * (the first restart is immediate) and for delay_ms 0 (off); else
 * min(delay_ms * 2^(k-2), max_ms), without overflow. max_ms 0: no cap but
 * UINT32_MAX. */
uint32_t sg_restart_delay_ms(uint32_t delay_ms, uint32_t max_ms, unsigned int k);

#endif
