/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samproc.c - join samguard resources with SAM entries, name and classify them. */
#include "samproc.h"

#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sg_samproc_make(const struct sg_sg_entry *sg, const struct sg_sam_entry *sam, uint64_t now_ns,
		     struct sg_samproc *p)
{
	memset(p, 0, sizeof(*p));
	p->sg = sg;
	p->sam = sam;
	if (sg)
		p->name = sg->name[0] ? sg->name : sg->rs.name;
	else
		p->name = sam->program;
	if (sam)
		p->pid = sam->pid;
	else if (sg->rs.supervisor_pid)
		p->pid = sg->rs.supervisor_pid;
	else if (sg->have_supervisor)
		p->pid = (uint32_t)sg->supervisor.pid;
	sg_sp_facts_from(sg, sam, now_ns, &p->facts);
	p->status = sg_sp_classify(&p->facts);
}

static int cmp_proc(const void *a, const void *b)
{
	const struct sg_samproc *x = a, *y = b;
	int c;

	if (!!x->sg != !!y->sg)
		return x->sg ? -1 : 1;
	if (x->sg && (c = strcmp(x->name, y->name)) != 0)
		return c;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

ssize_t sg_samprocs(const struct sg_table *t, uint64_t now_ns, struct sg_samproc **out)
{
	struct sg_samproc *v = calloc(t->nsg + t->nsam + 1, sizeof(*v));
	size_t n = 0;

	*out = v;
	if (v == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < t->nsg; i++)
		sg_samproc_make(&t->sg[i], t->sg[i].sam >= 0 ? &t->sam[t->sg[i].sam] : NULL, now_ns, &v[n++]);
	for (size_t i = 0; i < t->nsam; i++)
		if (t->sam[i].sg < 0)
			sg_samproc_make(NULL, &t->sam[i], now_ns, &v[n++]);
	qsort(v, n, sizeof(*v), cmp_proc);
	return (ssize_t)n;
}

int sg_samproc_stale(const struct sg_samproc *p)
{
	return p->facts.supervisor == SG_PROC_DEAD;
}

uint32_t sg_samproc_daemon_pid(const struct sg_samproc *p)
{
	if (p->sg)
		return p->sg->rs.daemon_pid;
	return p->sam && p->sam->exists && !p->sam->reused ? p->sam->child_pid : 0;
}

int64_t sg_samproc_interval_ms(const struct sg_samproc *p)
{
	if (p->sam && sg_sam_entry_has(p->sam, SG_SAM_KEY_POLL_PERIOD))
		return (int64_t)p->sam->ss.poll_period_ms;
	if (p->sg && sg_sg_entry_has(p->sg, SG_KEY_INTERVAL))
		return (int64_t)p->sg->rs.interval_ms;
	return -1;
}

const struct sg_samproc *sg_samprocs_find(const struct sg_samproc *v, size_t n, const char *key)
{
	uint64_t pid;

	if (key == NULL || *key == '\0')
		return NULL;
	if (sg_parse_u64(key, 1, UINT32_MAX, &pid) == 0) {
		for (size_t i = 0; i < n; i++)
			if (v[i].pid == pid)
				return &v[i];
		for (size_t i = 0; i < n; i++)
			if (sg_samproc_daemon_pid(&v[i]) == pid)
				return &v[i];
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		/* by the name the list shows: the "name" key when enc is not ours */
		if (v[i].sg && (!strcmp(v[i].name, key) || !strcmp(v[i].sg->enc, key)))
			return &v[i];
	return NULL;
}
