/* SPDX-License-Identifier: GPL-2.0-or-later */
/* observe.c - observations for the policy layer. */
#include "observe.h"

#include "healthmethods.h"
#include "runstate.h"
#include "status.h"
#include "util.h"
#include "kv.h"

#include <string.h>

static enum sg_proc liveness(int have, const struct sg_procid *id)
{
	if (!have)
		return SG_PROC_NONE;
	return sg_procid_alive(id) ? SG_PROC_ALIVE : SG_PROC_DEAD;
}

int sg_observe(const char *name, int probe, struct sg_observed *o)
{
	return sg_observe_ex(name, probe, 0, o);
}

int sg_observe_ex(const char *name, int probe, int quick, struct sg_observed *o)
{
	struct sg_observations *ob = &o->obs;
	enum sg_quorum_policy quorum = SG_QUORUM_IGNORE;
	int rc;

	memset(o, 0, sizeof(*o));
	rc = sg_name_encode(name, o->enc, sizeof(o->enc));
	if (rc < 0)
		return rc;
	if (sg_runstate_read(name, SG_RUN_SUPERVISOR, &o->supervisor) == 0)
		o->have_supervisor = 1;
	if (sg_runstate_read(name, SG_RUN_DAEMON, &o->daemon) == 0)
		o->have_daemon = 1;
	/* Fast path: a live supervisor tells us what it published and what SAM
	 * has in cmap. Otherwise (dead, hung, waiting for quorum, restarting)
	 * read cmap ourselves. */
	if (quick && !o->have_supervisor && !o->have_daemon) {
		/* nothing of the instance was ever started here since boot: the
		 * supervisor writes its file before it registers with SAM, and
		 * stop removes the files last */
		o->quick_absent = 1;
	} else if (o->have_supervisor && sg_procid_alive(&o->supervisor) &&
	    sg_status_query(&o->supervisor, SG_STATUS_TIMEOUT_MS, &o->rs, &o->ss, &o->queried_cmap_ok, &o->quorum) == 0) {
		o->via_supervisor = 1;
	} else {
		o->cmap_ok = sg_cmap_connect(&o->cmap) == 0;
		if (o->cmap_ok && sg_cmap_resource_read(o->cmap, o->enc, &o->rs) < 0) {
			sg_kv_finalize(o->cmap);
			o->cmap_ok = 0;
		}
	}

	if (o->have_supervisor) {
		/* from the run-state file */
	} else if (o->rs.supervisor_pid) {
		o->supervisor.pid = (pid_t)o->rs.supervisor_pid;
		o->supervisor.start = o->rs.supervisor_start;
		o->have_supervisor = 1;
	}
	if (o->have_daemon) {
		/* from the run-state file */
	} else if (o->rs.daemon_pid) {
		o->daemon.pid = (pid_t)o->rs.daemon_pid;
		o->daemon.start = o->rs.daemon_start;
		o->have_daemon = 1;
	}
	if (o->cmap_ok && o->have_supervisor)
		sg_cmap_sam_read(o->cmap, (uint32_t)o->supervisor.pid, &o->ss);
	/* quorum matters only to resources that require it (a missing or
	 * foreign policy is ignore, the default) */
	if (sg_quorum_parse(o->rs.quorum, &quorum) != 0)
		quorum = SG_QUORUM_IGNORE;
	if (!o->via_supervisor && o->cmap_ok && quorum == SG_QUORUM_REQUIRE) {
		struct sg_quorum_info qi;

		if (sg_quorum_read(&qi) == 0)
			sg_quorum_observe(&qi, &o->quorum);
	}

	ob->probe = probe;
	ob->cmap_ok = o->via_supervisor ? o->queried_cmap_ok : (o->cmap_ok || o->quick_absent);
	ob->supervisor = liveness(o->have_supervisor, &o->supervisor);
	ob->daemon = liveness(o->have_daemon, &o->daemon);
	ob->state = sg_state_parse(o->rs.state);
	ob->sam = o->ss.found ? sg_sam_from_string(o->ss.state) : SG_SAM_ABSENT;
	ob->now_ns = sg_now_mono_ns();
	ob->has_last_updated = o->ss.has_last_updated;
	ob->last_updated_ns = o->ss.last_updated_ns;
	ob->poll_period_ms = o->ss.poll_period_ms;
	ob->max_restarts = o->rs.found ? o->rs.max_restarts : SG_MAX_RESTARTS_DEFAULT;
	ob->restart_window_s = o->rs.restart_window_s ? o->rs.restart_window_s : SG_RESTART_WINDOW_DEFAULT_S;
	ob->restarts_recent = sg_history_count_recent(o->rs.history, o->rs.history_len, ob->now_ns / 1000000ULL,
						      ob->restart_window_s);
	ob->last_failure = o->rs.last_failure;
	ob->quorate = !o->quorum.known ? SG_QUORATE_UNKNOWN : o->quorum.quorate ? SG_QUORATE_YES : SG_QUORATE_NO;
	ob->two_node_alone = o->quorum.known && o->quorum.two_node_alone;
	ob->qdevice_unhealthy = o->quorum.known && o->quorum.qdevice_unhealthy;
	ob->quorum_policy = quorum;
	return 0;
}

int sg_observed_cmap(struct sg_observed *o)
{
	if (!o->cmap_ok)
		o->cmap_ok = sg_cmap_connect(&o->cmap) == 0;
	return o->cmap_ok;
}

void sg_observed_done(struct sg_observed *o)
{
	if (o->cmap_ok)
		sg_kv_finalize(o->cmap);
	o->cmap_ok = 0;
}
