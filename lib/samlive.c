/* SPDX-License-Identifier: GPL-2.0-or-later */
/* samlive.c - a table of SAM processes kept current by cmap tracking and pidfds. */
#include "samlive.h"

#include "colocate.h"
#include "samscan.h"
#include "util.h"
#include "kv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Remember to read the rest of pid's keys again (after dispatching). */
static void want_reread(struct sg_live *l, uint32_t pid)
{
	if (l->nreread == l->capreread) {
		size_t cap = l->capreread ? l->capreread * 2 : 16;
		void *p = realloc(l->reread, cap * sizeof(*l->reread));

		if (p == NULL) {
			l->error = -ENOMEM;
			return;
		}
		l->reread = p;
		l->capreread = cap;
	}
	l->reread[l->nreread++] = pid;
}

/* cmap_track callback: apply one change to the table. */
static void on_change(cmap_handle_t h, cmap_track_handle_t th, int32_t event, const char *key,
		      struct cmap_notify_value nv, struct cmap_notify_value ov, void *ctx)
{
	struct sg_live *l = ctx;
	struct sg_key_parts kp;
	char text[1024];
	int rc;

	(void)h;
	(void)th;
	(void)ov;
	if (sg_key_parse(key, &kp) == SG_KEYKIND_OTHER)
		return;
	if (kp.kind == SG_KEYKIND_SAM && !strcmp(kp.leaf, SG_SAM_KEY_STATE) && !l->track_sam_modify) {
		if (event == CMAP_TRACK_MODIFY)
			want_reread(l, kp.pid);
		else
			l->tracks_dirty = 1;
	}
	if (event == CMAP_TRACK_DELETE) {
		sg_table_unset(&l->t, key);
		l->changed = 1;
		return;
	}
	rc = sg_cmap_value_text(nv.data, nv.len, nv.type, text, sizeof(text));
	if (sg_table_set(&l->t, key, rc == -EINVAL ? NULL : text) == -ENOMEM) {
		l->error = -ENOMEM;
		return;
	}
	if (kp.kind == SG_KEYKIND_SAM && !strcmp(kp.leaf, SG_SAM_KEY_LAST_UPDATED) && event == CMAP_TRACK_MODIFY)
		return;                         /* a heartbeat */
	l->changed = 1;
	/* probe the entry again: its identities may have changed */
	if (kp.kind == SG_KEYKIND_SAM) {
		struct sg_sam_entry *e = sg_table_find_sam(&l->t, kp.pid);

		if (e)
			e->probed = 0;
	} else {
		struct sg_sg_entry *e = sg_table_find_sg(&l->t, kp.enc);

		if (e)
			e->probed = 0;
	}
}

static int reread(struct sg_live *l, uint32_t pid, const char *leaf, char *text, size_t n);

