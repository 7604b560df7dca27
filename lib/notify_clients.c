/* SPDX-License-Identifier: GPL-2.0-or-later */
/* notify_clients.c - registered shim clients: deadlines, pings, counters. */
#include "notify_clients.h"

#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* microseconds to milliseconds, rounded up (1 us is 1 ms, not 0) */
static uint64_t usec_to_ms(uint64_t usec)
{
	return usec / 1000u + (usec % 1000u != 0);
}

/* a + b without wrapping past UINT64_MAX */
static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void sg_notify_clients_init(struct sg_notify_clients *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++)
		t->c[i].pidfd = -1;
}

struct sg_notify_client *sg_notify_clients_find(struct sg_notify_clients *t, pid_t pid)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++)
		if (t->c[i].used && t->c[i].pid == pid)
			return &t->c[i];
	return NULL;
}

int sg_notify_clients_add(struct sg_notify_clients *t, pid_t pid, uid_t uid, const char *api, uint64_t now,
		   struct sg_notify_client **out)
{
	size_t len = api ? strlen(api) : 0;

	if (len == 0 || len >= sizeof(t->c[0].api) || pid <= 0)
		return -EINVAL;
	if (sg_notify_clients_find(t, pid))
		return -EEXIST;
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++) {
		struct sg_notify_client *c = &t->c[i];

		if (c->used)
			continue;
		memset(c, 0, sizeof(*c));
		c->used = 1;
		c->pid = pid;
		c->uid = uid;
		c->pidfd = -1;
		memcpy(c->api, api, len + 1);
		c->last_beat = now;
		*out = c;
		return 0;
	}
	return -ENOSPC;
}

void sg_notify_clients_remove(struct sg_notify_client *c)
{
	memset(c, 0, sizeof(*c));
	c->pidfd = -1;
}

unsigned int sg_notify_clients_count(const struct sg_notify_clients *t)
{
	unsigned int n = 0;

	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++)
		n += t->c[i].used != 0;
	return n;
}

int sg_notify_client_validate(const struct sg_notify_msg *m)
{
	if (m->ext_invalid)
		return -EINVAL;
	if (m->has_check && m->check != SG_NOTIFY_CHECK_NONE) {
		if (!m->has_check_usec || !m->has_check_timeout_usec)
			return -EINVAL;
		if (m->check == SG_NOTIFY_CHECK_COUNTER && !m->has_counter)
			return -EINVAL;
		if (m->check == SG_NOTIFY_CHECK_PING && !sg_notify_can_answer(m))
			return -EINVAL;
	}
	return 0;
}

/* A heartbeat from c at now. */
static void beat(struct sg_notify_client *c, uint64_t now, struct sg_notify_client_effects *fx)
{
	if (c->warn_ms && now - c->last_beat > c->warn_ms)
		fx->late_ms = now - c->last_beat;
	c->last_beat = now;
	if (c->wd_ms)
		c->wd_deadline = add_sat(now, c->wd_ms);
}

int sg_notify_client_apply(struct sg_notify_client *c, const struct sg_notify_msg *m, int may_escalate, uint64_t now,
		    struct sg_notify_client_effects *fx)
{
	int rc = 0;

	memset(fx, 0, sizeof(*fx));
	fx->pong_ms = -1;
	if (m->has_name)
		memcpy(c->name, m->name, sizeof(c->name));
	if (m->has_warn_usec)
		c->warn_ms = usec_to_ms(m->warn_usec);
	if (m->watchdog_off)
		c->wd_ms = 0;
	if (m->has_watchdog_usec) {
		/* a new period re-arms the deadline, as apphbd did */
		c->wd_ms = usec_to_ms(m->watchdog_usec);
		beat(c, now, fx);
	}
	if (m->watchdog)
		beat(c, now, fx);
	if (m->has_escalate) {
		if (m->escalate && !may_escalate)
			rc = -EPERM;
		else
			c->escalate = m->escalate;
	}
	if (m->has_check && m->check == SG_NOTIFY_CHECK_NONE) {
		c->check = SG_NOTIFY_CHECK_NONE;
		c->ping_outstanding = 0;
	} else if (m->has_check) {
		c->check = m->check;
		c->check_ms = usec_to_ms(m->check_usec);
		c->check_timeout_ms = usec_to_ms(m->check_timeout_usec);
		c->ping_outstanding = 0;
		if (c->check == SG_NOTIFY_CHECK_PING) {
			c->addr = m->from;
			c->addrlen = m->fromlen;
			c->next_check = add_sat(now, c->check_ms);
		} else {
			c->counter_addr = m->counter_addr;
			c->counter_len = m->counter_len;
			c->counter_valid = 0;
			c->counter_changed = now;
			c->next_check = now; /* the first sample is the baseline */
		}
	}
	if (m->has_pong) {
		if (c->ping_outstanding && m->pong == c->ping_seq) {
			c->ping_outstanding = 0;
			fx->pong_ms = (int)min_u64(now - c->ping_sent, INT32_MAX);
			/* keep the rhythm; a late answer gets the next ping at once */
			c->next_check = add_sat(c->ping_sent, c->check_ms);
		} else {
			fx->stale_pong = 1;
		}
	}
	return rc;
}

