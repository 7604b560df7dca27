/* SPDX-License-Identifier: GPL-2.0-or-later */
/* evidence.c - parsing and formatting of a hung daemon's evidence (see
 * evidence.h); pure: no I/O, so fixture text tests all of it. */
#include "evidence.h"

#include "procid.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_ev_init(struct sg_evidence *e)
{
	memset(e, 0, sizeof(*e));
	e->rss_kb = e->hwm_kb = e->mem_current = e->mem_max = -1;
}

int sg_ev_parse_task_stat(const char *text, struct sg_ev_task *t)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	struct sg_procstat st;
	size_t len;

	/* the fields: the one stat parser (lib/procid.c); comm here */
	if (open == NULL || close == NULL || close < open || sg_procstat_parse(text, strlen(text), &st) < 0)
		return -EINVAL;
	t->tid = atoi(text);
	t->state = st.state;
	t->utime = st.utime;
	t->stime = st.stime;
	len = (size_t)(close - open - 1);
	if (len >= sizeof(t->comm))
		len = sizeof(t->comm) - 1;
	memcpy(t->comm, open + 1, len);
	t->comm[len] = '\0';
	return 0;
}

int sg_ev_parse_status_kb(const char *text, const char *key, int64_t *kb)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		long long v;

		if (strncmp(l, key, kl) || l[kl] != ':')
			continue;
		if (sscanf(l + kl + 1, " %lld", &v) != 1 || v < 0)
			return -ENOENT;
		*kb = v;
		return 0;
	}
	return -ENOENT;
}

int sg_ev_parse_flat_key(const char *text, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long long x;

		if (strncmp(l, key, kl) || l[kl] != ' ')
			continue;
		if (sscanf(l + kl + 1, "%llu", &x) != 1)
			return -ENOENT;
		*v = x;
		return 0;
	}
	return -ENOENT;
}

/* A value a daemon controls, fit for one line of ours. */
static void clean(char *dst, size_t n, const char *src)
{
	size_t i = 0;

	for (; src && *src && i + 1 < n; src++, i++)
		dst[i] = ((unsigned char)*src < 0x20 || *src == 0x7f) ? ' ' : *src;
	if (n)
		dst[i] = '\0';
}

/* snprintf that appends at *len and never runs past n */
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*len + 1 >= n)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	*len += (size_t)w < n - *len ? (size_t)w : n - *len - 1;
}

static const char *wchan_or_dash(const struct sg_ev_task *t)
{
	return t->wchan[0] ? t->wchan : "-";
}

void sg_ev_summary(const struct sg_evidence *e, char *buf, size_t n)
{
	char tmp[1024], v[256];
	size_t len = 0;
	unsigned int done[SG_EV_TASKS_MAX] = { 0 }, groups = 0;

	clean(v, sizeof(v), e->reason);
	add(tmp, sizeof(tmp), &len, "%s", v);
	if (e->ntasks) {
		add(tmp, sizeof(tmp), &len, "; %u thread%s:", e->tasks_seen, e->tasks_seen == 1 ? "" : "s");
		/* threads grouped by state and wchan, in order of appearance */
		for (unsigned int i = 0; i < e->ntasks && groups < 4; i++) {
			unsigned int count = 0;
			char w[64];

			if (done[i])
				continue;
			for (unsigned int j = i; j < e->ntasks; j++) {
				if (!done[j] && e->task[j].state == e->task[i].state &&
				    !strcmp(e->task[j].wchan, e->task[i].wchan)) {
					done[j] = 1;
					count++;
				}
			}
			clean(w, sizeof(w), wchan_or_dash(&e->task[i]));
			add(tmp, sizeof(tmp), &len, "%s %c %s", groups ? "," : "", e->task[i].state, w);
			if (count > 1)
				add(tmp, sizeof(tmp), &len, " x%u", count);
			groups++;
		}
	}
	if (e->rss_kb >= 0)
		add(tmp, sizeof(tmp), &len, "; VmRSS %" PRId64 " kB", e->rss_kb);
	if (e->status[0]) {
		clean(v, sizeof(v), e->status);
		add(tmp, sizeof(tmp), &len, "; STATUS=%s", v);
	}
	clean(buf, n, tmp);
}

