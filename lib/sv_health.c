/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sv_health.c - the table of health methods, the poll set the drivers
 * fill, and readiness. A new method is one sv_health_<name>.c with its
 * driver, a row here, its parameter value and its tests. */
#include "log.h"
#include "supervise_internal.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static const struct sv_health_driver *const drivers[] = {
	[SG_HEALTH_EXIT] = &sv_health_exit,
	[SG_HEALTH_NOTIFY] = &sv_health_notify,
	[SG_HEALTH_COMMAND] = &sv_health_command,
	[SG_HEALTH_TCP] = &sv_health_tcp,
};

const struct sv_health_driver *sv_health_driver_for(enum sg_health h)
{
	return (unsigned)h < SG_ARRAY_SIZE(drivers) ? drivers[h] : NULL;
}

const struct sv_health_driver *const *sv_health_active(void)
{
	static const struct sv_health_driver *active[3];

	active[0] = sv_ch.liveness;
	active[1] = sv_ch.readiness != sv_ch.liveness ? sv_ch.readiness : NULL;
	active[2] = NULL;
	return active;
}

void sv_poll_add(struct sv_pollset *ps, int fd, short events, sv_poll_cb cb, intptr_t arg)
{
	if (ps->n >= SV_POLL_MAX) {
		sg_err("internal: more than %d descriptors to watch", SV_POLL_MAX);
		return;
	}
	ps->pfd[ps->n] = (struct pollfd){ .fd = fd, .events = events };
	ps->cb[ps->n] = cb;
	ps->arg[ps->n] = arg;
	ps->n++;
}

/* a readiness that came while the pid file was not followed yet */
static const struct sv_health_driver *deferred_ready;

void sv_ready(const struct sv_health_driver *d, const char *how)
{
	if (sv_ch.ready || d != sv_ch.readiness)
		return;
	/* a daemon that goes into the background is ready once followed, not
	 * while its launcher still runs (a slow launcher outlived one interval
	 * under load and start succeeded on a pid file naming a stranger);
	 * READY=1 sent before that counts once it is followed */
	if (sv_pidfile_pending()) {
		deferred_ready = d;
		return;
	}
	sv_ch.ready = 1;
	sv_shm->ever_ready = 1;
	/* never samguard's running next to SAM's stopped */
	sv_sam_running();
	sv_pub_state(SG_STATE_RUNNING);
	sg_info("daemon is ready (%s)", how);
}

void sv_ready_resume(void)
{
	if (deferred_ready != NULL)
		sv_ready(deferred_ready, "ready before it was followed");
}

void sv_describe_status(int status, char *buf, size_t n)
{
	if (WIFEXITED(status))
		snprintf(buf, n, "exit code %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "signal %d (SIG%s)", WTERMSIG(status),
			 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		snprintf(buf, n, "status 0x%x", status);
}
