/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nodehealth.c - count and judge the watched SAM processes. */
#include "nodehealth.h"

#include "samscan.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append "name status" for the processes of one severity. */
static size_t list_some(char *buf, size_t n, size_t o, const struct sg_samproc *v, size_t cnt,
			const struct sg_namefilter *f, enum sg_stale_mode stale, int want_failed)
{
	for (size_t i = 0; i < cnt && o + 1 < n; i++) {
		struct sg_samhealth_counts c = { 0 };
		int w;

		if (!sg_namefilter_match(f, v[i].name))
			continue;
		sg_samhealth_count(&c, v[i].status, stale);
		if (want_failed ? c.failed == 0 : c.degraded == 0)
			continue;
		w = snprintf(buf + o, n - o, "%s%s %s", o && buf[o - 1] != ' ' ? ", " : "",
			     v[i].name[0] ? v[i].name : "(unknown)", sg_sp_status_name(v[i].status));
		if (w < 0 || (size_t)w >= n - o) {
			buf[o] = '\0';
			break;
		}
		o += (size_t)w;
	}
	return o;
}

void sg_node_health_judge(const struct sg_samproc *v, size_t n, const struct sg_namefilter *f,
			  const struct sg_samhealth_limits *l, struct sg_node_health *out)
{
	size_t o;
	int w;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (sg_namefilter_match(f, v[i].name))
			sg_samhealth_count(&out->counts, v[i].status, l->stale);
	out->color = sg_samhealth_color(&out->counts, l);
	w = snprintf(out->summary, sizeof(out->summary), "%u failed, %u degraded of %u watched",
		     out->counts.failed, out->counts.degraded, out->counts.watched);
	o = w > 0 ? (size_t)w : 0;
	if (out->counts.failed + out->counts.degraded == 0)
		return;
	o += (size_t)snprintf(out->summary + o, sizeof(out->summary) - o, ": ");
	o = list_some(out->summary, sizeof(out->summary), o, v, n, f, l->stale, 1);
	list_some(out->summary, sizeof(out->summary), o, v, n, f, l->stale, 0);
}

int sg_node_health_read(const struct sg_namefilter *f, const struct sg_samhealth_limits *l,
			struct sg_node_health *out)
{
	struct sg_table t;
	struct sg_samproc *v = NULL;
	cmap_handle_t h;
	ssize_t n;
	int rc = sg_cmap_connect(&h);

	if (rc < 0)
		return rc;
	sg_table_init(&t);
	rc = sg_scan(h, SG_SCAN_SUMMARY, &t, NULL);
	sg_kv_finalize(h);
	if (rc == 0) {
		n = sg_samprocs(&t, sg_now_mono_ns(), &v);
		if (n < 0)
			rc = (int)n;
		else
			sg_node_health_judge(v, (size_t)n, f, l, out);
	}
	free(v);
	sg_table_free(&t);
	return rc;
}