static void fmt_bytes(char *out, size_t n, int64_t v)
{
	if (v < 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%" PRId64 " bytes (%" PRId64 " kB)", v, v / 1024);
}

size_t sg_ev_format(const struct sg_evidence *e, char *buf, size_t n)
{
	char v[512];
	size_t len = 0;

	if (n == 0)
		return 0;
	buf[0] = '\0';
	sg_ev_summary(e, v, sizeof(v));
	add(buf, n, &len, "samguard failure record\nsummary: %s\n", v);
	clean(v, sizeof(v), e->reason);
	add(buf, n, &len, "reason: %s\n", v);
	clean(v, sizeof(v), e->name);
	add(buf, n, &len, "resource: %s\ninstance: %u\ntime: %s\n", v, e->instance, e->when);
	if (e->pid > 0)
		add(buf, n, &len, "pid: %d\n", e->pid);
	if (e->oom)
		add(buf, n, &len, "oom: killed by the OOM killer (memory.events oom_kill %" PRIu64 " -> %" PRIu64 ")\n",
		    e->oom_before, e->oom_after);
	if (e->ntasks || e->tasks_seen) {
		add(buf, n, &len, "threads: %u (%u recorded)\n", e->tasks_seen, e->ntasks);
		for (unsigned int i = 0; i < e->ntasks; i++) {
			const struct sg_ev_task *t = &e->task[i];
			char comm[40], w[72];

			clean(comm, sizeof(comm), t->comm);
			clean(w, sizeof(w), wchan_or_dash(t));
			add(buf, n, &len, "  tid %d state %c wchan %s utime %" PRIu64 " stime %" PRIu64 " comm %s\n",
			    t->tid, t->state, w, t->utime, t->stime, comm);
		}
	}
	add(buf, n, &len, "memory: VmRSS ");
	if (e->rss_kb >= 0)
		add(buf, n, &len, "%" PRId64 " kB", e->rss_kb);
	else
		add(buf, n, &len, "-");
	add(buf, n, &len, ", VmHWM ");
	if (e->hwm_kb >= 0)
		add(buf, n, &len, "%" PRId64 " kB", e->hwm_kb);
	else
		add(buf, n, &len, "-");
	fmt_bytes(v, sizeof(v), e->mem_current);
	add(buf, n, &len, "\ncgroup memory.current: %s\n", e->mem_current >= 0 ? v : "- (no memory controller)");
	if (e->mem_max >= 0) {
		fmt_bytes(v, sizeof(v), e->mem_max);
		add(buf, n, &len, "cgroup memory.max: %s\n", v);
	}
	if (e->has_cpu && e->clk_tck > 0)
		add(buf, n, &len, "cpu: utime %" PRIu64 " ticks (%.2f s), stime %" PRIu64 " ticks (%.2f s)\n", e->utime,
		    (double)e->utime / (double)e->clk_tck, e->stime, (double)e->stime / (double)e->clk_tck);
	clean(v, sizeof(v), e->status);
	add(buf, n, &len, "last STATUS=: %s\n", e->status[0] ? v : "(none)");
	if (e->after[0]) {
		clean(v, sizeof(v), e->after);
		add(buf, n, &len, "after: %s\n", v);
	}
	add(buf, n, &len, "capture: %" PRIu64 ".%03" PRIu64 " ms%s\n", e->capture_us / 1000, e->capture_us % 1000,
	    e->truncated ? " (budget exhausted: truncated)" : "");
	if (e->pid > 0 && !e->oom) {
		if (e->stack_err)
			add(buf, n, &len, "kernel stack: not readable (%s)\n", strerror(e->stack_err));
		else
			add(buf, n, &len, "kernel stack (/proc/%d/stack):\n%s%s", e->pid, e->stack,
			    e->stack[0] && e->stack[strlen(e->stack) - 1] != '\n' ? "\n" : "");
	}
	return len;
}