static int pidfd_open_(uint32_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Keep one pidfd per live supervisor (sorted by pid). */
static void sync_pidfds(struct sg_live *l)
{
	size_t want = 0, o = 0, k = 0, i;
	struct sg_live_pid *nw;
	uint32_t *pids;

	if (l->no_pidfd)
		return;
	pids = calloc(l->t.nsam + l->t.nsg + 1, sizeof(*pids));
	if (pids == NULL)
		return;
	for (i = 0; i < l->t.nsam; i++)
		if (l->t.sam[i].exists && !l->t.sam[i].reused)
			pids[want++] = l->t.sam[i].pid;
	for (i = 0; i < l->t.nsg; i++)
		if (l->t.sg[i].supervisor_live == SG_PROC_ALIVE)
			pids[want++] = (uint32_t)l->t.sg[i].supervisor.pid;
	qsort(pids, want, sizeof(*pids), cmp_u32);
	nw = calloc(want + 1, sizeof(*nw));
	if (nw == NULL) {
		free(pids);
		return;
	}
	/* merge: keep the fds still wanted, close the others, open the new */
	for (i = 0; i < want; i++) {
		if (i > 0 && pids[i] == pids[i - 1])
			continue;
		while (k < l->npw && l->pw[k].pid < pids[i])
			close(l->pw[k++].fd);
		if (k < l->npw && l->pw[k].pid == pids[i]) {
			nw[o++] = l->pw[k++];
			continue;
		}
		nw[o].fd = pidfd_open_(pids[i]);
		if (nw[o].fd < 0) {
			if (errno == ENOSYS || errno == EMFILE || errno == ENFILE)
				l->no_pidfd = 1;
			continue;
		}
		nw[o++].pid = pids[i];
	}
	while (k < l->npw)
		close(l->pw[k++].fd);
	free(l->pw);
	l->pw = nw;
	l->npw = o;
	free(pids);
	if (l->no_pidfd) {
		for (i = 0; i < l->npw; i++)
			close(l->pw[i].fd);
		l->npw = 0;
	}
}

/* Keep one exact track per resources.process.<pid>.state (sorted by pid),
 * so that a state change arrives without the heartbeats around it. A new
 * track is followed by a read of the key: a change just before it counts. */
static int sync_tracks(struct sg_live *l)
{
	struct sg_live_track *nw;
	size_t k = 0, o = 0;
	int rc = 0;

	l->tracks_dirty = 0;
	if (l->track_sam_modify)
		return 0;
	nw = calloc(l->t.nsam + 1, sizeof(*nw));
	if (nw == NULL)
		return -ENOMEM;
	/* merge the wanted pids (sorted) with the tracks we hold (sorted) */
	for (size_t i = 0; i < l->t.nsam; i++) {
		uint32_t pid = l->t.sam[i].pid;
		char key[CMAP_KEYNAME_MAXLEN + 1];
		cs_error_t err;

		if (!sg_sam_entry_has(&l->t.sam[i], SG_SAM_KEY_STATE))
			continue;
		while (k < l->nst && l->st[k].pid < pid)
			sg_kv_track_delete(l->h, l->st[k++].th);
		if (k < l->nst && l->st[k].pid == pid) {
			nw[o++] = l->st[k++];
			continue;
		}
		if (rc < 0)
			continue;           /* retried at the next change */
		snprintf(key, sizeof(key), SG_SAM_PREFIX "%" PRIu32 ".%s", pid, SG_SAM_KEY_STATE);
		err = sg_kv_track_add(l->h, key, CMAP_TRACK_MODIFY, on_change, l, &nw[o].th);
		if (err != CS_OK) {
			rc = sg_cs_errno(err);
			l->tracks_dirty = 1;
			continue;
		}
		nw[o++].pid = pid;
		want_reread(l, pid);
	}
	while (k < l->nst)
		sg_kv_track_delete(l->h, l->st[k++].th);
	free(l->st);
	l->st = nw;
	l->nst = o;
	return rc;
}

/* Read again everything of the pids whose state changed. */
static int do_rereads(struct sg_live *l)
{
	static const char *const leaves[] = { SG_SAM_KEY_STATE, SG_SAM_KEY_POLL_PERIOD, SG_SAM_KEY_RECOVERY };
	char text[1024];
	int rc = 0;

	for (size_t i = 0; i < l->nreread && rc == 0; i++) {
		struct sg_sam_entry *e;

		for (size_t k = 0; k < SG_ARRAY_SIZE(leaves); k++) {
			int r = reread(l, l->reread[i], leaves[k], text, sizeof(text));

			if (r < 0 && r != -ENOENT && r != -EINVAL) {
				rc = r;
				break;
			}
		}
		e = sg_table_find_sam(&l->t, l->reread[i]);
		if (e)
			e->probed = 0;
		l->changed = 1;
	}
	l->nreread = 0;
	return rc;
}

void sg_live_settle(struct sg_live *l, int all)
{
	for (size_t i = 0; i < l->t.nsg; i++)
		if (all || !l->t.sg[i].probed)
			sg_scan_probe_sg(&l->t.sg[i]);
	sg_table_link(&l->t);
	for (size_t i = 0; i < l->t.nsam; i++)
		if (all || !l->t.sam[i].probed)
			sg_scan_probe_sam(&l->t.sam[i], l->t.sam[i].sg < 0, 1);
	sync_pidfds(l);
}

int sg_live_open(struct sg_live *l, cmap_handle_t h, int track_sam_modify)
{
	static const char *const prefixes[] = { SG_SAM_PREFIX, SG_CMAP_PREFIX };
	struct rlimit rl;
	cs_error_t err;
	int rc;

	memset(l, 0, sizeof(*l));
	l->h = h;
	l->track_sam_modify = track_sam_modify;
	sg_table_init(&l->t);
	/* one pidfd per supervisor */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* track first, then read: a change between the two arrives as a
	 * notification and is applied over what the scan read */
	for (; l->ntracks < 2; l->ntracks++) {
		int32_t type = CMAP_TRACK_ADD | CMAP_TRACK_DELETE | CMAP_TRACK_PREFIX;

		if (l->ntracks == 1 || track_sam_modify)
			type |= CMAP_TRACK_MODIFY;
		err = sg_kv_track_add(h, prefixes[l->ntracks], type, on_change, l, &l->th[l->ntracks]);
		if (err != CS_OK) {
			rc = sg_cs_errno(err);
			goto fail;
		}
	}
	err = sg_kv_fd_get(h, &l->cmap_fd);
	if (err != CS_OK) {
		rc = sg_cs_errno(err);
		goto fail;
	}
	rc = sg_scan(h, SG_SCAN_FULL, &l->t, NULL);
	if (rc < 0)
		goto fail;
	rc = sync_tracks(l);
	if (rc < 0)
		goto fail;
	l->nreread = 0;     /* the scan just read them */
	sync_pidfds(l);
	return 0;
fail:
	sg_live_close(l);
	return rc;
}

size_t sg_live_nfds(const struct sg_live *l)
{
	return l->npw + 1;
}

size_t sg_live_pollfds(const struct sg_live *l, struct pollfd *pfd, size_t max)
{
	size_t n = 0;

	if (max == 0)
		return 0;
	pfd[n++] = (struct pollfd){ .fd = l->cmap_fd, .events = POLLIN };
	for (size_t i = 0; i < l->npw && n < max; i++)
		pfd[n++] = (struct pollfd){ .fd = l->pw[i].fd, .events = POLLIN };
	return n;
}

int sg_live_dispatch(struct sg_live *l)
{
	cs_error_t err = sg_kv_dispatch(l->h, CS_DISPATCH_ALL);
	int rc;

	if (err != CS_OK && err != CS_ERR_TRY_AGAIN)
		return err == CS_ERR_LIBRARY || err == CS_ERR_BAD_HANDLE ? -ENOTCONN : sg_cs_errno(err);
	if (l->error)
		return l->error;
	/* track changes are requests of their own: never from inside dispatch */
	if (l->tracks_dirty && (rc = sync_tracks(l)) < 0)
		return rc;
	return do_rereads(l);
}

/* A supervisor died: probe every entry that names its pid. */
static void pid_died(struct sg_live *l, uint32_t pid)
{
	for (size_t i = 0; i < l->t.nsam; i++)
		if (l->t.sam[i].pid == pid)
			l->t.sam[i].probed = 0;
	for (size_t i = 0; i < l->t.nsg; i++)
		if ((uint32_t)l->t.sg[i].supervisor.pid == pid)
			l->t.sg[i].probed = 0;
	l->changed = 1;
}

int sg_live_handle(struct sg_live *l, const struct pollfd *pfd, size_t n)
{
	int rc = 0;

	if (n == 0)
		return 0;
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return -ENOTCONN;
	if (pfd[0].revents & POLLIN)
		rc = sg_live_dispatch(l);
	/* pfd[1..] are the pidfds in l->pw order (nothing changed them since) */
	for (size_t i = 1; i < n && i - 1 < l->npw; i++)
		if (pfd[i].revents & (POLLIN | POLLHUP))
			pid_died(l, l->pw[i - 1].pid);
	return rc;
}

/* Read key into text; returns 0, -ENOENT or -errno. */
static int get_text(cmap_handle_t h, const char *key, char *text, size_t n)
{
	char raw[1024];
	size_t len = sizeof(raw);
	cmap_value_types_t type;
	cs_error_t err = sg_kv_get(h, key, raw, &len, &type);

	if (err != CS_OK)
		return sg_cs_errno(err);
	return sg_cmap_value_text(raw, len, type, text, n) == -EINVAL ? -EINVAL : 0;
}

/* Re-read one leaf of pid into the table (or forget it). */
static int reread(struct sg_live *l, uint32_t pid, const char *leaf, char *text, size_t n)
{
	char key[CMAP_KEYNAME_MAXLEN + 1];
	int rc;

	snprintf(key, sizeof(key), SG_SAM_PREFIX "%" PRIu32 ".%s", pid, leaf);
	rc = get_text(l->h, key, text, n);
	if (rc == -ENOENT) {
		sg_table_unset(&l->t, key);
		return rc;
	}
	if (rc == 0 && sg_table_set(&l->t, key, text) == -ENOMEM)
		return -ENOMEM;
	return rc;
}

int sg_live_refresh(struct sg_live *l)
{
	struct sg_colocation co;
	uint32_t *pids;
	size_t n = l->t.nsam;
	int rc = 0;

	if (l->track_sam_modify || n == 0)
		return 0;
	pids = malloc(n * sizeof(*pids));
	if (pids == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		pids[i] = l->t.sam[i].pid;
	sg_colocate_begin(&co);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct sg_sam_entry *e = sg_table_find_sam(&l->t, pids[i]);
		char text[64];
		uint64_t lu;
		int r, dead;

		if (e == NULL)
			continue;
		lu = e->ss.last_updated_ns;
		dead = e->probed && (!e->exists || e->reused);
		r = reread(l, pids[i], SG_SAM_KEY_LAST_UPDATED, text, sizeof(text));
		if (r < 0 && r != -ENOENT && r != -EINVAL) {
			rc = r;
			break;
		}
		/* keys of a dead pid written again: a new SAM process took it */
		e = sg_table_find_sam(&l->t, pids[i]);
		if (e && dead && e->ss.last_updated_ns != lu)
			want_reread(l, pids[i]);
	}
	if (rc == 0)
		rc = do_rereads(l);
	sg_colocate_end(&co);
	free(pids);
	return rc;
}

int sg_live_resync(struct sg_live *l)
{
	struct sg_table fresh;
	int rc;

	sg_table_init(&fresh);
	rc = sg_scan(l->h, SG_SCAN_FULL, &fresh, NULL);
	if (rc < 0) {
		sg_table_free(&fresh);
		return rc;
	}
	sg_table_free(&l->t);
	l->t = fresh;
	l->changed = 1;
	rc = sync_tracks(l);
	l->nreread = 0;
	sync_pidfds(l);
	return rc;
}

void sg_live_close(struct sg_live *l)
{
	while (l->ntracks > 0)
		sg_kv_track_delete(l->h, l->th[--l->ntracks]);
	for (size_t i = 0; i < l->nst; i++)
		sg_kv_track_delete(l->h, l->st[i].th);
	free(l->st);
	l->st = NULL;
	l->nst = 0;
	free(l->reread);
	l->reread = NULL;
	l->nreread = l->capreread = 0;
	for (size_t i = 0; i < l->npw; i++)
		close(l->pw[i].fd);
	free(l->pw);
	l->pw = NULL;
	l->npw = 0;
	sg_table_free(&l->t);
}
