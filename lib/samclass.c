/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samclass.c - one SAM process's status and the node's health colour. */
#include "samclass.h"

#include "params.h"
#include "policy.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* samguard gave up, on the daemon (failed) or on stopping it (stop-failed),
 * or SAM marked the process failed. */
static int failed(const struct sg_sp_facts *f)
{
	return f->state == SG_STATE_FAILED || f->state == SG_STATE_STOP_FAILED ||
	       (f->sam_found && f->sam == SG_SAM_FAILED);
}

enum sg_sp_status sg_sp_classify(const struct sg_sp_facts *f)
{
	/* the supervisor is gone: what it left behind */
	if (f->supervisor == SG_PROC_DEAD) {
		if (f->state == SG_STATE_STOPPED)
			return SG_SP_STOPPED;
		if (failed(f))
			return SG_SP_FAILED;
		return SG_SP_STALE;
	}
	if (f->samguard && f->supervisor == SG_PROC_NONE)
		return SG_SP_ORPHAN;
	if (failed(f))
		return SG_SP_FAILED;
	if (f->sam_found && f->sam == SG_SAM_WAITING_QUORUM)
		return SG_SP_WAITING;
	if (f->sam_found && f->sam == SG_SAM_RUNNING && f->has_last_updated &&
	    sg_sam_heartbeat_late(sg_sp_heartbeat_age_ms(f), f->poll_period_ms))
		return SG_SP_HUNG;
	if (f->samguard && f->restarts_recent > f->max_restarts)
		return SG_SP_FAILED;
	if (f->state == SG_STATE_STOPPING)
		return SG_SP_STOPPING;
	if (f->state == SG_STATE_STOPPED)
		return SG_SP_STOPPED;
	if (f->state == SG_STATE_UNKNOWN || (f->sam_found && f->sam == SG_SAM_UNKNOWN))
		return SG_SP_UNKNOWN;
	/* another program's health checking is stopped (before sam_start or
	 * after sam_stop): its choice, not a failure; for samguard it is the
	 * moment between two children */
	if (!f->samguard && f->sam_found && f->sam == SG_SAM_STOPPED)
		return SG_SP_STOPPED;
	if (f->state == SG_STATE_STARTING || (f->sam_found && (f->sam == SG_SAM_STOPPED || f->sam == SG_SAM_ABSENT)) ||
	    (f->samguard && !f->sam_found) || (f->samguard && f->daemon == SG_PROC_DEAD))
		return SG_SP_STARTING;
	if (f->samguard && f->restarts_recent > 0)
		return SG_SP_FLAPPING;
	return SG_SP_OK;
}

enum sg_sp_severity sg_sp_severity(enum sg_sp_status s)
{
	switch (s) {
	case SG_SP_OK:
	case SG_SP_STOPPING:
		return SG_SEV_OK;
	case SG_SP_STARTING:
	case SG_SP_FLAPPING:
	case SG_SP_WAITING:
	case SG_SP_ORPHAN:
		return SG_SEV_DEGRADED;
	case SG_SP_STOPPED:
		return SG_SEV_NONE;
	case SG_SP_FAILED:
	case SG_SP_HUNG:
	case SG_SP_STALE:
	case SG_SP_UNKNOWN:
	default:
		return SG_SEV_FAILED;
	}
}

const char *sg_sp_status_name(enum sg_sp_status s)
{
	static const char *const names[] = {
		[SG_SP_OK] = "ok", [SG_SP_STARTING] = "starting", [SG_SP_FLAPPING] = "flapping",
		[SG_SP_WAITING] = "waiting-for-quorum", [SG_SP_STOPPING] = "stopping",
		[SG_SP_STOPPED] = "stopped", [SG_SP_FAILED] = "failed", [SG_SP_HUNG] = "hung",
		[SG_SP_STALE] = "stale", [SG_SP_ORPHAN] = "orphan", [SG_SP_UNKNOWN] = "unknown",
	};

	return (unsigned)s < SG_ARRAY_SIZE(names) ? names[s] : "unknown";
}

