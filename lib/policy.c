/* SPDX-License-Identifier: GPL-2.0-or-later */
/* policy.c - observations -> OCF verdict. The rows are data: an ordered
 * list of (id, predicate, rc, housekeeping, reason); the first row whose
 * predicate holds decides. A last pass keeps probes within what Pacemaker
 * allows (never 1 or 6). */
#include "policy.h"

#include "util.h"

#include <stdio.h>
#include <string.h>

enum sg_sam sg_sam_from_string(const char *s)
{
	if (sg_str_empty(s)) return SG_SAM_ABSENT;
	if (!strcmp(s, "stopped")) return SG_SAM_STOPPED;
	if (!strcmp(s, "running")) return SG_SAM_RUNNING;
	if (!strcmp(s, "waiting for quorum")) return SG_SAM_WAITING_QUORUM;
	if (!strcmp(s, "failed")) return SG_SAM_FAILED;
	return SG_SAM_UNKNOWN;
}

int sg_sam_heartbeat_late(uint64_t age_ms, uint64_t poll_period_ms)
{
	uint64_t limit;

	if (poll_period_ms == 0)
		return 0;
	/* 2.5 x poll_period, rounded down, saturating */
	limit = poll_period_ms > UINT64_MAX / SG_SAM_LATE_NUM ? UINT64_MAX
							      : poll_period_ms * SG_SAM_LATE_NUM / SG_SAM_LATE_DEN;
	return age_ms > limit;
}

int sg_policy_is_stale(const struct sg_observations *o, uint64_t *age_ms)
{
	uint64_t age;

	if (o->poll_period_ms == 0 || !o->has_last_updated)
		return 0;
	age = o->now_ns > o->last_updated_ns ? (o->now_ns - o->last_updated_ns) / 1000000ULL : 0;
	if (age_ms)
		*age_ms = age;
	return sg_sam_heartbeat_late(age, o->poll_period_ms);
}

static const char *lf(const struct sg_observations *o)
{
	return sg_str_empty(o->last_failure) ? "unknown" : o->last_failure;
}

/* ---- predicates ---- */
static int p_nothing(const struct sg_observations *o)
{
	/* a dead (or reused) supervisor pid with nothing in cmap is a leftover
	 * run-state file, not a failure */
	return (o->supervisor == SG_PROC_NONE || (o->supervisor == SG_PROC_DEAD && o->cmap_ok)) &&
	       o->state == SG_STATE_ABSENT && o->sam == SG_SAM_ABSENT && o->daemon != SG_PROC_ALIVE;
}
static int p_nocmap_alive(const struct sg_observations *o)
{
	return !o->cmap_ok && o->supervisor == SG_PROC_ALIVE;
}
static int p_nocmap_dead(const struct sg_observations *o)
{
	/* a live daemon is never "stopped": orphan-daemon decides that */
	return !o->cmap_ok && o->daemon != SG_PROC_ALIVE;
}
static int p_gave_up(const struct sg_observations *o)
{
	return o->state == SG_STATE_FAILED || (o->supervisor != SG_PROC_ALIVE && o->sam == SG_SAM_FAILED);
}
static int p_clean_exit(const struct sg_observations *o)
{
	return o->supervisor != SG_PROC_ALIVE && o->state == SG_STATE_STOPPED;
}
static int p_orphan_daemon(const struct sg_observations *o)
{
	return o->supervisor != SG_PROC_ALIVE && o->daemon == SG_PROC_ALIVE;
}
static int p_supervisor_dead(const struct sg_observations *o)
{
	return o->supervisor != SG_PROC_ALIVE;
}
static int p_keys_gone(const struct sg_observations *o)
{
	return o->state == SG_STATE_ABSENT && o->sam == SG_SAM_ABSENT;
}
static int p_stop_failed(const struct sg_observations *o)
{
	return o->state == SG_STATE_STOP_FAILED;
}
static int p_waiting_quorum(const struct sg_observations *o)
{
	return o->sam == SG_SAM_WAITING_QUORUM;
}
static int p_quorum_lost(const struct sg_observations *o)
{
	return o->quorum_policy == SG_QUORUM_REQUIRE && o->quorate == SG_QUORATE_NO;
}
static int p_quorum_distrusted(const struct sg_observations *o)
{
	return o->quorum_policy == SG_QUORUM_REQUIRE && o->quorate == SG_QUORATE_YES &&
	       (o->two_node_alone || o->qdevice_unhealthy);
}
static int p_stale(const struct sg_observations *o)
{
	return o->sam == SG_SAM_RUNNING && sg_policy_is_stale(o, NULL);
}
static int p_over_limit(const struct sg_observations *o)
{
	return o->restarts_recent > o->max_restarts;
}
static int p_stopping(const struct sg_observations *o)
{
	return o->state == SG_STATE_STOPPING;
}
static int p_in_restart(const struct sg_observations *o)
{
	return o->state == SG_STATE_STARTING || o->sam == SG_SAM_STOPPED || o->daemon != SG_PROC_ALIVE;
}
static int p_unknown_state(const struct sg_observations *o)
{
	return o->state == SG_STATE_UNKNOWN || o->state == SG_STATE_ABSENT || o->sam == SG_SAM_UNKNOWN ||
	       o->sam == SG_SAM_ABSENT;
}
static int p_flapping(const struct sg_observations *o)
{
	return o->restarts_recent > 0;
}
static int p_always(const struct sg_observations *o)
{
	(void)o;
	return 1;
}

/* ---- reasons ---- */
typedef void (*reason_fn)(const struct sg_observations *o, char *b, size_t n);

