/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samwatch.c - cmap tracking, pidfds and a timer, rendered as change lines. */
#include "samwatch.h"

#include "json.h"
#include "samproc.h"
#include "samreport.h"
#include "samlive.h"
#include "samscan.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SIG_MAX 1200

/* What was last printed for one process. */
struct shown {
	char id[SG_NAME_ENC_MAX + 8];       /* "r:<enc>" or "p:<pid>" */
	char sig[SIG_MAX];
	char name[SG_NAME_MAX + SG_PROGRAM_MAX + 1];
	uint32_t pid;
};

struct watch {
	const struct sg_watch_opts *o;
	struct sg_live live;
	struct shown *shown;
	size_t nshown;
};

static int cmp_shown(const void *a, const void *b)
{
	return strcmp(((const struct shown *)a)->id, ((const struct shown *)b)->id);
}

/* Everything the list shows except the ages, which change all the time. */
static void signature(const struct sg_samproc *p, char *buf, size_t n)
{
	const struct sg_sg_entry *sg = p->sg;
	const struct sg_sam_entry *sam = p->sam;

	snprintf(buf, n, "%s|%" PRIu32 "|%" PRIu32 "|%s|%s|%s|%s|%" PRId64 "|%" PRIu32 "|%u|%s|%d", p->name, p->pid,
		 sg_samproc_daemon_pid(p), sg_sp_status_name(p->status), sg && sg->rs.state[0] ? sg->rs.state : "",
		 sam ? sam->ss.state : "", sg ? sg->rs.health : "", sg_samproc_interval_ms(p), sg ? sg->rs.restarts : 0,
		 p->facts.restarts_recent, sg ? sg->rs.last_failure : "", sg_samproc_stale(p));
}

static uint64_t now_unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000ULL + (uint64_t)ts.tv_nsec / 1000000ULL;
}

static void stamp(FILE *f)
{
	struct timespec ts;
	struct tm tm;
	char buf[16];

	clock_gettime(CLOCK_REALTIME, &ts);
	strftime(buf, sizeof(buf), "%H:%M:%S", localtime_r(&ts.tv_sec, &tm));
	fprintf(f, "%s.%03ld ", buf, ts.tv_nsec / 1000000L);
}

static void emit_update(struct watch *w, const struct sg_samproc *p, int name_width)
{
	FILE *f = w->o->out;

	if (w->o->json) {
		struct sg_json j;

		sg_json_init(&j, f, 0);
		sg_json_object_begin(&j, NULL);
		sg_json_str(&j, "event", "update");
		sg_json_u64(&j, "time_ms", now_unix_ms());
		sg_report_proc_json(&j, "process", p, 0);
		sg_json_object_end(&j);
		sg_json_finish(&j);
	} else {
		stamp(f);
		sg_report_row_text(f, p, name_width, 8);
	}
}

static void emit_remove(struct watch *w, const struct shown *s)
{
	FILE *f = w->o->out;

	if (w->o->json) {
		struct sg_json j;

		sg_json_init(&j, f, 0);
		sg_json_object_begin(&j, NULL);
		sg_json_str(&j, "event", "remove");
		sg_json_u64(&j, "time_ms", now_unix_ms());
		sg_json_str(&j, "name", s->name[0] ? s->name : NULL);
		if (s->pid)
			sg_json_u64(&j, "pid", s->pid);
		else
			sg_json_null(&j, "pid");
		sg_json_object_end(&j);
		sg_json_finish(&j);
	} else {
		stamp(f);
		fprintf(f, "%s (pid %" PRIu32 "): gone from cmap\n", s->name[0] ? s->name : "-", s->pid);
	}
}

/* Build the list, print what differs from what was shown. first: print
 * the whole list as the initial snapshot. */
static int render(struct watch *w, int first)
{
	struct sg_samproc *v;
	struct shown *now;
	ssize_t n = sg_samprocs(&w->live.t, sg_now_mono_ns(), &v);
	size_t i, k = 0;

	if (n < 0)
		return (int)n;
	now = calloc((size_t)n + 1, sizeof(*now));
	if (now == NULL) {
		free(v);
		return -ENOMEM;
	}
	for (i = 0; i < (size_t)n; i++) {
		if (v[i].sg)
			snprintf(now[i].id, sizeof(now[i].id), "r:%s", v[i].sg->enc);
		else
			snprintf(now[i].id, sizeof(now[i].id), "p:%" PRIu32, v[i].pid);
		signature(&v[i], now[i].sig, sizeof(now[i].sig));
		sg_strlcpy(now[i].name, v[i].name, sizeof(now[i].name));
		now[i].pid = v[i].pid;
	}
	if (first) {
		if (w->o->json)
			sg_report_list_json(w->o->out, v, (size_t)n, 0);
		else
			sg_report_list_text(w->o->out, v, (size_t)n);
	} else {
		for (i = 0; i < (size_t)n; i++) {
			struct shown *old = w->nshown ? bsearch(&now[i], w->shown, w->nshown, sizeof(*w->shown), cmp_shown)
						      : NULL;

			if (old == NULL || strcmp(old->sig, now[i].sig))
				emit_update(w, &v[i], 16);
		}
		/* what was shown and is gone */
		qsort(now, (size_t)n, sizeof(*now), cmp_shown);
		for (i = 0; i < w->nshown; i++) {
			while (k < (size_t)n && strcmp(now[k].id, w->shown[i].id) < 0)
				k++;
			if (k >= (size_t)n || strcmp(now[k].id, w->shown[i].id))
				emit_remove(w, &w->shown[i]);
		}
	}
	if (first)
		qsort(now, (size_t)n, sizeof(*now), cmp_shown);
	free(w->shown);
	w->shown = now;
	w->nshown = (size_t)n;
	free(v);
	fflush(w->o->out);
	return 0;
}

int sg_watch_run(cmap_handle_t h, const struct sg_watch_opts *o)
{
	struct watch w;
	uint64_t tick = o->tick_ms ? o->tick_ms : 1000, next_tick;
	int rc;

	memset(&w, 0, sizeof(w));
	w.o = o;
	rc = sg_live_open(&w.live, h, 1);
	if (rc < 0)
		return rc;
	rc = render(&w, 1);
	next_tick = sg_now_mono_ms() + tick;
	while (rc == 0 && !*o->stop) {
		size_t n = sg_live_nfds(&w.live);
		struct pollfd *pfd = calloc(n, sizeof(*pfd));
		uint64_t now = sg_now_mono_ms();
		int k;

		if (pfd == NULL) {
			rc = -ENOMEM;
			break;
		}
		n = sg_live_pollfds(&w.live, pfd, n);
		k = poll(pfd, (nfds_t)n, now >= next_tick ? 0 : (int)(next_tick - now));
		if (k < 0 && errno != EINTR)
			rc = -errno;
		else if (k > 0)
			rc = sg_live_handle(&w.live, pfd, n);
		free(pfd);
		if (rc < 0)
			break;
		if (sg_now_mono_ms() >= next_tick) {
			/* the tick (even under a stream of events): heartbeat
			 * ages; without pidfds, liveness too */
			sg_live_settle(&w.live, w.live.no_pidfd);
			w.live.changed = 1;
			next_tick = sg_now_mono_ms() + tick;
		}
		if (w.live.changed) {
			sg_live_settle(&w.live, 0);
			rc = render(&w, 0);
			w.live.changed = 0;
		}
	}
	sg_live_close(&w.live);
	free(w.shown);
	return rc;
}