void sg_sp_facts_from(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam, uint64_t now_ns,
		      struct sg_sp_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->now_ns = now_ns;
	if (sam) {
		f->sam_found = sam->ss.found;
		f->sam = sg_sam_from_string(sam->ss.state);
		f->has_last_updated = sam->ss.has_last_updated;
		f->last_updated_ns = sam->ss.last_updated_ns;
		f->poll_period_ms = sam->ss.poll_period_ms;
	}
	if (sg) {
		uint32_t window = sg->rs.restart_window_s ? sg->rs.restart_window_s : SG_RESTART_WINDOW_DEFAULT_S;

		f->samguard = 1;
		f->state = sg_state_parse(sg->rs.state);
		f->supervisor = sg->supervisor_live;
		f->daemon = sg->daemon_live;
		f->max_restarts = sg_sg_entry_has(sg, SG_KEY_MAX_RESTARTS) ? sg->rs.max_restarts : SG_MAX_RESTARTS_DEFAULT;
		f->restarts_recent = sg_history_count_recent(sg->rs.history, sg->rs.history_len, now_ns / 1000000ULL,
							     window);
	} else if (sam) {
		/* SAM's keys carry no start time: the pid is the writer unless it
		 * is gone or provably started after the last update */
		f->supervisor = !sam->probed ? SG_PROC_NONE
				: (sam->exists && !sam->reused) ? SG_PROC_ALIVE : SG_PROC_DEAD;
	}
}

uint64_t sg_sp_heartbeat_age_ms(const struct sg_sp_facts *f)
{
	if (!f->has_last_updated)
		return UINT64_MAX;
	return f->now_ns > f->last_updated_ns ? (f->now_ns - f->last_updated_ns) / 1000000ULL : 0;
}

static const char *const color_names[] = {
	[SG_COLOR_GREEN] = "green",
	[SG_COLOR_YELLOW] = "yellow",
	[SG_COLOR_RED] = "red",
};

const char *sg_color_name(enum sg_color c)
{
	return (unsigned)c < SG_ARRAY_SIZE(color_names) ? color_names[c] : color_names[SG_COLOR_RED];
}

int sg_color_parse(const char *s, enum sg_color *c)
{
	for (size_t i = 0; s && i < SG_ARRAY_SIZE(color_names); i++)
		if (!strcmp(s, color_names[i])) {
			*c = (enum sg_color)i;
			return 0;
		}
	return -EINVAL;
}

const char *const sg_stale_modes[] = {
	[SG_STALE_FAILED] = "failed",
	[SG_STALE_DEGRADED] = "degraded",
	[SG_STALE_IGNORE] = "ignore",
	[SG_STALE_IGNORE + 1] = NULL,
};

const char *sg_stale_name(enum sg_stale_mode m)
{
	return (unsigned)m <= SG_STALE_IGNORE ? sg_stale_modes[m] : sg_stale_modes[SG_STALE_FAILED];
}

int sg_stale_parse(const char *s, enum sg_stale_mode *m)
{
	for (int i = 0; s && sg_stale_modes[i]; i++)
		if (!strcmp(s, sg_stale_modes[i])) {
			*m = (enum sg_stale_mode)i;
			return 0;
		}
	return -EINVAL;
}

int sg_limit_parse(const char *s, struct sg_limit *l)
{
	char num[16];
	size_t len;
	uint64_t v;
	int pct = 0;

	if (s == NULL)
		return -EINVAL;
	len = strlen(s);
	if (len > 0 && s[len - 1] == '%') {
		pct = 1;
		len--;
	}
	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len);
	num[len] = '\0';
	if (sg_parse_u64(num, 0, pct ? 100 : 100000, &v) != 0)
		return -EINVAL;
	l->value = (unsigned int)v;
	l->percent = pct;
	return 0;
}

unsigned int sg_limit_count(const struct sg_limit *l, unsigned int total)
{
	uint64_t n;

	if (l->value == 0)
		return 0;
	if (!l->percent)
		return l->value;
	n = ((uint64_t)total * l->value + 99) / 100;
	return n ? (unsigned int)n : 1;
}

void sg_samhealth_count(struct sg_samhealth_counts *c, enum sg_sp_status s, enum sg_stale_mode stale)
{
	enum sg_sp_severity sev = sg_sp_severity(s);

	if (s == SG_SP_STALE)
		sev = stale == SG_STALE_IGNORE ? SG_SEV_NONE : stale == SG_STALE_DEGRADED ? SG_SEV_DEGRADED
											 : SG_SEV_FAILED;
	switch (sev) {
	case SG_SEV_NONE:
		return;
	case SG_SEV_OK:
		c->ok++;
		break;
	case SG_SEV_DEGRADED:
		c->degraded++;
		break;
	case SG_SEV_FAILED:
		c->failed++;
		break;
	}
	c->watched++;
}

enum sg_color sg_samhealth_color(const struct sg_samhealth_counts *c, const struct sg_samhealth_limits *l)
{
	unsigned int red = sg_limit_count(&l->red, c->watched);
	unsigned int yellow = sg_limit_count(&l->yellow, c->watched);

	if (red && c->failed >= red)
		return SG_COLOR_RED;
	if (yellow && c->degraded + c->failed >= yellow)
		return SG_COLOR_YELLOW;
	return SG_COLOR_GREEN;
}
