/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samcleanup.c - find and delete provably stale SAM and samguard keys. */
#include "samcleanup.h"

#include "cmapdelete.h"
#include "samscan.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sg_cleanup_decide_samguard(int have_supervisor, enum sg_proc live, const struct sg_procid *id,
			       int from_file, uint32_t child_pid, int child_connected, char *why, size_t n)
{
	if (!have_supervisor) {
		snprintf(why, n, "kept: no supervisor recorded (neither in cmap nor in a run-state file)");
		return 0;
	}
	if (live != SG_PROC_DEAD) {
		snprintf(why, n, "kept: supervisor pid %d is alive", (int)id->pid);
		return 0;
	}
	if (child_connected > 0) {
		snprintf(why, n, "kept: corosync still holds a connection from its SAM child pid %" PRIu32,
			 child_pid);
		return 0;
	}
	snprintf(why, n, "supervisor pid %d with start time %" PRIu64 " (%s) no longer exists", (int)id->pid,
		 id->start, from_file ? "run-state file" : "cmap");
	return 1;
}

int sg_cleanup_decide_sam(uint32_t pid, int exists, int reused, int connected, int same_pidns, char *why,
			  size_t n)
{
	if (exists && !reused) {
		snprintf(why, n, "kept: pid %" PRIu32 " is alive and may be the SAM parent", pid);
		return 0;
	}
	if (same_pidns != 1) {
		snprintf(why, n, "kept: cannot tell whether corosync sees pid %" PRIu32 " as we do (pid namespace)",
			 pid);
		return 0;
	}
	if (connected != 0) {
		snprintf(why, n, connected > 0 ? "kept: corosync still holds a connection from pid %" PRIu32
					       : "kept: cannot read corosync's connections for pid %" PRIu32,
			 pid);
		return 0;
	}
	snprintf(why, n, exists ? "pid %" PRIu32 " was reused after the last SAM update, no connection from it"
				: "no process %" PRIu32 " and no corosync connection from it",
		 pid);
	return 1;
}

static int grow(struct sg_cleanup_item **v, size_t *cap, size_t n)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, (*cap ? *cap * 2 : 16) * sizeof(**v));
	if (p == NULL)
		return -ENOMEM;
	*v = p;
	*cap = *cap ? *cap * 2 : 16;
	return 0;
}

ssize_t sg_cleanup_plan(cmap_handle_t stats, const struct sg_samproc *v, size_t n, struct sg_cleanup_item **items)
{
	struct sg_cleanup_item *out = NULL;
	size_t cnt = 0, cap = 0;
	int same_ns = -1;

	for (size_t i = 0; i < n; i++) {
		const struct sg_samproc *p = &v[i];

		/* a live or unchecked supervisor leaves nothing to clean */
		if (p->facts.supervisor == SG_PROC_ALIVE && !(p->sam && (!p->sam->exists || p->sam->reused)))
			continue;
		if (p->sg && p->facts.supervisor != SG_PROC_ALIVE) {
			struct sg_cleanup_item *it;
			uint32_t child = p->sg->rs.child_pid;
			int child_conn = -1;

			if (child > 0) {
				if (same_ns < 0)
					same_ns = sg_scan_same_pidns(stats);
				if (same_ns == 1)
					child_conn = sg_scan_connected(stats, child);
			}
			if (grow(&out, &cap, cnt) < 0)
				goto nomem;
			it = &out[cnt++];
			memset(it, 0, sizeof(*it));
			it->kind = SG_CLEAN_SAMGUARD;
			snprintf(it->prefix, sizeof(it->prefix), SG_CMAP_PREFIX "%s.", p->sg->enc);
			sg_strlcpy(it->name, p->name, sizeof(it->name));
			it->pid = p->pid;
			it->supervisor = p->sg->supervisor;
			it->delete = sg_cleanup_decide_samguard(p->sg->have_supervisor, p->sg->supervisor_live,
								&p->sg->supervisor, p->sg->supervisor_from_file, child,
								child_conn, it->why, sizeof(it->why));
		}
		if (p->sam && (!p->sam->exists || p->sam->reused)) {
			struct sg_cleanup_item *it;
			int conn;

			if (same_ns < 0)
				same_ns = sg_scan_same_pidns(stats);
			conn = same_ns == 1 ? sg_scan_connected(stats, p->sam->pid) : -1;
			if (conn < 0)
				conn = -1;
			if (grow(&out, &cap, cnt) < 0)
				goto nomem;
			it = &out[cnt++];
			memset(it, 0, sizeof(*it));
			it->kind = SG_CLEAN_SAM;
			snprintf(it->prefix, sizeof(it->prefix), SG_SAM_PREFIX "%" PRIu32 ".", p->sam->pid);
			sg_strlcpy(it->name, p->name, sizeof(it->name));
			it->pid = p->sam->pid;
			it->has_last_updated = p->sam->ss.has_last_updated;
			it->last_updated_ns = p->sam->ss.last_updated_ns;
			it->delete = sg_cleanup_decide_sam(p->sam->pid, p->sam->exists, p->sam->reused, conn,
							   same_ns < 0 ? -1 : same_ns, it->why, sizeof(it->why));
		}
	}
	*items = out;
	return (ssize_t)cnt;
nomem:
	free(out);
	*items = NULL;
	return -ENOMEM;
}