static void r_none(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	(void)n;
	b[0] = '\0';
}
static void r_nocmap(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "corosync is not reachable: SAM state cannot be read");
}
static void r_gave_up(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "supervisor gave up: %s", lf(o));
}
static void r_clean_exit(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "daemon announced STOPPING=1 and exited");
}
static void r_orphan(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "supervisor is gone but the daemon still runs unsupervised");
}
static void r_sup_dead(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "supervisor died unexpectedly; stale cmap keys removed");
}
static void r_keys_gone(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "supervisor runs but its cmap keys are gone (corosync restarted?)");
}
static void r_stop_failed(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "stop failed: %s", lf(o));
}
static void r_quorum(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "no quorum: SAM holds the daemon back until the node is quorate");
}
static void r_quorum_lost(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "quorum lost: SAM stops the daemon until the node is quorate again");
}
static void r_quorum_distrusted(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "%s: quorum=require cannot trust it",
		 o->two_node_alone ? "quorate only through two_node with one member"
				   : "quorum device registered but not voting");
}
static void r_stale(const struct sg_observations *o, char *b, size_t n)
{
	uint64_t age = 0;

	sg_policy_is_stale(o, &age);
	snprintf(b, n, "health checks stale: last %llu ms ago, interval %llu ms",
		 (unsigned long long)age, (unsigned long long)o->poll_period_ms);
}
static void r_over(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "%u restarts within %us exceed max_restarts=%u; last: %s", o->restarts_recent,
		 o->restart_window_s, o->max_restarts, lf(o));
}
static void r_stopping(const struct sg_observations *o, char *b, size_t n)
{
	(void)o;
	snprintf(b, n, "stop in progress");
}
static void r_restart(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "in-place restart in progress (%u of %u in %us); last: %s", o->restarts_recent,
		 o->max_restarts, o->restart_window_s, lf(o));
}
static void r_unknown(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "unexpected state: samguard '%s', SAM state %d", sg_state_text(o->state), (int)o->sam);
}
static void r_flapping(const struct sg_observations *o, char *b, size_t n)
{
	snprintf(b, n, "restarted in place %u times in %us (max_restarts %u); last: %s", o->restarts_recent,
		 o->restart_window_s, o->max_restarts, lf(o));
}

struct sg_rule {
	const char *id;
	int (*match)(const struct sg_observations *o);
	int rc;
	unsigned int actions;
	reason_fn reason;
};

/* Ordered: the first match decides. Keep docs/policy.md in step. */
static const struct sg_rule rules[] = {
	{ "not-running", p_nothing, SG_OCF_NOT_RUNNING, 0, r_none },
	{ "no-corosync-supervised", p_nocmap_alive, SG_OCF_ERR_GENERIC, 0, r_nocmap },
	{ "no-corosync-stopped", p_nocmap_dead, SG_OCF_NOT_RUNNING, 0, r_none },
	{ "gave-up", p_gave_up, SG_OCF_ERR_GENERIC, 0, r_gave_up },
	{ "clean-exit", p_clean_exit, SG_OCF_NOT_RUNNING, SG_ACT_DELETE_STALE_KEYS, r_clean_exit },
	{ "orphan-daemon", p_orphan_daemon, SG_OCF_ERR_GENERIC, 0, r_orphan },
	{ "supervisor-died", p_supervisor_dead, SG_OCF_ERR_GENERIC, SG_ACT_DELETE_STALE_KEYS, r_sup_dead },
	{ "keys-gone", p_keys_gone, SG_OCF_ERR_GENERIC, 0, r_keys_gone },
	{ "stop-failed", p_stop_failed, SG_OCF_ERR_GENERIC, 0, r_stop_failed },
	{ "waiting-for-quorum", p_waiting_quorum, SG_OCF_DEGRADED, 0, r_quorum },
	{ "quorum-lost", p_quorum_lost, SG_OCF_DEGRADED, 0, r_quorum_lost },
	{ "stale", p_stale, SG_OCF_ERR_GENERIC, 0, r_stale },
	{ "over-limit", p_over_limit, SG_OCF_ERR_GENERIC, 0, r_over },
	{ "stopping", p_stopping, SG_OCF_DEGRADED, 0, r_stopping },
	{ "restarting", p_in_restart, SG_OCF_DEGRADED, 0, r_restart },
	{ "unknown-state", p_unknown_state, SG_OCF_ERR_GENERIC, 0, r_unknown },
	{ "quorum-distrusted", p_quorum_distrusted, SG_OCF_DEGRADED, 0, r_quorum_distrusted },
	{ "flapping", p_flapping, SG_OCF_DEGRADED, 0, r_flapping },
	{ "healthy", p_always, SG_OCF_SUCCESS, 0, r_none },
};

const char *sg_policy_rule_id(unsigned int i)
{
	return i < SG_ARRAY_SIZE(rules) ? rules[i].id : NULL;
}

void sg_policy_decide(const struct sg_observations *o, struct sg_verdict *v)
{
	char text[512];

	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < SG_ARRAY_SIZE(rules); i++) {
		if (!rules[i].match(o))
			continue;
		v->rc = rules[i].rc;
		v->actions = rules[i].actions;
		v->rule = rules[i].id;
		rules[i].reason(o, text, sizeof(text));
		sg_ocf_reason_format(v->reason, sizeof(v->reason), text);
		break;
	}
	/* A probe asks "is it active here?": never 1 or 6. An active but
	 * failing instance is degraded; the recurring monitor will act. */
	if (o->probe && (v->rc == SG_OCF_ERR_GENERIC || v->rc == SG_OCF_ERR_CONFIGURED))
		v->rc = (o->supervisor == SG_PROC_ALIVE || o->daemon == SG_PROC_ALIVE) ? SG_OCF_DEGRADED
										       : SG_OCF_NOT_RUNNING;
}