struct sg_notify_client *sg_notify_clients_overdue(struct sg_notify_clients *t, uint64_t now, char *why, size_t n)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++) {
		struct sg_notify_client *c = &t->c[i];
		char who[128];

		if (!c->used || c->gone)
			continue;
		sg_notify_client_describe(c, who, sizeof(who));
		if (c->wd_ms && now > c->wd_deadline) {
			snprintf(why, n, "%s sent no heartbeat within %llu ms (hung?)", who,
				 (unsigned long long)c->wd_ms);
			return c;
		}
		if (c->check == SG_NOTIFY_CHECK_PING && c->ping_outstanding && now > c->ping_deadline) {
			snprintf(why, n, "%s did not answer a responsiveness ping within %llu ms (dispatch loop blocked?)",
				 who, (unsigned long long)c->check_timeout_ms);
			return c;
		}
		if (c->check == SG_NOTIFY_CHECK_COUNTER &&
		    now - c->counter_changed > add_sat(c->check_ms, c->check_timeout_ms)) {
			snprintf(why, n, "%s did not advance its responsiveness counter within %llu ms", who,
				 (unsigned long long)add_sat(c->check_ms, c->check_timeout_ms));
			return c;
		}
	}
	return NULL;
}

struct sg_notify_client *sg_notify_clients_ping_due(struct sg_notify_clients *t, uint64_t now)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++) {
		struct sg_notify_client *c = &t->c[i];

		if (!c->used || c->gone || c->check != SG_NOTIFY_CHECK_PING || c->ping_outstanding || now < c->next_check)
			continue;
		c->ping_seq++;
		c->ping_outstanding = 1;
		c->ping_sent = now;
		c->ping_deadline = add_sat(now, c->check_timeout_ms);
		return c;
	}
	return NULL;
}

struct sg_notify_client *sg_notify_clients_sample_due(struct sg_notify_clients *t, uint64_t now)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++) {
		struct sg_notify_client *c = &t->c[i];

		if (c->used && !c->gone && c->check == SG_NOTIFY_CHECK_COUNTER && now >= c->next_check)
			return c;
	}
	return NULL;
}

void sg_notify_client_sample(struct sg_notify_client *c, const void *value, uint64_t now)
{
	if (value != NULL) {
		if (!c->counter_valid || memcmp(c->counter_value, value, c->counter_len) != 0)
			c->counter_changed = now;
		memcpy(c->counter_value, value, c->counter_len);
		c->counter_valid = 1;
	}
	c->next_check = add_sat(now, c->check_ms);
}

uint64_t sg_notify_clients_next_wake(const struct sg_notify_clients *t)
{
	uint64_t w = UINT64_MAX;

	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++) {
		const struct sg_notify_client *c = &t->c[i];

		if (!c->used || c->gone)
			continue;
		if (c->wd_ms)
			w = min_u64(w, add_sat(c->wd_deadline, 1));
		if (c->check == SG_NOTIFY_CHECK_PING)
			w = min_u64(w, c->ping_outstanding ? add_sat(c->ping_deadline, 1) : c->next_check);
		if (c->check == SG_NOTIFY_CHECK_COUNTER)
			w = min_u64(w, min_u64(c->next_check,
					       add_sat(add_sat(c->counter_changed, add_sat(c->check_ms, c->check_timeout_ms)), 1)));
	}
	return w;
}

const struct sg_notify_client *sg_notify_clients_escalating(const struct sg_notify_clients *t)
{
	for (size_t i = 0; i < SG_ARRAY_SIZE(t->c); i++)
		if (t->c[i].used && t->c[i].escalate)
			return &t->c[i];
	return NULL;
}

const char *sg_notify_client_describe(const struct sg_notify_client *c, char *buf, size_t n)
{
	if (c->name[0])
		snprintf(buf, n, "%s client '%s' (pid %d)", c->api, c->name, (int)c->pid);
	else
		snprintf(buf, n, "%s client (pid %d)", c->api, (int)c->pid);
	return buf;
}