/* Read one u64-ish key as text; returns 0, -ENOENT or -errno. */
static int get_u64(cmap_handle_t h, const char *key, uint64_t *v)
{
	char raw[64], text[64];
	size_t len = sizeof(raw);
	cmap_value_types_t type;
	cs_error_t err = sg_kv_get(h, key, raw, &len, &type);

	if (err != CS_OK)
		return sg_cs_errno(err);
	if (sg_cmap_value_text(raw, len, type, text, sizeof(text)) != 0 ||
	    sg_parse_u64(text, 0, UINT64_MAX, v) != 0)
		return -EINVAL;
	return 0;
}

/* Is the item still provably stale? 1 yes, 0 no (why updated), -errno. */
static int recheck(cmap_handle_t h, cmap_handle_t stats, struct sg_cleanup_item *it)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	uint64_t v;
	int rc;

	if (it->kind == SG_CLEAN_SAMGUARD) {
		struct sg_procid now = it->supervisor;

		/* a new supervisor for the same name rewrites these two keys */
		snprintf(key, sizeof(key), "%s%s", it->prefix, SG_KEY_SUPERVISOR_PID);
		rc = get_u64(h, key, &v);
		if (rc == 0)
			now.pid = (pid_t)v;
		else if (rc != -ENOENT)
			return rc;
		snprintf(key, sizeof(key), "%s%s", it->prefix, SG_KEY_SUPERVISOR_START);
		rc = get_u64(h, key, &v);
		if (rc == 0)
			now.start = v;
		else if (rc != -ENOENT)
			return rc;
		if (now.pid != it->supervisor.pid || now.start != it->supervisor.start || sg_procid_alive(&now)) {
			snprintf(it->why, sizeof(it->why), "kept: a new supervisor (pid %d) took over meanwhile",
				 (int)now.pid);
			return 0;
		}
		return 1;
	} else {
		struct sg_sam_entry e;

		memset(&e, 0, sizeof(e));
		e.pid = it->pid;
		snprintf(key, sizeof(key), "%slast_updated", it->prefix);
		rc = get_u64(h, key, &v);
		if (rc == 0) {
			e.ss.has_last_updated = 1;
			e.ss.last_updated_ns = v;
		} else if (rc != -ENOENT) {
			return rc;
		}
		if (e.ss.has_last_updated != it->has_last_updated || e.ss.last_updated_ns != it->last_updated_ns) {
			snprintf(it->why, sizeof(it->why), "kept: SAM updated the keys meanwhile");
			return 0;
		}
		sg_scan_probe_sam(&e, 0, 0);
		rc = sg_scan_connected(stats, it->pid);
		return sg_cleanup_decide_sam(it->pid, e.exists, e.reused, rc < 0 ? -1 : rc, 1, it->why,
					     sizeof(it->why));
	}
}

unsigned int sg_cleanup_run(cmap_handle_t h, cmap_handle_t stats, struct sg_cleanup_item *items, size_t n)
{
	unsigned int failed = 0;

	for (size_t i = 0; i < n; i++) {
		struct sg_cleanup_item *it = &items[i];
		int rc;

		if (!it->delete)
			continue;
		rc = recheck(h, stats, it);
		if (rc <= 0) {
			it->delete = 0;
			if (rc < 0) {
				it->error = rc;
				failed++;
			}
			continue;
		}
		rc = sg_cmap_delete_prefix(h, it->prefix);
		if (rc < 0) {
			it->error = rc;
			failed++;
		} else {
			it->done = 1;
		}
	}
	return failed;
}
