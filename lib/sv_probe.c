/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_probe.c - the schedule of a periodic health probe (health=command,
 * health=tcp): one probe in flight at a time, one every interval, each
 * with a deadline of one interval. Before the daemon is ready a failed
 * probe only means "not yet"; after, it fails the daemon. */
#include "log.h"
#include "supervise_internal.h"
#include "util.h"

#include <stdio.h>

static uint64_t next_check;     /* ms: start the next probe */
static uint64_t check_deadline; /* ms: the probe in flight must have passed */

void sv_probe_tick(const struct sv_probe_ops *ops, uint64_t now)
{
	if (ops->in_flight()) {
		if (now < check_deadline)
			return;
		ops->abort();
		if (sv_ch.ready)
			sv_child_hang("health check did not pass within %u ms", sv_ch.interval);
		next_check = now + sv_ch.interval;
	} else if (now >= next_check) {
		if (ops->start(now) == 0)
			check_deadline = now + sv_ch.interval;
	}
}

uint64_t sv_probe_next_wake(const struct sv_probe_ops *ops)
{
	return ops->in_flight() ? check_deadline : next_check;
}

void sv_probe_done(const struct sv_probe_ops *ops, int passed, const char *why)
{
	char how[64];

	next_check = sg_now_mono_ms() + sv_ch.interval;
	if (passed) {
		snprintf(how, sizeof(how), "%s passed", ops->what);
		sv_ready(ops->driver, how);
	} else if (sv_ch.ready && !sv_ch.stopping) {
		sv_child_fail("%s", why);
	}
}

void sv_probe_not_started(const struct sv_probe_ops *ops, uint64_t now, const char *why)
{
	(void)ops;
	if (sv_ch.ready)
		sv_child_fail("%s", why);
	next_check = now + (sv_ch.interval ? sv_ch.interval : 1000);
}
