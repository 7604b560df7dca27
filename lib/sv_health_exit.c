/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_health_exit.c - health=exit: the daemon is healthy while it runs; it
 * is ready once it survived one health_interval (at once with interval 0).
 * Its death is seen by the child's reaper, common to every method. */
#include "supervise_internal.h"

static uint64_t ready_at;

static void exit_started(uint64_t now)
{
	ready_at = now + sv_ch.interval;
	if (sv_ch.interval == 0)
		sv_ready(&sv_health_exit, "started");
}

static void exit_tick(uint64_t now)
{
	if (!sv_ch.ready && now >= ready_at)
		sv_ready(&sv_health_exit, "survived one interval");
}

static uint64_t exit_next_wake(uint64_t now)
{
	(void)now;
	/* with pidfile=, the pid file's retries wake us until it is followed */
	return sv_ch.ready || sv_pidfile_pending() ? UINT64_MAX : ready_at;
}

const struct sv_health_driver sv_health_exit = {
	.method = SG_HEALTH_EXIT,
	.started = exit_started,
	.tick = exit_tick,
	.next_wake = exit_next_wake,
};
